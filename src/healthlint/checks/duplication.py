"""Types for repeated text: ``duplicate-sentence`` (exact), ``near-duplicate-sentence``,
``spun-duplicate-sentence`` and ``repetitive-page`` (Gopher repetition statistics).

duplicate-sentence options:       min_words (6)
near-duplicate-sentence options:  min_words (8), threshold (Jaccard of lemma bigrams), max_postings
spun-duplicate-sentence options:  min_words (6), threshold (Jaccard of content lemmas after un-spinning),
                                  lexicon (spin.tsv, optional), key/value columns, phrases {spun: plain}
repetitive-page options:          min_words (50), thresholds {stat: value} (default: Gopher's)

Every sentence finding points at the later copy and links the first one in ``related``.

Speed (about 0.5 ms of CPU per news article for the four, a third of it the shared token
arrays): each sentence check first asks its question of all sentences at once from the token
arrays (sentunits.repeated_sentences, sentence_bigram_pairs, SpunDuplicateSentence.phrase_starts);
their answers are exact, so most documents stop there, and the rest make Unit objects only for
the sentences the answer names (UnitTable.unit). repetitive-page computes the Gopher statistics
only for pages an exact cheap bound cannot clear (repetition.may_exceed).
"""
from __future__ import annotations

from difflib import SequenceMatcher

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.strings import get_string_id

from ..findings import Related
from ..phrases import _END, PhraseIndex, normalise_words
from ..repetition import GOPHER_THRESHOLDS, exceeded, may_exceed, repetition_stats
from ..sentunits import (HYPHEN, PARA_BREAK, SPACE, Unit, bigram_pairs, jaccard, pairs_above, repeated_sentences,
                         sentence_bigram_pairs, sentence_units, shingles, tokens, unit_table)
from . import Check, register


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def deletion_span(document, unit: Unit) -> tuple[int, int]:
    """Span to delete so that removing ``unit`` leaves clean text (no double space, no empty item)."""
    text = document.text
    block = document.blocks[unit.block]
    body_start = block.start + len(text[block.start:block.end]) - len(text[block.start:block.end].lstrip())
    body_end = block.start + len(text[block.start:block.end].rstrip())
    if unit.start <= body_start and unit.end >= body_end:  # the whole block: drop it and one separator
        if block.index > 0:
            return document.blocks[block.index - 1].end, block.end
        if block.index + 1 < len(document.blocks):
            return block.start, document.blocks[block.index + 1].start
        return block.start, block.end
    after = unit.end
    while after < body_end and text[after].isspace():
        after += 1
    if after < body_end:  # more text follows in the block: take the trailing space with it
        return unit.start, after
    before = unit.start
    while before > body_start and text[before - 1].isspace():
        before -= 1
    return before, unit.end


class _SentenceRepeat(Check):
    kind = "copy"

    def report(self, document, first: Unit, later: Unit, similarity: float, confidence: float, fix: bool,
               safe: bool | None = None, severity: str | None = None):
        text = document.text
        first_text = text[first.start:first.end]
        fs, fe = deletion_span(document, later)
        return self.finding(
            later.start, later.end, confidence=confidence, severity=severity,
            replacement="" if fix else None, fix_span=(fs, fe) if fix else None, safe=safe,
            related=[Related(first.start, first.end, f"first {self.kind}: \"{_quote(first_text)}\"")],
            data={"similarity": round(similarity, 3), "first": [first.start, first.end]},
            first=_quote(first_text), similarity=f"{similarity:.2f}")


@register("duplicate-sentence")
class DuplicateSentence(_SentenceRepeat):
    def run(self, document):
        min_words = int(self.options.get("min_words", 6))
        run_min = min(min_words, int(self.options.get("run_min_words", 4)))
        candidates = repeated_sentences(document, run_min)
        if not candidates:
            return  # no two sentences (body or not) have the same words
        # only units among the sentences sharing their words with another can be repeats
        table = unit_table(document)
        first: dict[bytes, Unit] = {}
        copied: dict[int, int] = {}      # unit reported -> the unit it repeats
        short: list[Unit] = []
        for k in table.unit_of_sent[candidates].tolist():
            if k < 0:
                continue  # not body text
            unit = table.unit(k)
            if unit.n_words < min_words:
                short.append(unit)
                continue
            if unit.code in first:  # the same words (unit.key) as an earlier unit
                copied[k] = first[unit.code].index
                yield self.report(document, first[unit.code], unit, 1.0, 0.95, fix=True)
            else:
                first[unit.code] = unit
        # a short sentence is reported only as part of a copied passage: next to a reported
        # sentence, with the same words next to that sentence's first copy
        n_units = len(table.sent_of_unit)
        for unit in short:
            for step in (-1, 1):
                original = copied.get(unit.index + step)
                if original is None or not 0 <= original - step < n_units or original - step == unit.index:
                    continue
                earlier, neighbour = table.unit(original - step), table.unit(unit.index + step)
                # (each pair of neighbours in one paragraph: a passage, not two lists' stock lines)
                if (earlier.code == unit.code and earlier.block == table.unit(original).block
                        and unit.block == neighbour.block):
                    yield self.report(document, earlier, unit, 1.0, 0.9, fix=True)
                    break


