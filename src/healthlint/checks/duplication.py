"""Types for repeated text: ``duplicate-sentence`` (exact), ``near-duplicate-sentence``,
``spun-duplicate-sentence`` and ``repetitive-page`` (Gopher repetition statistics).

duplicate-sentence options:       min_words (6)
near-duplicate-sentence options:  min_words (8), threshold (Jaccard of lemma bigrams), max_postings
spun-duplicate-sentence options:  min_words (6), threshold (Jaccard of content lemmas after un-spinning),
                                  lexicon (spin.tsv, optional), key/value columns, phrases {spun: plain}
repetitive-page options:          min_words (50), thresholds {stat: value} (default: Gopher's)

Every sentence finding points at the later copy and links the first one in ``related``.
"""
from __future__ import annotations

from difflib import SequenceMatcher

import numpy as np
from spacy.strings import get_string_id

from spacy.lang.en.stop_words import STOP_WORDS

from ..findings import Related
from ..phrases import _END, PhraseIndex, normalise_words
from ..repetition import GOPHER_THRESHOLDS, exceeded, may_exceed, repetition_stats
from ..sentunits import (HYPHEN, PARA_BREAK, SPACE, Unit, bigram_pairs, jaccard, pairs_above,
                         sentence_units, shingles, tokens, unit_table)
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
        first: dict[bytes, Unit] = {}
        for unit in sentence_units(document):
            if unit.n_words < min_words:
                continue
            if unit.code in first:  # the same words (unit.key) as an earlier unit
                yield self.report(document, first[unit.code], unit, 1.0, 0.95, fix=True)
            else:
                first[unit.code] = unit


