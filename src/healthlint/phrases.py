"""Fast multiword phrase lookup on token lemmas, and re-inflection of replacements.

A trie over normalised words: at each token we follow the child for the token's lower-case
form or its lemma, so "tormented", "Torments" and "torment" all reach an entry written in
dictionary form. Hyphens and line breaks between words are skipped, so "heart-assault" and
"heart\\nassault" match "heart assault". Cost is linear in the number of tokens.
"""
from __future__ import annotations

import bisect
import itertools
import re
import weakref
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import numpy

from .nlp import columns

_WORD = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
_SKIP = {"-", "–", "‐"}
_END = "\x00"


def normalise_words(phrase: str) -> tuple[str, ...]:
    """Split a lexicon phrase the way the tokenizer splits text ("child's" -> child 's)."""
    words: list[str] = []
    for w in _WORD.findall(phrase.lower().replace("’", "'")):
        if w in _SKIP:
            continue
        if w.endswith("'s") and len(w) > 2:
            words.extend([w[:-2], "'s"])
        elif "'" in w and w.endswith("n't"):
            words.extend([w[:-3], "n't"])
        else:
            words.append(w)
    return tuple(words)


@dataclass
class PhraseMatch:
    start: int          # character offsets in the Doc's text
    end: int
    first: int          # token indexes (end exclusive)
    last: int
    value: Any
    key: tuple[str, ...]


class PhraseIndex:
    def __init__(self) -> None:
        self.root: dict = {}
        self.size = 0
        self._version = 0
        self._gate: tuple[int, dict[str, list[tuple[str, ...]]]] | None = None
        self._serial = next(_SERIALS)
        self._words: set[str] = set()

    def add(self, phrase: str | Iterable[str], value: Any) -> None:
        words = normalise_words(phrase) if isinstance(phrase, str) else tuple(phrase)
        if not words:
            return
        node = self.root
        for w in words:
            node = node.setdefault(w, {})
        if _END not in node:
            self.size += 1
        node[_END] = value
        self._version += 1
        self._words.update(words)

    def __len__(self) -> int:
        return self.size

    def get(self, phrase: str) -> Any:
        node = self.root
        for w in normalise_words(phrase):
            node = node.get(w)
            if node is None:
                return None
        return node.get(_END)

    def finditer(self, doc, start_token: int = 0, end_token: int | None = None,
                 candidates: list[int] | None = None) -> Iterator[PhraseMatch]:
        """Non-overlapping matches, leftmost-longest, within doc[start_token:end_token].
        ``candidates``: sorted tokens, a superset of those a match can start at (a caller's own
        gate), used instead of the index's gate (whose tables take a while to build)."""
        if doc.doc is not doc:  # a Span: the same range of its Doc
            span, doc = doc, doc.doc
            end_token = span.end if end_token is None else min(span.start + end_token, span.end)
            start_token += span.start
        end = len(doc) if end_token is None else min(end_token, len(doc))
        starts = self._starts(doc) if candidates is None else candidates
        forms: dict[int, tuple[str, ...] | None] = {}
        item = token_columns(doc).item  # LOWER, LEMMA, IS_SPACE of a token without a Token object
        strings = doc.vocab.strings

        def form(k: int):
            f = forms.get(k, _END)
            if f is _END:
                if item(k, 2):
                    f = None
                else:
                    key = (item(k, 0), item(k, 1))
                    f = _FORMS.get(key, _END)
                    if f is _END:
                        if len(_FORMS) > 200_000:
                            _FORMS.clear()
                        f = _FORMS[key] = _forms_of(strings[key[0]], strings[key[1]] if key[1] else "")
                forms[k] = f
            return f

        def skip(k: int) -> bool:  # a hyphen (doc[k].text in _SKIP; hyphens have no case)
            return item(k, 0) in _SKIP_IDS

        i = start_token
        if starts is None:  # no gate: try every token
            candidates: Iterable[int] = range(start_token, end)
        else:
            candidates = starts[bisect.bisect_left(starts, start_token):bisect.bisect_left(starts, end)]
        for pos in candidates:
            if pos < i:
                continue  # inside the previous match
            i = pos
            if form(i) is None or skip(i):
                continue
            best = None
            stack = [(self.root, i)]
            while stack:
                node, k = stack.pop()
                fk = form(k) if k < end else None
                while k > i and k < end and (skip(k) or (fk is None and "\n\n" not in doc[k].text)):
                    k += 1  # hyphens and line breaks inside a phrase, never a paragraph break
                    fk = form(k) if k < end else None
                if fk is None:
                    continue
                for f in fk:
                    child = node.get(f)
                    if child is None:
                        continue
                    if _END in child and (best is None or k > best[0]):
                        best = (k, child[_END])
                    stack.append((child, k + 1))
            if best is None:
                continue
            last = best[0]
            key = tuple(f[-1] for f in (form(k) for k in range(i, last + 1)) if f)
            first_tok, last_tok = doc[i], doc[last]
            yield PhraseMatch(first_tok.idx, last_tok.idx + len(last_tok.text), i, last + 1, best[1], key)
            i = last + 1

    # -- the gate: where can a phrase start at all? ------------------------------------------
    # Walking the trie costs a few Python steps per token, and most tokens of an article start
    # no phrase. So candidate starts are found with numpy over the Doc's LOWER/LEMMA hashes: a
    # phrase can only start at token i if every one of its words is a form of some token of the
    # Doc, its first word is a form of token i and its second word a form of the next token
    # (hyphens and line breaks skipped). This is a necessary condition (a superset of the true
    # starts), so the walk from the candidates finds exactly what a walk from every token would.

    def _tables(self) -> "_Gate":
        if self._gate is None or self._gate.version != self._version:
            self._gate = _Gate(self.root, self._version)
        return self._gate

    def _starts(self, doc) -> list[int] | None:
        """Candidate start tokens of a phrase in the Doc (cached on the Doc per index version);
        None for an index too big for its gate to pay off (~30,000 drug names: building the
        tables would take longer than walking from every token of a few hundred articles)."""
        if len(self._words) > GATE_MAX_WORDS:
            return None
        memo = _memo(doc)
        version = (self._serial, self._version)
        starts = memo.get(version)
        if starts is None:
            starts = memo[version] = self._tables().starts(*_doc_arrays(doc))
        return starts