@register("near-duplicate-sentence")
class NearDuplicateSentence(_SentenceRepeat):
    kind = "version"

    def run(self, document):
        min_words = int(self.options.get("min_words", 8))
        threshold = float(self.options.get("threshold", 0.6))
        containment_ok = self.options.get("containment")
        containment_ok = (float(containment_ok), int(self.options.get("containment_min_words", 10))) if containment_ok else None
        max_postings = int(self.options.get("max_postings", 40))
        pairs = sentence_bigram_pairs(document, threshold / 2, min_words, max_postings, max(max_postings, 100))
        if pairs == []:
            return  # no candidate pair among all sentences, so none among the units
        table = unit_table(document)
        if pairs is None:  # a bigram in too many sentences: the units' own bounded index
            pairs = bigram_pairs(table, threshold / 2, table.sizes >= min_words, max_postings=max_postings)
        else:  # the same pairs, from sentence numbers to unit numbers (some are not units)
            to_unit = table.unit_of_sent
            pairs = [(int(to_unit[i]), int(to_unit[j]), sim) for i, j, sim in pairs
                     if to_unit[i] >= 0 and to_unit[j] >= 0]
        unit = table.unit
        best: dict[int, tuple[float, int]] = {}
        # candidates share bigrams; the score averages bigram and word-set overlap, so one inserted
        # word ("helps to lower") costs less than with bigrams alone
        for i, j, _ in pairs:
            a, b = unit(i), unit(j)
            sim = near_similarity(a, b)
            if sim < threshold and not (containment_ok and _contained(a, b, containment_ok)):
                continue
            if a.code == b.code or _numbers(a) != _numbers(b):
                continue  # exact copies are another rule's; different figures are not a repeat
            if j not in best or sim > best[j][0]:
                best[j] = (sim, i)
        # Below warning_similarity a pair is as often two related statements (drug-label
        # instructions, a paraphrased quote) as a half-edited copy: a hint, not a warning.
        warn_at = float(self.options.get("warning_similarity", 0.0))
        for j, (sim, i) in sorted(best.items()):
            severity = "info" if threshold <= sim < warn_at else None  # contained copies stay warnings
            yield self.report(document, unit(i), unit(j), sim, min(0.95, 0.5 + sim / 2), fix=True, safe=False,
                              severity=severity)


def near_similarity(a: Unit, b: Unit) -> float:
    return (jaccard(shingles(a.lemmas, 2), shingles(b.lemmas, 2))
            + jaccard(frozenset(a.lemmas), frozenset(b.lemmas))) / 2


def _contained(a: Unit, b: Unit, limits: tuple[float, int]) -> bool:
    """The shorter sentence (>= min words) repeated almost whole, as one run, inside the longer one."""
    short, long_ = (a, b) if a.n_words <= b.n_words else (b, a)
    if short.n_words < limits[1]:
        return False
    matcher = SequenceMatcher(None, short.lemmas, long_.lemmas, autojunk=False)
    run = matcher.find_longest_match(0, short.n_words, 0, long_.n_words).size
    return run / short.n_words >= limits[0]


def _numbers(unit: Unit) -> tuple[str, ...]:
    return tuple(sorted(w for w in unit.words if any(c.isdigit() for c in w)))