@register("near-duplicate-sentence")
class NearDuplicateSentence(_SentenceRepeat):
    kind = "version"

    def run(self, document):
        min_words = int(self.options.get("min_words", 8))
        threshold = float(self.options.get("threshold", 0.6))
        containment_ok = self.options.get("containment")
        containment_ok = (float(containment_ok), int(self.options.get("containment_min_words", 10))) if containment_ok else None
        table = unit_table(document)
        units = table.units
        eligible = np.array([u.n_words >= min_words for u in units], dtype=bool)
        best: dict[int, tuple[float, int]] = {}
        # candidates share bigrams; the score averages bigram and word-set overlap, so one inserted
        # word ("helps to lower") costs less than with bigrams alone
        for i, j, _ in bigram_pairs(table, threshold / 2, eligible, max_postings=int(self.options.get("max_postings", 40))):
            sim = near_similarity(units[i], units[j])
            if sim < threshold and not (containment_ok and _contained(units[i], units[j], containment_ok)):
                continue
            if units[i].code == units[j].code or _numbers(units[i]) != _numbers(units[j]):
                continue  # exact copies are another rule's; different figures are not a repeat
            if j not in best or sim > best[j][0]:
                best[j] = (sim, i)
        # Below warning_similarity a pair is as often two related statements (drug-label
        # instructions, a paraphrased quote) as a half-edited copy: a hint, not a warning.
        warn_at = float(self.options.get("warning_similarity", 0.0))
        for j, (sim, i) in sorted(best.items()):
            severity = "info" if threshold <= sim < warn_at else None  # contained copies stay warnings
            yield self.report(document, units[i], units[j], sim, min(0.95, 0.5 + sim / 2), fix=True, safe=False,
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
                if row.get(key) and row.get(value):
                    self.index.add(row[key], normalise_words(row[value]))
        # a phrase starts with one of these words, or with one of these pairs of words (form numbers)
        root = self.index.root
        self.single_forms = np.array(sorted({get_string_id(w) for w, child in root.items() if _END in child}),
                                     dtype=np.uint64)
        self.pair_codes = np.unique(np.array([_pair_code(get_string_id(w), get_string_id(v))
                                              for w, child in root.items() for v in child if v != _END],
                                             dtype=np.uint64))

    def canonical(self, document, unit: Unit) -> tuple[frozenset, int]:
        """Content lemmas of the unit with spun phrases replaced by plain words; number of swaps."""
        doc = document.doc
        span = doc.char_span(unit.start, unit.end, alignment_mode="expand")
        if span is None:
            return frozenset(), 0
        out: list[str] = []
        swaps = 0
        pos = span.start
        for m in self.index.finditer(doc, span.start, span.end):
            out.extend((t.lemma_ or t.lower_).lower() for t in doc[pos:m.first] if t.is_alpha)
            out.extend(m.value)
            swaps += 1
            pos = m.last
        out.extend((t.lemma_ or t.lower_).lower() for t in doc[pos:span.end] if t.is_alpha)
        words = (w for w in out if w not in STOP_WORDS)
        if self.options.get("synonyms") == "wordnet":
            canon = wordnet_canon()
            words = (canon.get(w, w) for w in words)
        return frozenset(words), swaps

    def spun_units(self, document, units: list[Unit]) -> list[Unit]:
        """The units in which the spin index has a match (those where canonical() swaps a phrase).

        Exact, without walking every token: a match starts at a token whose forms hold a one-word
        phrase, or whose forms and the next word's (hyphens and line breaks skipped) are the
        first two words of a phrase; only there is the phrase trie walked.
        """
        toks = tokens(document)
        table = unit_table(document)
        flags = toks.flags
        # tokens a phrase can consist of (phrases.PhraseIndex.finditer skips the others inside it)
        steps = np.flatnonzero(((flags & HYPHEN) == 0) & (((flags & SPACE) == 0) | ((flags & PARA_BREAK) != 0)))
        forms = (toks.form, toks.lemma_form)
        starts = []
        if len(self.single_forms):
            for f in forms:
                starts.append(steps[_member(f[steps], self.single_forms)])
        if len(self.pair_codes) and len(steps) > 1:
            here, after = steps[:-1], steps[1:]
            hit = np.zeros(len(here), dtype=bool)
            for a in forms:
                for b in forms:
                    hit |= _member(_pair_code(a[here], b[after]), self.pair_codes)
            starts.append(here[hit])
        if not starts:
            return []
        starts = np.unique(np.concatenate(starts))
        starts = starts[(flags[starts] & SPACE) == 0]
        if not len(starts):
            return []
        sent_of = np.searchsorted(toks.sent_starts, starts, side="right") - 1
        owner = table.unit_of_sent[sent_of]
        wanted = {u.index for u in units}
        found: list[Unit] = []
        f1, f2, flag_list = toks.form, toks.lemma_form, None
        strings = toks.strings
        for tok, u in zip(starts.tolist(), owner.tolist()):
            if u < 0 or u not in wanted or (found and found[-1].index == u):
                continue
            unit = table.units[u]
            if not unit.first_token <= tok < unit.end_token:
                continue
            if flag_list is None:
                flag_list = flags.tolist()
            if self._match_at(tok, unit.end_token, f1, f2, flag_list, strings):
                found.append(unit)
        return found

    def _match_at(self, i: int, end: int, f1, f2, flags: list[int], strings) -> bool:
        """Does a phrase of the index start at token i (the walk of PhraseIndex.finditer)?"""
        stack = [(self.index.root, i)]
        while stack:
            node, k = stack.pop()
            while k < end and k > i and (flags[k] & HYPHEN or (flags[k] & SPACE and not flags[k] & PARA_BREAK)):
                k += 1
            if k >= end or flags[k] & SPACE:
                continue
            for form in {strings[int(f1[k])], strings[int(f2[k])]}:
                child = node.get(form)
                if child is None:
                    continue
                if _END in child:
                    return True
                stack.append((child, k + 1))
        return False

    def run(self, document):
        if not len(self.index):
            return
        min_words = int(self.options.get("min_words", 6))
        threshold = float(self.options.get("threshold", 0.6))
        near = float(self.options.get("plain_threshold", 0.6))
        units = [u for u in sentence_units(document) if u.n_words >= min_words]
        if not self.spun_units(document, units):
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


_MIX = np.uint64(0x9E3779B97F4A7C15)


def _pair_code(first, second):
    """One 64-bit code for two string hashes (equal pairs, equal codes)."""
    with np.errstate(over="ignore"):
        return np.uint64(first) * _MIX + np.uint64(second) if np.isscalar(first) else first * _MIX + second


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """values in sorted_set (a sorted array), elementwise."""
    if not len(sorted_set):
        return np.zeros(len(values), dtype=bool)
    pos = np.searchsorted(sorted_set, values)
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