class _Gate:
    """The index's words and phrases as numpy arrays (see PhraseIndex._starts)."""

    def __init__(self, root: dict, version: int) -> None:
        from spacy.strings import hash_string
        self.version = version
        keys: list[tuple[str, ...]] = []

        def walk(node: dict, path: tuple[str, ...]) -> None:
            for w, child in node.items():
                if w == _END:
                    keys.append(path)
                else:
                    walk(child, path + (w,))
        walk(root, ())
        uses = Counter(w for key in keys for w in set(key))
        wid = {w: i for i, w in enumerate(sorted(uses))}
        words = sorted(uses)
        self.none = len(wid)  # the id of "no word of the index"
        variants: dict[int, int] = {}
        for w, i in wid.items():  # every lower case / lemma string whose _forms() form can be w
            for v in ((w, w.replace("'", "’")) if "'" in w else (w,)):  # (lemmas are lower case)
                for form in (v, v + "-", v + "–", v + "‐"):
                    variants.setdefault(hash_string(form), i)
        self._table(variants)
        # per word: bit 1 if it is a one-word phrase, 2 if it starts a longer one, 4 if it is the
        # second word of a longer one. The (first, second) word pairs of the longer phrases as
        # sorted codes: those of two-word phrases (``pairs``), and of longer ones (``pairs3``),
        # each with the rarest other word of each of its phrases (``rares``: one of these must
        # occur somewhere in the Doc)
        # A 64-bit filter of the pairs first: each word has a class (1 bit of 64, ``klass``), and
        # a first word the classes of the second words that can follow it (``follows``).
        self.role = numpy.zeros(self.none + 1, dtype=numpy.uint8)
        self.klass = numpy.zeros(self.none + 1, dtype=numpy.uint64)
        self.klass[:self.none] = numpy.left_shift(numpy.uint64(1), (numpy.arange(self.none) % 64).astype(numpy.uint64))
        self.follows = numpy.zeros(self.none + 1, dtype=numpy.uint64)
        pairs, longer = set(), {}
        base = self.none + 1
        for key in keys:
            ids = [wid[w] for w in key]
            if len(ids) == 1:
                self.role[ids[0]] |= 1
                continue
            self.role[ids[0]] |= 2
            self.follows[ids[0]] |= self.klass[ids[1]]
            code = ids[0] * base + ids[1]
            if len(ids) == 2:
                pairs.add(code)
            else:
                longer.setdefault(code, set()).add(min(ids[2:], key=lambda i: (uses[words[i]], i)))
        # one sorted array of codes; per code the rarest words one of which must be in the Doc,
        # padded with ``none`` (never present); a two-word pair's phrase needs nothing more
        # (``none + 1``: always present), nor, to keep the table small, a pair of many phrases
        codes = sorted(pairs | set(longer))
        self.pairs = numpy.array(codes or [-1], dtype=numpy.int64)
        self.rares = numpy.full((max(1, len(codes)), _RARES), self.none, dtype=numpy.int64)
        for k, code in enumerate(codes):
            need = longer.get(code) if code not in pairs else None
            if need is None or len(need) > _RARES:
                self.rares[k, 0] = self.none + 1
            else:
                self.rares[k, :len(need)] = sorted(need)

    def _table(self, variants: dict[int, int]) -> None:
        """A cuckoo hash table (two slots per string hash: its low and its high bits), so looking
        up every token of a Doc is a few vectorised numpy steps (searchsorted was 5x slower)."""
        size = 1 << max(10, (2 * len(variants)).bit_length())  # load factor 1/4-1/2: small, cuckoo-safe
        while True:
            mask, keys, vals = size - 1, [0] * size, [self.none] * size

            def place(h: int, i: int) -> bool:
                slot = -1  # where the entry in hand was evicted from
                for _ in range(100):
                    a, b = h & mask, (h >> 32) & mask
                    if not keys[a] or not keys[b]:
                        slot = a if not keys[a] else b
                        keys[slot], vals[slot] = h, i
                        return True
                    slot = b if slot == a else a
                    (keys[slot], h), (vals[slot], i) = (h, keys[slot]), (i, vals[slot])
                return False

            if all(place(h, i) for h, i in variants.items()):
                self.keys = numpy.array(keys, dtype=numpy.uint64)
                self.vals = numpy.array(vals, dtype=numpy.int32)
                self.mask = numpy.uint64(mask)
                return
            size *= 2  # a cycle: retry with a bigger table

    def lookup(self, hashes):
        """Word ids of an array of string hashes (``self.none`` for strings not in the index)."""
        a = (hashes & self.mask).astype(numpy.intp)
        b = ((hashes >> _HIGH) & self.mask).astype(numpy.intp)
        return numpy.where(self.keys[a] == hashes, self.vals[a],
                           numpy.where(self.keys[b] == hashes, self.vals[b], self.none))

    def starts(self, forms, following) -> list[int]:
        """Tokens where a phrase can start: those a one-word phrase is a form of (each is a
        match), and those the first word of a longer phrase is a form of, followed by a token
        its second word is a form of."""
        n = len(forms)
        if not n or not self.none:
            return []
        # word ids of each token's lower case and lemma (row n: "no token"); the lemma is looked
        # up only where it differs from the lower case (most tokens: it does not)
        odd = numpy.flatnonzero(forms[:, 1] != forms[:, 0])
        found = self.lookup(numpy.concatenate((forms[:, 0], forms[odd, 1])))
        ids = numpy.empty((n + 1, 2), dtype=numpy.int64)
        ids[:n, 0] = found[:n]
        ids[:n, 1] = found[:n]
        ids[n] = self.none
        ids[odd, 1] = found[n:]
        lower, lemma = ids[:, 0], ids[:, 1]
        starts = ((self.role[lower[:n]] | self.role[lemma[:n]]) & 1).astype(bool)
        # a longer phrase's first word here (and no one-word phrase), the class of a second word next
        klass = (self.klass[lower] | self.klass[lemma])[following]
        cand = numpy.flatnonzero(((self.follows[lower[:n]] | self.follows[lemma[:n]]) & klass) != 0)
        if len(cand):
            cand = cand[~starts[cand]]
        if len(cand):  # the pair must be that of a phrase (whose rarest other word is in the Doc)
            codes = (ids[cand, :, None] * (self.none + 1) + ids[following[cand]][:, None, :]).ravel()
            pairs = self.pairs
            at = numpy.minimum(numpy.searchsorted(pairs, codes), len(pairs) - 1)
            hit = numpy.flatnonzero(pairs[at] == codes)
            if len(hit):
                present = numpy.zeros(self.none + 2, dtype=bool)
                present[ids] = True
                present[self.none] = False
                present[self.none + 1] = True
                ok = hit[present[self.rares[at[hit]]].any(axis=1)]
                starts[cand[ok >> 2]] = True
        return numpy.flatnonzero(starts).tolist()