@register("spun-duplicate-sentence")
class SpunDuplicateSentence(_SentenceRepeat):
    """One sentence twice, once plain and once put through a spinner.

    Spun phrases are mapped back to their plain form (spin lexicon), then sentences are compared
    on their content lemmas. Only pairs where at least one side contained a spun phrase count, so
    ordinary paraphrase in clean writing is never compared at this lower threshold.
    """
    kind = "plain version"

    def __init__(self, rule, options=None):
        super().__init__(rule, options)
        self.index = PhraseIndex()
        for spun, plain in (self.options.get("phrases") or {}).items():
            self.index.add(spun, normalise_words(plain))
        if self.options.get("lexicon"):
            from .phrase import read_lexicon
            try:
                rows = read_lexicon(self.options["lexicon"])
            except OSError:
                rows = ()
            key, value = self.options.get("key", "spun"), self.options.get("value", "plain")
            for row in rows:
                # context-only entries (tier 3) are ordinary English: un-spinning them would
                # rewrite plain sentences too
                if row.get(key) and row.get(value) and (row.get("tier") or "").strip() != "3":
                    self.index.add(row[key], normalise_words(row[value]))
        self.levels = _phrase_levels(self.index.root)
        self.code_sets = _code_sets(self.index.root)
        self.single_bits = np.zeros(_SLOTS + 1, dtype=bool)
        for word, child in self.index.root.items():
            if word != _END and _END in child:
                self.single_bits[get_string_id(word) & _SLOTS] = True
        self.max_phrase_words = _depth(self.index.root) - 1  # the trie's leaves are {_END: value}

    def canonical(self, document, unit: Unit) -> tuple[frozenset, int]:
        """Content lemmas of the unit with spun phrases replaced by plain words; number of swaps."""
        doc = document.doc
        start, end = unit.first_token, unit.end_token  # the tokens of char_span(..., "expand")
        alpha_lemmas = _alpha_lemmas(document)
        out: list[str] = []
        swaps = 0
        pos = start
        for m in self.index.finditer(doc, start, end, candidates=self.sorted_starts(document)):
            out.extend(w for w in alpha_lemmas[pos:m.first] if w)
            out.extend(m.value)
            swaps += 1
            pos = m.last
        out.extend(w for w in alpha_lemmas[pos:end] if w)
        words = (w for w in out if w not in STOP_WORDS)
        if self.options.get("synonyms") == "wordnet":
            canon = wordnet_canon()
            words = (canon.get(w, w) for w in words)
        return frozenset(words), swaps

    def may_swap(self, document, units: list[Unit]) -> bool:
        """False when canonical() can swap no phrase in any of ``units`` (then no pair counts).

        The walk of PhraseIndex.finditer, for all tokens at once and on string hashes: a token
        sequence (hyphens and line breaks inside it skipped) is followed one word at a time
        while its words are the start of some phrase. Hash codes of word sequences may collide,
        so a True can be wrong (the exact computation follows), a False cannot.
        """
        if not units:
            return False
        starts = self.phrase_starts(document)
        if not len(starts):
            return False
        toks = tokens(document)
        table = unit_table(document)
        owner = table.unit_of_sent[toks.sent_starts.searchsorted(starts, side="right") - 1]
        wanted = {u.index: u for u in units}
        return any(u in wanted and wanted[u].first_token <= t < wanted[u].end_token
                   for t, u in zip(starts.tolist(), owner.tolist()))

    def phrase_starts(self, document) -> np.ndarray:
        """Tokens where canonical() may swap a phrase (a superset), for the whole Doc; no units."""
        key = ("spun-duplicate-sentence.starts", id(self))
        cached = document.cache.get(key)
        if cached is None:
            cached = document.cache[key] = self._phrase_starts(document)
        return cached

    def sorted_starts(self, document) -> list[int]:
        """phrase_starts as a sorted list (finditer's candidates: its own gate's tables are slow to build)."""
        key = ("spun-duplicate-sentence.sorted", id(self))
        cached = document.cache.get(key)
        if cached is None:
            cached = document.cache[key] = sorted(set(self.phrase_starts(document).tolist()))
        return cached

    def _phrase_starts(self, document) -> np.ndarray:
        toks = tokens(document)
        flags = toks.flags
        # tokens a phrase can consist of (finditer skips the others inside a phrase)
        steps = _STEP[flags].nonzero()[0]
        n_steps = len(steps)
        form, lemma_form = toks.form[steps], toks.lemma_form[steps]
        differs = lemma_form != form
        two = differs.nonzero()[0]
        prefix_bits, complete_bits, complete = self.levels
        found = []
        # the first three words with numpy (every token starts a sequence); the few sequences
        # still live after three words (~1 an article) go on one by one
        at = np.concatenate([np.arange(n_steps), two])   # (step index, code) of live sequences
        code = np.concatenate([form, lemma_form[two]])
        slot = code.view(np.int64) & _SLOTS
        maybe = self.single_bits[slot].nonzero()[0]  # one-word phrases (a table of their own: few)
        if len(maybe):
            found.append(at[maybe[_member(code[maybe], complete)]])
        live = prefix_bits[slot]
        at, code = at[live], code[live]
        depth = 1
        while len(at) and depth < min(self.max_phrase_words, 3):  # words 2 and 3
            step = at + depth
            inside = step < n_steps
            at, step, code = at[inside], step[inside], code[inside]
            extra = differs[step].nonzero()[0]
            at = np.concatenate([at, at[extra]])
            code = np.concatenate([_mix(code, form[step]), _mix(code[extra], lemma_form[step[extra]])])
            slot = code.view(np.int64) & _SLOTS
            maybe = complete_bits[slot].nonzero()[0]
            if len(maybe):
                found.append(at[maybe[_member(code[maybe], complete)]])
            live = prefix_bits[slot]
            at, code = at[live], code[live]
            depth += 1
        if len(at) and depth < self.max_phrase_words:
            found.append(np.array(self._longer(form, lemma_form, at.tolist(), code.tolist(), depth), dtype=np.int64))
        starts = np.concatenate(found) if found else at[:0]
        return steps[starts]

    def _longer(self, form: np.ndarray, lemma_form: np.ndarray, at: list[int], codes: list[int],
                depth: int) -> list[int]:
        """Starts (step indexes) of the longer phrases continuing the live sequences of ``depth``
        words (at, code): the same walk as above, in Python ints (codes are uint64: wrapped)."""
        prefixes, completes = self.code_sets
        n_steps, max_words = len(form), self.max_phrase_words
        form_at, lemma_at = form.item, lemma_form.item
        found = []
        stack = [(a, c, depth) for a, c in zip(at, codes)]  # (start, code of its first n words, n)
        while stack:
            a, c, n = stack.pop()
            k = a + n
            if k >= n_steps or n >= max_words:
                continue
            w = form_at(k)
            lw = lemma_at(k)
            for word in ((w,) if lw == w else (w, lw)):
                nc = (c * _MIX_INT + word) & _MASK64
                if nc in completes:
                    found.append(a)
                if nc in prefixes:
                    stack.append((a, nc, n + 1))
        return found

    def run(self, document):
        if not len(self.index):
            return
        min_words = int(self.options.get("min_words", 6))
        threshold = float(self.options.get("threshold", 0.6))
        near = float(self.options.get("plain_threshold", 0.6))
        if document.doc is None or not len(self.phrase_starts(document)):
            return  # no spun phrase anywhere (units are not even made)
        units = [u for u in sentence_units(document) if u.n_words >= min_words]
        if not self.may_swap(document, units):
            return  # only pairs with a spun phrase on one side count
        canon = [self.canonical(document, u) for u in units]
        feats = [c for c, _ in canon]
        best: dict[int, tuple[float, int]] = {}
        for i, j, sim in pairs_above(feats, threshold, min_shared=3):
            if not (canon[i][1] or canon[j][1]) or units[i].code == units[j].code:
                continue
            if near_similarity(units[i], units[j]) >= near:
                continue  # already a near repeat without un-spinning
            if j not in best or sim > best[j][0]:
                best[j] = (sim, i)
        for j, (sim, i) in sorted(best.items()):
            yield self.report(document, units[i], units[j], sim, min(0.9, 0.4 + sim / 2), fix=True, safe=False)


