"""Sentences of a document as comparable units, and a bounded shingle index to find similar pairs.

A unit is one sentence of body text (headings and titles are left out: "How to do it" may head
every exercise). Each unit carries its word forms, its lemmas and a normalised key (lower case,
no punctuation) so exact, near and spun repeats can all be compared without re-tokenising.

Finding similar pairs never compares all pairs: every unit is indexed by its word-bigram
shingles, a shingle shared by more than ``max_postings`` units (e.g. "of the") is ignored, and
only units sharing at least ``min_shared`` shingles are scored. Cost is O(n * shingles * postings).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

BODY_KINDS = {"paragraph", "list_item", "blockquote", "table_cell"}


@dataclass
class Unit:
    index: int
    start: int                   # offsets in document.text, whitespace trimmed
    end: int
    block: int                   # block index
    section: int
    words: list[str]             # lower-case word forms (punctuation left out)
    lemmas: list[str]
    key: str = ""
    shingles: frozenset = field(default_factory=frozenset)

    @property
    def n_words(self) -> int:
        return len(self.words)


def sentence_units(document) -> list[Unit]:
    """Body sentences with their words; cached on the document (several checks use them)."""
    cached = document.cache.get("sentence_units")
    if cached is not None:
        return cached
    units: list[Unit] = []
    for sent in document.sentences():
        block = document.block_at(sent.start_char)
        if block is None or block.kind not in BODY_KINDS:
            continue
        toks = [t for t in sent if not (t.is_space or t.is_punct)]
        if not toks:
            continue
        text = sent.text
        lead = len(text) - len(text.lstrip())
        start = sent.start_char + lead
        end = sent.start_char + len(text.rstrip())
        words = [t.lower_.replace("’", "'") for t in toks]
        lemmas = [(t.lemma_ or t.lower_).lower() for t in toks]
        unit = Unit(len(units), start, end, block.index, block.section, words, lemmas)
        unit.key = " ".join(words)
        units.append(unit)
    document.cache["sentence_units"] = units
    return units


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