def hash_table(hashes: list[int]) -> _Gate:
    """A table of string hashes whose ``lookup(array)`` gives each one's index in ``hashes``
    (``len(hashes)`` for the rest): the phrase gate's vectorised cuckoo lookup, for other gates."""
    table = _Gate.__new__(_Gate)
    table.none = len(hashes)
    table._table({h: i for i, h in enumerate(hashes)})
    return table


_RARES = 4  # rarest words kept per (first, second) pair (more: not checked)
GATE_MAX_WORDS = 10_000  # distinct words of an index above which finditer walks from every token
_HIGH = numpy.uint64(32)
_SERIALS = itertools.count()
_DOCS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # Doc -> memo (arrays, start positions)


_LAST: tuple = (None, None)  # (Doc, memo) of the last call: checks ask for one Doc many times in a row


def _memo(doc) -> dict:
    global _LAST
    last = _LAST
    if last[0] is doc:
        return last[1]
    memo = _DOCS.get(doc)  # (a WeakKeyDictionary lookup makes a weak reference each time)
    if memo is None:
        memo = _DOCS[doc] = {}
    _LAST = (doc, memo)
    return memo


def token_columns(doc):
    """``doc.to_array([LOWER, LEMMA, IS_SPACE, SENT_START])``, once per Doc (shared by the phrase
    gate and the spin sentence counts: one to_array call costs about a third of the gate)."""
    memo = _memo(doc)
    cached = memo.get("columns")
    if cached is None:
        cached = memo["columns"] = columns(doc, ("LOWER", "LEMMA", "IS_SPACE", "SENT_START"))
    return cached