def _alpha_lemmas(document) -> list[str]:
    """Per token of the Doc: ``(t.lemma_ or t.lower_).lower()`` if ``t.is_alpha``, else "" (from
    the token arrays, once per document; only documents with a spun phrase get here)."""
    cached = document.cache.get("spun-duplicate-sentence.alpha_lemmas")
    if cached is None:
        from ..nlp import column
        toks = tokens(document)
        alpha = column(document.doc, "IS_ALPHA").astype(bool)
        strings = toks.strings
        names = {h: strings[h] for h in set(toks.lemma[alpha].tolist())}
        cached = document.cache["spun-duplicate-sentence.alpha_lemmas"] = [
            names[h] if a else "" for h, a in zip(toks.lemma.tolist(), alpha.tolist())]
    return cached


_MIX = np.uint64(0x9E3779B97F4A7C15)
# the tokens a phrase can consist of, by their sentunits flags (0..15): not a hyphen, and not
# whitespace unless a paragraph break (finditer skips the others inside a phrase)
_STEP = np.array([not f & HYPHEN and (not f & SPACE or bool(f & PARA_BREAK)) for f in range(16)])
_SLOTS = (1 << 20) - 1  # bit-table size - 1 (a mask on a code's low bits)


def _mix(code, word):
    """Hash code of a word sequence extended by one word (wrapping uint64 arithmetic; numpy
    warns of the overflow for scalars only: callers with scalars silence it)."""
    return code * _MIX + word


_MIX_INT, _MASK64 = int(_MIX), (1 << 64) - 1


