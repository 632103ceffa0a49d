"""Anchor gates for spaCy Matcher patterns: where in a document can a pattern possibly match?

Running a Matcher over every token of every document is what made the pattern checks slow.
Most patterns contain a token that must be there with a literal value ("experts", a lemma from
a short list, a LOWER regex). ``AnchorGate`` reads those *required* token specs from the
patterns once; per document it looks them up in the set of distinct words (computed once per
document with numpy and shared by every rule) and returns the few token windows the Matcher
needs to see: around each occurrence of a pattern's anchor, as many tokens as the pattern
can be long on either side. Every match of the whole document lies inside one window, and
overlapping windows are merged, so running the Matcher (including its greedy LONGEST filter)
window by window gives exactly the matches of the whole document.

A pattern with no literal required token, or of unbounded length ("+", "*"), makes the gate
fall back to the whole document (``None``), so a gate never loses a match.
"""
from __future__ import annotations

import re

import numpy

INF = float("inf")
_ATTRS = ("LOWER", "LEMMA", "NORM")
# spaCy's quantifiers: (min, max) number of tokens a spec consumes
_OPS = {None: (1, 1), "1": (1, 1), "?": (0, 1), "!": (0, 1), "*": (0, INF), "+": (1, INF)}
_COUNT = re.compile(r"^\{(\d*)(,?)(\d*)\}$")
_REGEX_CACHE: dict[tuple[str, int], bool] = {}  # (token regex, LOWER hash) -> matches


def _quantity(op) -> tuple[float, float]:
    if op in _OPS:
        return _OPS[op]
    m = _COUNT.match(str(op))
    if not m:
        return 0, INF
    lo = int(m.group(1) or 0)
    if not m.group(2):
        return lo, lo
    return lo, int(m.group(3)) if m.group(3) else INF


def max_length(pattern) -> float:
    """The most tokens a Matcher pattern can span (INF for "+", "*", "{n,}")."""
    return sum(_quantity(spec.get("OP"))[1] for spec in pattern)


def _hash(value: str) -> int:
    from spacy.strings import hash_string
    return hash_string(value)


class Anchor:
    """One required token spec: a set of attribute hashes, or a regex over LOWER."""

    def __init__(self, attr: str, hashes: frozenset | None = None, regex: str | None = None):
        self.attr = attr
        self.hashes = hashes
        self.regex = re.compile(regex) if regex is not None else None
        self.text_regex = None
        if regex is not None:  # the same regex over the lower-cased text: a superset, a cheap gate
            self.text_regex = re.compile(regex[1:] if regex.startswith("^") else regex)
            if self.text_regex.pattern.endswith("$") and not self.text_regex.pattern.endswith("\\$"):
                self.text_regex = re.compile(self.text_regex.pattern[:-1])

    @classmethod
    def from_spec(cls, spec: dict) -> "Anchor | None":
        """An anchor for a token spec, or None when it has no literal value to look for."""
        best = None
        for key, value in spec.items():
            key = key.upper()
            if key in ("ORTH", "TEXT"):  # ORTH x implies LOWER x.lower()
                key, value = "LOWER", (value.lower() if isinstance(value, str) else
                                      {"IN": [v.lower() for v in value["IN"]]}
                                      if isinstance(value, dict) and set(value) == {"IN"}
                                      and all(isinstance(v, str) for v in value["IN"]) else None)
            if key not in _ATTRS or value is None:
                continue
            anchor = None
            if isinstance(value, str):
                anchor = cls(key, frozenset([_hash(value)]))
            elif isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"]):
                anchor = cls(key, frozenset(_hash(v) for v in value["IN"]))
            elif (isinstance(value, dict) and set(value) == {"REGEX"} and key == "LOWER"
                  and isinstance(value["REGEX"], str) and _strippable(value["REGEX"])):
                anchor = cls(key, regex=value["REGEX"])
            if anchor is not None and (best is None or best.regex is not None and anchor.regex is None):
                best = anchor
        return best

    def possible(self, words: "DocWords") -> bool:
        if self.hashes is not None:
            return not self.hashes.isdisjoint(words.distinct(self.attr))
        return self.text_regex.search(words.lower_text) is not None

    def positions(self, words: "DocWords") -> numpy.ndarray:
        """Indices of the tokens this spec can match."""
        column = words.column(self.attr)
        if self.hashes is not None:
            present = self.hashes.intersection(words.distinct(self.attr))
        else:
            present, rx = [], self.regex
            for h in words.distinct_lower_list():
                key = (rx.pattern, h)
                hit = _REGEX_CACHE.get(key)
                if hit is None:
                    hit = _REGEX_CACHE[key] = bool(rx.search(words.strings[h]))
                if hit:
                    present.append(h)
        if not present:
            return numpy.empty(0, dtype=numpy.int64)
        if len(present) == 1:
            return numpy.flatnonzero(column == next(iter(present)))
        return numpy.flatnonzero(numpy.isin(column, numpy.fromiter(present, dtype=numpy.uint64)))


def _strippable(regex: str) -> bool:
    """True when dropping a leading ^ and trailing $ turns a token regex into a text-level superset."""
    inner = regex[1:] if regex.startswith("^") else regex
    inner = inner[:-1] if inner.endswith("$") and not inner.endswith("\\$") else inner
    return "^" not in inner.replace("[^", "") and "$" not in inner.replace("\\$", "") and "\\b" not in inner \
        and "\\A" not in inner and "\\Z" not in inner and "(?" not in inner