def _doc_arrays(doc):
    """The Doc's LOWER and LEMMA hashes per token, and for each token the index of the next
    token a phrase can continue on (hyphens and in-paragraph whitespace skipped; len(doc) if
    none); computed once per Doc."""
    memo = _memo(doc)
    cached = memo.get("arrays")
    if cached is None:
        cols = token_columns(doc)
        n = len(cols)
        lower = cols[:, 0]
        skip = (lower == _SKIP_HASHES[0]) | (lower == _SKIP_HASHES[1]) | (lower == _SKIP_HASHES[2])
        space = numpy.flatnonzero(cols[:, 2])
        if len(space):  # whitespace: skipped unless a paragraph break (its text is its lower case)
            strings = doc.vocab.strings
            breaks = [_BREAKS.get(h) for h in cols[space, 0].tolist()]
            for j, h in enumerate(breaks):
                if h is None:
                    h = int(cols[space[j], 0])
                    breaks[j] = _BREAKS[h] = "\n\n" in strings[h]
            skip[space] = ~numpy.array(breaks, dtype=bool)
        # following[i] = the first token after i that is not skipped (n if none)
        at_or_after = numpy.minimum.accumulate(numpy.where(skip, n, numpy.arange(n))[::-1])[::-1]
        following = numpy.append(at_or_after[1:], n)
        cached = memo["arrays"] = (cols[:, :2], following)
    return cached


def _skip_hashes():
    from spacy.strings import hash_string
    return numpy.array([hash_string(s) for s in _SKIP], dtype=numpy.uint64)