def _code_sets(root: dict) -> tuple[set[int], set[int]]:
    """The codes of _phrase_levels as Python sets: (phrase starts, whole phrases)."""
    prefixes: set[int] = set()
    complete: set[int] = set()
    stack = [(root, 0, 0)]
    while stack:
        node, depth, code = stack.pop()
        for word, child in node.items():
            if word == _END:
                continue
            c = get_string_id(word) if depth == 0 else (code * _MIX_INT + get_string_id(word)) & _MASK64
            if _END in child:
                complete.add(c)
            if any(k != _END for k in child):
                prefixes.add(c)
                stack.append((child, depth + 1, c))
    return prefixes, complete


def _phrase_levels(root: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes of phrase starts (the first d words of a longer phrase) and of whole phrases:
    (bit table of starts, bit table of phrases, sorted array of phrase codes). Codes chain the
    words' spaCy string hashes with _mix; a bit table is indexed by the code's low bits (a
    superset test, made exact by the sorted array where it matters)."""
    prefix_bits = np.zeros(_SLOTS + 1, dtype=bool)
    complete_bits = np.zeros(_SLOTS + 1, dtype=bool)
    complete: set[int] = set()
    stack = [(root, 0, np.uint64(0))]
    while stack:
        node, depth, code = stack.pop()
        for word, child in node.items():
            if word == _END:
                continue
            with np.errstate(over="ignore"):
                c = np.uint64(get_string_id(word)) if depth == 0 else _mix(code, np.uint64(get_string_id(word)))
            if _END in child:
                complete.add(int(c))
                complete_bits[int(c) & _SLOTS] = True
            if any(k != _END for k in child):
                prefix_bits[int(c) & _SLOTS] = True
                stack.append((child, depth + 1, c))
    return prefix_bits, complete_bits, np.array(sorted(complete), dtype=np.uint64)


def _depth(root: dict) -> int:
    return 1 + max((_depth(child) for word, child in root.items() if word != _END), default=0) if root else 0


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """values in sorted_set (a sorted array), elementwise."""
    if not len(sorted_set):
        return np.zeros(len(values), dtype=bool)
    pos = sorted_set.searchsorted(values)
    pos[pos == len(sorted_set)] = 0
    return sorted_set[pos] == values


_WORDNET: dict[str, str] | None = None


def wordnet_canon() -> dict[str, str]:
    """word -> one representative of its most frequent WordNet sense (adjectives, nouns, verbs):
    "typical" and "common" may meet, "telephone" and "phone" do. Optional (option synonyms)."""
    global _WORDNET
    if _WORDNET is not None:
        return _WORDNET
    synsets: dict[str, list[str]] = {}
    first: dict[str, str] = {}
    for pos in ("adj", "noun", "verb"):
        try:
            with open(f"/usr/share/wordnet/data.{pos}", encoding="utf-8", errors="ignore") as fh:
                for line in fh:
                    if line.startswith(" "):
                        continue
                    parts = line.split(" ", 5)
                    n = int(parts[3], 16)
                    names = line.split(" ")[4:4 + 2 * n:2]
                    synsets[f"{pos}{parts[0]}"] = [w.lower().split("(")[0] for w in names if "_" not in w]
            with open(f"/usr/share/wordnet/index.{pos}", encoding="utf-8", errors="ignore") as fh:
                for line in fh:
                    if line.startswith(" "):
                        continue
                    parts = line.split()
                    n_ptr = int(parts[3])
                    offsets = parts[6 + n_ptr:]
                    if offsets and parts[0] not in first:
                        first[parts[0]] = f"{pos}{offsets[0]}"
        except (OSError, ValueError, IndexError):
            continue
    _WORDNET = {w: min(synsets.get(key) or [w]) for w, key in first.items()}
    return _WORDNET


@register("repetitive-page")
class RepetitivePage(Check):
    def run(self, document):
        min_words = int(self.options.get("min_words", 50))
        thresholds = {**GOPHER_THRESHOLDS, **(self.options.get("thresholds") or {})}
        if not may_exceed(document.text, thresholds, min_words):
            return  # cheap exact gate: no statistic can be above its threshold
        stats = repetition_stats(document.text)
        if stats["words"] < min_words:
            return
        over = exceeded(stats, thresholds)
        if not over:
            return
        worst = max(over.items(), key=lambda kv: kv[1][0] / kv[1][1])
        detail = ", ".join(f"{k} {v:.2f} > {t:.2f}" for k, (v, t) in over.items())
        anchor = document.blocks[0] if document.blocks else None
        start, end = (anchor.start, anchor.end) if anchor else (0, 0)
        yield self.finding(start, end, scope="document", confidence=min(0.95, 0.5 + 0.1 * len(over)),
                           data={k: round(v, 4) for k, v in stats.items()},
                           detail=detail, worst=worst[0])