class _PatternGate:
    """The required literal specs of one pattern, and the widest window around its anchor."""

    def __init__(self, pattern: list[dict]):
        self.required: list[Anchor] = []
        self.anchor: Anchor | None = None
        self.before = self.after = 0
        bounds = [_quantity(spec.get("OP")) for spec in pattern]
        best_score, best_i = None, None
        for i, spec in enumerate(pattern):
            lo, _hi = bounds[i]
            if lo < 1:
                continue
            anchor = Anchor.from_spec({k: v for k, v in spec.items() if k != "OP"})
            if anchor is None:
                continue
            self.required.append(anchor)
            score = (anchor.regex is not None, _commonness(anchor), i)
            if best_score is None or score < best_score:
                best_score, best_i, self.anchor = score, i, anchor
        if best_i is not None:
            own = bounds[best_i][1] - 1
            self.before = sum(b[1] for b in bounds[:best_i]) + own
            self.after = sum(b[1] for b in bounds[best_i + 1:]) + own
        self.bounded = best_i is not None and self.before < INF and self.after < INF
        # literal sets first (a set intersection), text regexes only when those pass
        self.required.sort(key=lambda a: a.regex is not None)

    def possible(self, words: "DocWords") -> bool:
        return all(a.possible(words) for a in self.required)


def _commonness(anchor: Anchor) -> int:
    """Rough cost of an anchor as a window source: common function words hit often."""
    if anchor.hashes is None:
        return 0
    return sum(1000 if h in _common_hashes() else 1 for h in anchor.hashes)


_COMMON: frozenset | None = None


def _common_hashes() -> frozenset:
    global _COMMON
    if _COMMON is None:
        from spacy.lang.en.stop_words import STOP_WORDS
        _COMMON = frozenset(_hash(w) for w in STOP_WORDS)
    return _COMMON


class AnchorGate:
    """Per-document token windows in which any of ``patterns`` can match."""

    def __init__(self, patterns):
        self.gates = [_PatternGate(list(p)) for p in patterns or []]
        self.exact = all(g.bounded for g in self.gates)  # else: fall back to the whole document

    def possible(self, document) -> bool:
        """False when no pattern can match anywhere in the document."""
        words = DocWords.of(document)
        return any(g.possible(words) for g in self.gates)

    def regions(self, document) -> list[tuple[int, int]] | None:
        """Disjoint (start, end) token windows holding every match; None: use the whole document."""
        words = DocWords.of(document)
        live = [g for g in self.gates if g.possible(words)]
        if not live:
            return []
        if not self.exact:
            return None
        n = words.n
        starts, ends = [], []
        for g in live:
            pos = g.anchor.positions(words)
            if len(pos):
                starts.append(numpy.maximum(pos - int(g.before), 0))
                ends.append(numpy.minimum(pos + int(g.after) + 1, n))
        if not starts:
            return []
        lo = numpy.concatenate(starts)
        hi = numpy.concatenate(ends)
        order = numpy.argsort(lo, kind="stable")
        regions: list[list[int]] = []
        for s, e in zip(lo[order].tolist(), hi[order].tolist()):
            if regions and s < regions[-1][1]:  # windows sharing a token are one region
                regions[-1][1] = max(regions[-1][1], e)
            else:
                regions.append([s, e])
        return [(s, e) for s, e in regions]


class DocWords:
    """The token attribute columns and distinct words of one document (shared via document.cache)."""

    KEY = "anchors.words"

    def __init__(self, doc, text: str):
        from spacy.attrs import LEMMA, LOWER
        self.strings = doc.vocab.strings
        self.n = len(doc)
        self._doc = doc
        self._columns: dict[str, numpy.ndarray] = {}
        if self.n:
            both = doc.to_array([LOWER, LEMMA])
            self._columns = {"LOWER": both[:, 0], "LEMMA": both[:, 1]}
        self._distinct: dict[str, set] = {}
        self._lower_list: list[int] | None = None
        self._text = text  # == doc.text, which spaCy would rebuild token by token
        self._lower_text: str | None = None

    @classmethod
    def of(cls, document) -> "DocWords":
        words = document.cache.get(cls.KEY)
        if words is None:
            words = document.cache[cls.KEY] = cls(document.doc, document.text)
        return words

    def column(self, attr: str) -> numpy.ndarray:
        col = self._columns.get(attr)
        if col is None:
            from spacy.attrs import IDS
            col = self._columns[attr] = (self._doc.to_array(IDS[attr]) if self.n
                                         else numpy.zeros(0, dtype=numpy.uint64))
        return col

    def distinct(self, attr: str) -> set:
        found = self._distinct.get(attr)
        if found is None:
            found = self._distinct[attr] = set(self.column(attr).tolist())
        return found

    def distinct_lower_list(self) -> list[int]:
        if self._lower_list is None:
            self._lower_list = list(self.distinct("LOWER"))
        return self._lower_list

    @property
    def lower_text(self) -> str:
        if self._lower_text is None:
            self._lower_text = self._text.lower()
        return self._lower_text
