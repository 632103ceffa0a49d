"""Sentences of a document as comparable units, and bounded indexes to find similar pairs.

A unit is one sentence of body text (headings and titles are left out: "How to do it" may head
every exercise). Each unit carries its word forms, its lemmas and a normalised key (lower case,
no punctuation) so exact, near and spun repeats can all be compared without re-tokenising.

Speed: which sentences are units, and their words, are found once per document (``unit_table``)
from the Doc's token arrays (``Doc.to_array``), never from Token objects; a Unit object is made
only when a check asks for it (``UnitTable.unit``). Words and lemmas are held as spaCy string
hashes; a unit builds its word and lemma strings only when a check asks.

Finding similar pairs never compares all pairs: every unit is indexed by its features (e.g.
lemma bigrams), a feature shared by more than ``max_postings`` units (e.g. "of the") is ignored,
and only units sharing at least ``min_shared`` features are scored. ``candidate_pairs`` does
that with Python sets; ``bigram_pairs`` gives the same pairs for lemma bigrams with numpy, and
``sentence_bigram_pairs`` the same again over all sentences at once (before any unit is made).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Iterator

import numpy as np
from spacy.strings import get_string_id

BODY_KINDS = {"paragraph", "list_item", "blockquote", "table_cell"}
HYPHENS = ("-", "–", "‐")

# token flags (bits)
SPACE, PUNCT, HYPHEN, PARA_BREAK = 1, 2, 4, 8

_HYPHEN_HASHES = [np.uint64(get_string_id(h)) for h in HYPHENS]
_MIX = np.uint64(0x9E3779B97F4A7C15)
_LOWERED: dict[int, int] = {}  # lemma hash -> hash of the lemma in lower case (most: itself)
_LOWER_CASE: set[int] = set()  # the lemma hashes that are their own lower case
_LOWER_MASK = np.uint64((1 << 16) - 1)
_LOWER_TABLE = np.zeros(1 << 16, dtype=np.uint64)  # some of _LOWER_CASE, each at its low 16 bits
_BREAKS: dict[int, bool] = {}  # hash of a whitespace token's text -> holds "\n\n"


class Tokens:
    """Token arrays of one Doc, made once (``tokens(document)``) from the shared
    ``phrases.token_columns`` and the document's token table (``nlp.column``: IDX, IS_PUNCT).

    Strings are identified by their spaCy hash (as spaCy itself does). ``word``: the lower-case
    form with ’ as ' (``Unit.words``); ``lemma``: (lemma or lower case) in lower case
    (``Unit.lemmas``); ``form``/``lemma_form``: the two forms ``phrases._forms`` matches on.
    Only tokens holding ’ or ending in a hyphen need a string look at; they are found in the text.
    """

    def __init__(self, doc, text: str) -> None:
        """``text``: ``doc.text`` (passed in: the Doc builds it from its tokens on every call)."""
        from .nlp import column
        from .phrases import token_columns
        self.doc = doc
        strings = self.strings = doc.vocab.strings
        n = len(doc)
        cols = token_columns(doc)  # LOWER, LEMMA, IS_SPACE, SENT_START (shared with other checks)
        lower, lemma = cols[:, 0], cols[:, 1]
        self.idx = column(doc, "IDX").astype(np.int64)  # (the document's token table: read-only)
        starts = (cols[:, 3] == 1).nonzero()[0]
        if n and (not len(starts) or starts[0] != 0):
            starts = np.concatenate([[0], starts])
        self.sent_starts = starts
        flags = (cols[:, 2] * SPACE + column(doc, "IS_PUNCT") * PUNCT).astype(np.int64)
        self.word = lower.copy()
        # lemma: the lower case where there is none; lower-cased (checked once per lemma hash)
        lemma = np.where(lemma == 0, lower, lemma)
        odd_set = None
        odd = lemma[lemma != lower]
        if len(odd):  # most lemmas are known to be in lower case: a table by hash answers them
            odd = odd[_LOWER_TABLE[(odd & _LOWER_MASK).astype(np.intp)] != odd]
            if len(odd):
                odd_set = set(odd.tolist()) - _LOWER_CASE
        if odd_set:  # lemmas new to this process or not in lower case: only those are looked at
            for h in odd_set.difference(_LOWERED):
                _LOWERED[h] = low = strings.add(strings[h].lower())
                if low == h:
                    _LOWER_CASE.add(h)
                    _LOWER_TABLE[h & int(_LOWER_MASK)] = h  # (a later hash may take the slot)
            odd = sorted(h for h in odd_set if _LOWERED[h] != h)
            if odd:
                lemma = _replace(lemma, odd, [_LOWERED[h] for h in odd])
        self.lemma = lemma
        self.form = lower.copy()
        self.lemma_form = lemma.copy()
        if n and "\n\n" in text:
            # "\n\n" lies inside one whitespace token (spaCy keeps a run of whitespace in one
            # token): those whose text (their lower case) holds one, checked once per hash
            space = cols[:, 2].nonzero()[0]
            breaks = [_BREAKS.get(h) for h in lower[space].tolist()]
            if None in breaks:
                for j, h in enumerate(breaks):
                    if h is None:
                        h = int(lower[space[j]])
                        breaks[j] = _BREAKS[h] = "\n\n" in strings[h]
            flags[space[np.array(breaks, dtype=bool)]] |= PARA_BREAK
        self.flags = flags
        if n and "’" in text:
            lemma_col = cols[:, 1]
            for i in sorted(set(self._tokens_at(_find_all(text, "’")).tolist())):
                low = strings[int(lower[i])]  # (doc[i].lower_, without a Token object)
                lem = int(lemma_col[i])
                self.word[i] = self.form[i] = strings.add(low.replace("’", "'"))
                self.lemma_form[i] = strings.add((strings[lem] if lem else low).lower().replace("’", "'"))
        if n and ("-" in text or "–" in text or "‐" in text):
            at = _find_all(text, "-")
            for dash in ("–", "‐"):
                if dash in text:
                    at = sorted(at + _find_all(text, dash))
            at = np.array(at, dtype=np.int64)
            toks = self.idx.searchsorted(at, side="right") - 1
            tok_start = self.idx[toks]
            # a token that is a hyphen (lower == "-", "–" or "‐"): one character, at a hyphen
            flags[toks[(tok_start == at) & (column(doc, "LENGTH")[toks] == 1)]] |= HYPHEN
            for i in sorted(set(toks[tok_start < at].tolist())):  # a hyphen after a token's first character
                low = strings[int(lower[i])].replace("’", "'")  # (doc[i].lower_)
                if len(low) > 1 and low[-1] in "-–‐":  # "heart-" at a line break: both forms drop it
                    self.form[i] = self.lemma_form[i] = strings.add(low.rstrip("-–‐"))

    def _tokens_at(self, positions: list[int]) -> np.ndarray:
        return self.idx.searchsorted(np.array(positions, dtype=np.int64), side="right") - 1


def _find_all(text: str, sub: str) -> list[int]:
    """Offsets of the non-overlapping occurrences of ``sub`` (those of re.finditer; str.find is faster)."""
    out = []
    at = text.find(sub)
    while at >= 0:
        out.append(at)
        at = text.find(sub, at + len(sub))
    return out


def _replace(values: np.ndarray, old: list[int], new: list[int]) -> np.ndarray:
    old_a, new_a = np.array(old, dtype=np.uint64), np.array(new, dtype=np.uint64)
    pos = old_a.searchsorted(values)
    pos[pos == len(old_a)] = 0
    hit = old_a[pos] == values
    out = values.copy()
    out[hit] = new_a[pos[hit]]
    return out


def unique(values: np.ndarray) -> np.ndarray:
    """np.unique(values) (sorted distinct values), without numpy 2's hash path, slow on small arrays."""
    ordered = values.copy()
    ordered.sort()
    keep = np.empty(len(ordered), dtype=bool)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def unique_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(values, return_counts=True)."""
    ordered = values.copy()
    ordered.sort()
    keep = np.empty(len(ordered), dtype=bool)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    firsts = keep.nonzero()[0]
    counts = np.empty(len(firsts), dtype=np.int64)
    np.subtract(firsts[1:], firsts[:-1], out=counts[:-1])
    counts[-1:] = len(ordered) - firsts[-1:]
    return ordered[firsts], counts


def dense(values: np.ndarray) -> np.ndarray:
    """np.unique(values, return_inverse=True)[1]: numbers 0.. in the order of the values."""
    order = values.argsort()  # ties in any order: equal values get one number all the same
    ordered = values[order]
    step = np.zeros(len(ordered), dtype=np.int64)
    np.not_equal(ordered[1:], ordered[:-1], out=step[1:], casting="unsafe")
    out = np.empty(len(values), dtype=np.int64)
    out[order] = step.cumsum()
    return out


def tokens(document) -> Tokens:
    cached = document.cache.get("sentunits.tokens")
    if cached is None:
        cached = document.cache["sentunits.tokens"] = Tokens(document.doc, document.text)
    return cached


class Unit:
    """One body sentence: offsets (whitespace trimmed), block, section, and the numbers of its
    words (no spaces, no punctuation) in ``table``; word and lemma strings are made on demand."""

    __slots__ = ("index", "start", "end", "block", "section", "lo", "hi", "first_token", "end_token",
                 "table", "_words", "_lemmas", "_code")

    def __init__(self, index, start, end, block, section, lo, hi, first_token, end_token, table):
        self.index, self.start, self.end, self.block, self.section = index, start, end, block, section
        self.lo, self.hi = lo, hi                  # range in table.word / table.lemma (kept tokens)
        self.first_token, self.end_token = first_token, end_token  # Doc tokens, spaces trimmed
        self.table = table
        self._words = self._lemmas = self._code = None

    @property
    def n_words(self) -> int:
        return self.hi - self.lo

    @property
    def words(self) -> list[str]:
        """Lower-case word forms (’ as '), punctuation and spaces left out."""
        if self._words is None:
            strings = self.table.strings
            self._words = [strings[w] for w in self.table.word[self.lo:self.hi].tolist()]
        return self._words

    @property
    def lemmas(self) -> list[str]:
        if self._lemmas is None:
            strings = self.table.strings
            self._lemmas = [strings[w] for w in self.table.lemma[self.lo:self.hi].tolist()]
        return self._lemmas

    @property
    def key(self) -> str:
        """The sentence compared word for word: lower case, no punctuation."""
        return " ".join(self.words)

    @property
    def code(self) -> bytes:
        """Equal for two units exactly when their keys are equal (cheaper to make)."""
        if self._code is None:
            self._code = self.table.word[self.lo:self.hi].tobytes()
        return self._code


class UnitTable:
    """The units of a document, with their kept tokens' numbers in flat arrays. Which sentences
    are units, and their words, are found with numpy; the Unit objects themselves (offsets,
    trimming) are made on demand (``unit(k)``, ``units``): the checks mostly need a few."""

    def __init__(self, document) -> None:
        if document.doc is None or not len(document.doc):
            self.word = self.lemma = self.token = self.unit_of = self.unit_of_sent = self.sizes = np.zeros(0, dtype=np.int64)
            self._made: list[Unit | None] = []
            self._all_made = True
            return
        toks = tokens(document)
        self.strings = toks.strings
        self.document, self.toks = document, toks
        kept, sent_of, counts = _all_sentence_words(toks)
        starts = toks.sent_starts
        self.bounds = np.concatenate([[0], counts.cumsum()]).tolist()
        self.token = kept
        self.word = toks.word[kept]
        self.lemma = toks.lemma[kept]
        # a sentence is a unit when it starts inside a body block and has words
        blocks = document.blocks
        start_chars = toks.idx[starts]
        if blocks:
            block_starts = np.array([b.start for b in blocks], dtype=np.int64)
            block_ends = np.array([b.end for b in blocks], dtype=np.int64)
            body = np.array([b.kind in BODY_KINDS for b in blocks])
            b = block_starts.searchsorted(start_chars, side="right") - 1
            inside = b >= 0
            b_safe = np.where(inside, b, 0)
            is_unit = inside & (start_chars <= block_ends[b_safe]) & body[b_safe] & (counts > 0)
        else:
            b_safe = np.zeros(len(starts), dtype=np.int64)
            is_unit = np.zeros(len(starts), dtype=bool)
        self.block_of_sent = b_safe
        self.sent_of_unit = is_unit.nonzero()[0]
        unit_of_sent = np.full(len(starts), -1, dtype=np.int64)
        unit_of_sent[self.sent_of_unit] = np.arange(len(self.sent_of_unit))
        self.unit_of = unit_of_sent[sent_of]
        self.unit_of_sent = unit_of_sent
        self.sizes = counts[self.sent_of_unit].astype(np.int64)
        self._made = [None] * len(self.sent_of_unit)
        self._all_made = False

    def unit(self, k: int) -> Unit:
        """Unit number k (made once)."""
        made = self._made[k]
        if made is None:
            made = self._made[k] = self._make(k)
        return made

    @property
    def units(self) -> list[Unit]:
        if not self._all_made:
            for k in range(len(self._made)):
                self.unit(k)
            self._all_made = True
        return self._made

    def _make(self, k: int) -> Unit:
        toks, text = self.toks, self.document.text
        s = int(self.sent_of_unit[k])
        idx, starts = toks.idx, toks.sent_starts
        n_tokens = len(idx)
        start_char = int(idx[starts[s]])
        end = int(starts[s + 1]) if s + 1 < len(starts) else n_tokens
        # the sentence's text runs to its last token; what follows it up to the next
        # sentence is whitespace, so trimming either gives the same span
        sent_text = text[start_char:int(idx[end]) if end < n_tokens else len(text)]
        stripped = sent_text.lstrip()
        u_start = start_char + len(sent_text) - len(stripped)
        u_end = u_start + len(stripped.rstrip())
        # tokens of the trimmed span (char_span(..., "expand")): leading/trailing spaces dropped
        first_tok = int(idx.searchsorted(u_start, side="right")) - 1
        end_tok = int(idx.searchsorted(u_end, side="left"))
        block = self.document.blocks[int(self.block_of_sent[s])]
        return Unit(k, u_start, u_end, block.index, block.section, self.bounds[s], self.bounds[s + 1],
                    first_tok, end_tok, self)


def unit_table(document) -> UnitTable:
    cached = document.cache.get("sentunits.table")
    if cached is None:
        cached = document.cache["sentunits.table"] = UnitTable(document)
    return cached


def sentence_units(document) -> list[Unit]:
    """Body sentences with their words; cached on the document (several checks use them)."""
    return unit_table(document).units


def shingles(tokens: list[str], n: int = 2) -> frozenset:
    if len(tokens) < n:
        return frozenset([tuple(tokens)]) if tokens else frozenset()
    return frozenset(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def candidate_pairs(features: list[frozenset], min_shared: int = 2, max_postings: int = 40
                    ) -> Iterator[tuple[int, int, int]]:
    """(i, j, shared) with i < j for feature sets sharing >= min_shared features.

    Features occurring in more than ``max_postings`` sets are skipped: that bounds the work per
    set, so the whole pass stays linear in the number of sets.
    """
    postings: dict = defaultdict(list)
    for j, feats in enumerate(features):
        counts: dict[int, int] = defaultdict(int)
        for f in feats:
            plist = postings[f]
            if len(plist) <= max_postings:
                for i in plist:
                    counts[i] += 1
                plist.append(j)
        for i, shared in counts.items():
            if shared >= min_shared:
                yield i, j, shared


def pairs_above(features: list[frozenset], threshold: float, eligible: Iterable[bool] | None = None,
                min_shared: int = 2, max_postings: int = 40) -> Iterator[tuple[int, int, float]]:
    """Pairs (i, j, jaccard) with jaccard >= threshold, found through the bounded index."""
    ok = list(eligible) if eligible is not None else [True] * len(features)
    for i, j, _shared in candidate_pairs(features, min_shared, max_postings):
        if ok[i] and ok[j]:
            sim = jaccard(features[i], features[j])
            if sim >= threshold:
                yield i, j, sim


def bigram_pairs(table: UnitTable, threshold: float, eligible: np.ndarray, min_shared: int = 2,
                 max_postings: int = 40, work: dict | None = None) -> list[tuple[int, int, float]]:
    """``pairs_above`` over the units' lemma-bigram shingles (``shingles(unit.lemmas, 2)``),
    computed with numpy: the same pairs, ordered by (j, i). ``work`` (optional) receives the
    number of (feature, unit) rows and of (earlier, later) holder pairs enumerated."""
    n_units = len(table.units)
    if n_units < 2 or int(eligible.sum()) < 2:
        return []
    return _bigram_pairs_bounded(table, threshold, eligible, min_shared, max_postings, work)


def _postings(rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct sorted (feature * n + owner) rows -> (owner of each row, first row of its feature,
    its rank among the feature's holders: 0 for the first)."""
    features, owners = np.divmod(rows, n)
    positions = np.arange(len(rows))
    new = np.empty(len(rows), dtype=bool)
    new[:1] = True
    np.not_equal(features[1:], features[:-1], out=new[1:])
    start = np.maximum.accumulate(np.where(new, positions, 0))
    return owners, start, positions - start


def _holder_pairs(owners, start, rank, later) -> tuple[np.ndarray, np.ndarray]:
    """Every (earlier holder, later holder) pair of a feature, for the rows ``later``."""
    reps = rank[later]
    offsets = np.arange(int(reps.sum())) - (reps.cumsum() - reps).repeat(reps)
    return owners[start[later].repeat(reps) + offsets], owners[later].repeat(reps)


def _bigram_pairs_bounded(table: UnitTable, threshold: float, eligible: np.ndarray, min_shared: int,
                          max_postings: int, work: dict | None = None) -> list[tuple[int, int, float]]:
    n_units = len(table.units)
    inside = table.unit_of >= 0
    unit_of = table.unit_of[inside]
    lemma = dense(table.lemma[inside])
    # one feature per adjacent pair of words in a unit; a one-word unit is its own feature
    at = (unit_of[1:] == unit_of[:-1]).nonzero()[0]
    features = lemma[at] * (int(lemma.max()) + 1) + lemma[at + 1]
    owners = unit_of[at]
    sizes = table.sizes
    if (sizes == 1).any():
        single = (sizes[unit_of] == 1).nonzero()[0]
        features = np.concatenate([features, -1 - lemma[single]])
        owners = np.concatenate([owners, unit_of[single]])
    # distinct (feature, unit) rows, by feature then unit
    rows = unique(features * n_units + owners)
    owners, start, rank = _postings(rows, n_units)
    n_feats = np.bincount(owners, minlength=n_units)
    # a feature counts for unit j only while at most max_postings earlier units hold it
    # (candidate_pairs' bounded postings lists)
    later = (rank > 0).nonzero()[0]
    if not len(later):
        return []
    capped = bool(rank[later].max() > max_postings)
    if capped:
        later = later[rank[later] <= max_postings]
    if work is not None:
        work["rows"], work["pairs"] = len(rows), int(rank[later].sum())
    i_units, j_units = _holder_pairs(owners, start, rank, later)
    both = eligible[i_units] & eligible[j_units]
    codes, shared = unique_counts(j_units[both] * n_units + i_units[both])
    hits = shared >= min_shared
    codes, shared = codes[hits], shared[hits]
    j_all, i_all = np.divmod(codes, n_units)
    if not capped:  # the counted features are all the shared ones
        ok = shared / (n_feats[i_all] + n_feats[j_all] - shared) >= threshold
        codes, shared, i_all, j_all = codes[ok], shared[ok], i_all[ok], j_all[ok]
    out = []
    sets: dict[int, frozenset] = {}
    for i, j, inter in zip(i_all.tolist(), j_all.tolist(), shared.tolist()):
        if capped:  # count the shared features the bounded lists left out
            for x in (i, j):
                if x not in sets:
                    sets[x] = shingles(table.units[x].lemmas, 2)
            inter = len(sets[i] & sets[j])
        sim = inter / (int(n_feats[i]) + int(n_feats[j]) - inter)
        if sim >= threshold:
            out.append((i, j, sim))
    return out


# -- gates: the same questions over all sentences, before any unit is made -------------------
# Units are the body sentences of a document, with the same words and lemmas as the Doc's
# sentences in the token arrays. So a repeat or a similar pair among the units is one among
# all sentences: asking it of all sentences (cheap: no units, no offsets) and finding none
# proves the checks would find nothing.


def _all_sentence_words(toks: Tokens) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kept tokens (no spaces, no punctuation): (their numbers in the token arrays, their
    sentence numbers, words per sentence); made once per document."""
    cached = toks.__dict__.get("_sentence_words")
    if cached is None:
        kept = ((toks.flags & (SPACE | PUNCT)) == 0).nonzero()[0]
        sent_of = toks.sent_starts.searchsorted(kept, side="right") - 1
        sizes = np.bincount(sent_of, minlength=len(toks.sent_starts))
        cached = toks.__dict__["_sentence_words"] = (kept, sent_of, sizes)
    return cached


def _sentence_words(toks: Tokens, min_words: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kept tokens of sentences with >= min_words of them: (their numbers in the token arrays,
    their sentence numbers, words per sentence)."""
    kept, sent_of, sizes = _all_sentence_words(toks)
    if min_words <= 1:
        return kept, sent_of, sizes
    ok = sizes[sent_of] >= min_words
    return kept[ok], sent_of[ok], sizes


def repeated_sentences(document, min_words: int) -> list[int]:
    """Sentences (numbers, ascending) of >= min_words words whose words (Unit.code) another
    such sentence has too; no repeat of units (body sentences) can be outside them."""
    if document.doc is None or not len(document.doc):
        return []
    toks = tokens(document)
    kept, sent_of, sizes = _sentence_words(toks, max(min_words, 1))
    if int((sizes >= max(min_words, 1)).sum()) < 2:
        return []
    words = toks.word[kept]
    firsts = np.concatenate([[True], sent_of[1:] != sent_of[:-1]]).nonzero()[0]
    # first a signature per sentence (its number of words and the sum of its words' hashes):
    # equal words give equal signatures; only sentences sharing one are compared word by word
    signature = np.add.reduceat(words, firsts) + sizes[sent_of[firsts]].astype(np.uint64) * _MIX
    order = signature.argsort()
    ordered = signature[order]
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return []
    shared = np.zeros(len(ordered), dtype=bool)
    shared[1:] = same
    shared[:-1] |= same
    ends = firsts[1:].tolist() + [len(words)]
    groups: dict[bytes, list[int]] = {}
    for k in sorted(order[shared].tolist()):
        groups.setdefault(words[firsts[k]:ends[k]].tobytes(), []).append(int(sent_of[firsts[k]]))
    return sorted(s for group in groups.values() if len(group) > 1 for s in group)


def sentence_bigram_pairs(document, threshold: float, min_words: int, max_postings: int = 40,
                          gate_postings: int = 100) -> list[tuple[int, int, float]] | None:
    """``bigram_pairs`` of the units, as sentence numbers: (i, j, Jaccard) for sentences of >=
    min_words words sharing >= 2 lemma bigrams with Jaccard >= threshold, ordered by (j, i);
    [] when there is none. Computed over all sentences (units are some of them), so when no
    bigram is in more than max_postings + 1 sentences, bigram_pairs' bounded lists drop
    nothing and the pairs of units are exactly these. Otherwise None (the caller asks
    bigram_pairs), unless no pair reaches the threshold at all (checked up to gate_postings)."""
    if min_words < 2:
        return None  # one-word units have their own kind of feature: not done here
    if document.doc is None or not len(document.doc):
        return []
    toks = tokens(document)
    kept, sent_of, sizes = _all_sentence_words(toks)  # (one-word sentences make no bigram)
    n_sents = len(sizes)
    eligible = sizes >= min_words
    if int(eligible.sum()) < 2:
        return []
    lemma = dense(toks.lemma[kept])
    at = (sent_of[1:] == sent_of[:-1]).nonzero()[0]
    rows = unique((lemma[at] * (int(lemma.max()) + 1) + lemma[at + 1]) * n_sents + sent_of[at])
    owners, start, rank = _postings(rows, n_sents)
    n_feats = np.bincount(owners, minlength=n_sents)
    later = (rank > 0).nonzero()[0]
    if not len(later):
        return []
    top = int(rank[later].max())
    if top > gate_postings:
        return None
    i_s, j_s = _holder_pairs(owners, start, rank, later)
    both = eligible[i_s] & eligible[j_s]
    codes = j_s[both] * n_sents + i_s[both]
    if n_sents <= 400:  # shared bigrams per pair counted in an n x n table (no sort)
        counts = np.bincount(codes, minlength=n_sents * n_sents)
        codes = counts.nonzero()[0]
        shared = counts[codes]
    else:
        codes, shared = unique_counts(codes)
    j_all, i_all = np.divmod(codes, n_sents)
    sim = shared / (n_feats[i_all] + n_feats[j_all] - shared)
    ok = sim >= threshold
    if not ok.any():
        return []
    if top > max_postings:
        return None
    ok &= shared >= 2
    return list(zip(i_all[ok].tolist(), j_all[ok].tolist(), sim[ok].tolist()))