_FORMS: dict[tuple[int, int], tuple[str, ...]] = {}
_BREAKS: dict[int, bool] = {}  # LOWER hash of a whitespace token -> holds a paragraph break  # (LOWER, LEMMA) hashes -> _forms_of(...)


def _forms(token) -> tuple[str, ...] | None:
    if token.is_space:
        return None
    return _forms_of(token.lower_, token.lemma_)


def _forms_of(lower: str, lemma: str) -> tuple[str, ...]:
    """The forms a non-space token with this lower case and lemma matches phrase words on."""
    low = lower.replace("’", "'")
    lemma = (lemma or low).lower().replace("’", "'")
    if len(low) > 1 and low[-1] in "-–‐" :  # "heart-" at a line break before "assault"
        low = lemma = low.rstrip("-–‐")
    if lemma == low or not lemma:
        return (low,)
    return (low, lemma)


# ---------------------------------------------------------------------------------------
# Keeping the original's case and inflection in a replacement


_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def _title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_]+", text) if w.lower() not in _SMALL_WORDS]
    return len(words) > 1 and all(w[0].isupper() for w in words)


def match_case(original: str, replacement: str) -> str:
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if _title_case(original):  # a Title Case heading: "Decrease Again Torment" -> "Lower Back Pain"
        return " ".join(w if (i and w in _SMALL_WORDS) or w[:1].isupper() else w[:1].upper() + w[1:]
                        for i, w in enumerate(replacement.split(" ")))
    if original[:1].isupper() and not replacement[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def pluralize(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def past(word: str) -> str:
    irregular = {"be": "was", "do": "did", "go": "went", "have": "had", "make": "made", "take": "took",
                 "get": "got", "feel": "felt", "keep": "kept", "hold": "held", "sit": "sat", "stand": "stood",
                 "lie": "lay", "sleep": "slept", "eat": "ate", "drink": "drank", "run": "ran", "bend": "bent",
                 "lose": "lost", "tell": "told", "find": "found", "give": "gave", "rise": "rose", "begin": "began"}
    if word in irregular:
        return irregular[word]
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ied"
    return word + "ed"


def gerund(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")):
        return word[:-1] + "ing"
    return word + "ing"


def _inflect(word: str, token) -> str:
    tag = token.tag_ or ""
    low = token.lower_
    if tag in ("NNS", "NNPS") or (not tag and low.endswith("s")):
        return pluralize(word)
    if tag in ("VBD", "VBN") or (not tag and low.endswith("ed")):
        return past(word)
    if tag == "VBG" or (not tag and low.endswith("ing")):
        return gerund(word)
    if tag == "VBZ":
        return pluralize(word)
    return word


def _inflected(token) -> bool:
    return token.lower_ != (token.lemma_ or token.lower_).lower() and token.lower_ != "'s"


def inflect_like(tokens, replacement: str) -> str:
    """Give ``replacement`` (dictionary form) the inflection and case of the matched tokens.

    The inflected token of the match (its form differs from its lemma) passes its inflection
    to the replacement's head: the last word when it was the last token, else the first.
    """
    words = replacement.split(" ")
    content = [t for t in tokens if not t.is_space and not t.is_punct]
    # "fruit and vegetable": both coordinated nouns take the inflection ("fruits and vegetables")
    both = len(words) == 3 and words[1] in ("and", "or")
    if content and words:
        last, first = content[-1], content[0]
        if _inflected(last) and not (last.pos_ == "NOUN" and first.pos_ == "VERB" and _inflected(first)):
            words[-1] = _inflect(words[-1], last)
            if both:
                words[0] = _inflect(words[0], last)
        elif len(content) > 1 and _inflected(first) and (first.pos_ in ("VERB", "AUX") or not first.pos_):
            words[0] = _inflect(words[0], first)
            if both:
                words[-1] = _inflect(words[-1], first)
    text = " ".join(words)
    original = "".join(t.text_with_ws for t in tokens).strip()
    return match_case(original, text)


_SKIP_HASHES = _skip_hashes()
_SKIP_IDS = frozenset(_SKIP_HASHES.tolist())
