"""Anchor gates for spaCy Matcher patterns: where in a document can a pattern possibly match?

Running a Matcher over every token of every document is what made the pattern checks slow.
Most patterns contain a token that must be there with a literal value ("experts", a lemma from
a short list) or a regex over LOWER/LEMMA/NORM. ``AnchorGate`` reads those *required* token
specs from the patterns once; per document it looks them up in the set of distinct words
(computed once per document with numpy and shared by every rule) - a pattern whose required
words are not all there cannot match - and returns the few token windows the Matcher needs
to see: around each occurrence of a pattern's anchor, as many tokens as the pattern
can be long on either side. Every match of the whole document lies inside one window, and
overlapping windows are merged, so running the Matcher (including its greedy LONGEST filter)
window by window gives exactly the matches of the whole document.

A pattern with no required token to look for, or of unbounded length ("+", "*"), makes the gate
fall back to the whole document (``None``), so a gate never loses a match.
"""
from __future__ import annotations

import re

import numpy

from ..phrases import hash_table

INF = float("inf")
_ATTRS = ("LOWER", "LEMMA", "NORM")
# spaCy's quantifiers: (min, max) number of tokens a spec consumes
_OPS = {None: (1, 1), "1": (1, 1), "?": (0, 1), "!": (0, 1), "*": (0, INF), "+": (1, INF)}
_COUNT = re.compile(r"^\{(\d*)(,?)(\d*)\}$")


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


# Every literal anchor value of every gate, by attribute: per document, one set intersection
# with the token column finds all the anchor words present (``DocWords.known``). Each distinct
# literal anchor (interned: equal specs of different rules are one Anchor) has a bit; per document
# the bits of the anchors present are ORed once (``DocWords.bits``), so whether a pattern's literal
# anchors are all there is one integer test, whatever the number of rules.
_REGISTRY: dict[str, frozenset] = {}
_BITS: dict[str, dict[int, int]] = {}   # attr -> hash -> bits of the literal anchors holding it
_INTERNED: dict[tuple, "Anchor"] = {}
_VERSION = [0]  # bumped when the registry grows (per-document bits are then recomputed)


def _register(attr: str, hashes, bit: int) -> None:
    known = _REGISTRY.get(attr, frozenset())
    if not known.issuperset(hashes):
        _REGISTRY[attr] = known | hashes
    table = _BITS.setdefault(attr, {})
    for h in hashes:
        table[h] = table.get(h, 0) | bit
    _VERSION[0] += 1


class Anchor:
    """One required token spec: a set of attribute hashes, or a regex over an attribute.

    A regex is evaluated once per distinct word ever seen (as spaCy's Matcher does, with
    ``re.search`` on the attribute's string), so per document it costs two set operations."""

    def __new__(cls, attr: str, hashes: frozenset | None = None, regex: str | None = None):
        key = (attr, hashes, regex)
        anchor = _INTERNED.get(key)
        if anchor is None:
            anchor = _INTERNED[key] = super().__new__(cls)
            anchor._init(attr, hashes, regex)
        return anchor

    def _init(self, attr: str, hashes: frozenset | None, regex: str | None) -> None:
        self.attr = attr
        self.hashes = hashes
        self.bit = 0
        if hashes is not None:
            self.bit = 1 << len(_INTERNED)
            _register(attr, hashes, self.bit)
        self.regex = re.compile(regex) if regex is not None else None
        # literal substrings one of which every match of a LOWER regex contains: a text-level gate
        self.literals = _literals(regex) if regex is not None and attr == "LOWER" else None
        self._seen: set[int] = set()      # regex anchors: hashes already tested
        self._matching: set[int] = set()  # ... and those the regex matches

    @classmethod
    def from_spec(cls, spec: dict) -> "Anchor | None":
        """An anchor for a token spec, or None when it has no literal value or regex to look for."""
        best = None
        for key, value in spec.items():
            key = key.upper()
            if key in ("ORTH", "TEXT"):  # ORTH x implies LOWER x.lower()
                key = "LOWER"
                if isinstance(value, str):
                    value = value.lower()
                elif _is_in(value):
                    value = {"IN": [v.lower() for v in value["IN"]]}
                else:
                    continue
            if key not in _ATTRS:
                continue
            anchor = None
            if isinstance(value, str):
                anchor = cls(key, frozenset([_hash(value)]))
            elif _is_in(value):
                anchor = cls(key, frozenset(_hash(v) for v in value["IN"]))
            elif isinstance(value, dict) and set(value) == {"REGEX"} and isinstance(value["REGEX"], str):
                anchor = cls(key, regex=value["REGEX"])
            if anchor is not None and (best is None or best.regex is not None and anchor.regex is None):
                best = anchor
        return best

    def present(self, words: "DocWords") -> set[int]:
        """The hashes in the document that this spec can match (memoised per document)."""
        found = words.present.get(self)
        if found is None:
            if self.hashes is not None:
                found = self.hashes.intersection(words.known(self.attr))
            elif self.literals is not None and words.lower_aligned:
                found = self._test(words, words.tokens_at(self._occurrences(words.lower_text)))
            else:
                distinct = words.distinct(self.attr)
                found = self._test(words, distinct) & distinct
            words.present[self] = found
        return found

    def _test(self, words: "DocWords", hashes) -> set[int]:
        """The regex matches among ``hashes`` (each word is tested once per process)."""
        hashes = set(hashes)
        new = hashes - self._seen
        if new:
            strings, rx = words.strings, self.regex
            self._matching.update(h for h in new if rx.search(strings[h]))
            self._seen |= new
        return hashes & self._matching

    def _occurrences(self, text: str) -> list[int]:
        """Offsets of every occurrence of the regex's literals: each matching token holds one."""
        found = []
        for lit in self.literals:
            i = text.find(lit)
            while i != -1:
                found.append(i)
                i = text.find(lit, i + 1)
        return found

    def positions(self, words: "DocWords") -> numpy.ndarray:
        """Indices of the tokens this spec can match."""
        column = words.column(self.attr)
        present = self.present(words)
        if not present:
            return numpy.empty(0, dtype=numpy.int64)
        if len(present) <= 4:  # a few comparisons beat numpy.isin's sort
            hashes = iter(present)
            mask = column == next(hashes)
            for h in hashes:
                mask |= column == h
            return numpy.flatnonzero(mask)
        return numpy.flatnonzero(numpy.isin(column, numpy.fromiter(present, dtype=numpy.uint64)))


def _literals(regex: str) -> set[str] | None:
    """Strings one of which every match of ``regex`` contains (None when that is not known)."""
    try:
        try:
            from re import _constants as c, _parser
        except ImportError:  # Python 3.10
            import sre_constants as c
            import sre_parse as _parser
        parsed = _parser.parse(regex)
        if parsed.state.flags & ~(re.UNICODE | re.DEBUG):
            return None  # case-insensitive, verbose ...: keep it simple
        found = _leading_literals(list(parsed), c)
    except Exception:  # an internal API: without it, regexes are tested word by word
        return None
    # ASCII only: lower-casing the whole text then keeps each token's LOWER at the token's offsets
    return found if found and all(lit.isascii() for lit in found) else None


def _leading_literals(items, c) -> set[str] | None:
    out = ""
    for op, av in items:
        if op is c.AT:  # zero-width: ^, $, \b
            continue
        if op is c.LITERAL:
            out += chr(av)
            continue
        if op is c.BRANCH and not out:
            alternatives = [_leading_literals(list(alt), c) for alt in av[1]]
            return None if any(a is None for a in alternatives) else set().union(*alternatives)
        if op is c.SUBPATTERN and not out:
            _group, add_flags, del_flags, sub = av
            return None if add_flags or del_flags else _leading_literals(list(sub), c)
        break
    return {out} if out else None


def _is_in(value) -> bool:
    return isinstance(value, dict) and set(value) == {"IN"} and all(isinstance(v, str) for v in value["IN"])


class _PatternGate:
    """The required specs of one pattern, each with the widest window around it."""

    def __init__(self, pattern: list[dict]):
        self.required: list[tuple[Anchor, float, float]] = []  # (spec, tokens before, tokens after)
        bounds = [_quantity(spec.get("OP")) for spec in pattern]
        by_index: dict[int, tuple[Anchor, float, float]] = {}
        for i, spec in enumerate(pattern):
            lo, hi = bounds[i]
            anchor = Anchor.from_spec({k: v for k, v in spec.items() if k != "OP"}) if lo >= 1 else None
            if anchor is not None:
                before = sum(b[1] for b in bounds[:i]) + hi - 1
                after = sum(b[1] for b in bounds[i + 1:]) + hi - 1
                self.required.append((anchor, before, after))
                by_index[i] = (anchor, before, after)
        # Two required specs next to each other that each take exactly one token ("experts" "say"):
        # every match has the first at some token t and the second at t + 1, so the tokens where
        # both hold are a (much smaller) set of places to look than either word's occurrences.
        self.adjacent: list[tuple[Anchor, Anchor, int, int]] = [
            (by_index[i][0], by_index[i + 1][0], int(by_index[i][1]), int(by_index[i][2]))
            for i in sorted(by_index) if i + 1 in by_index and bounds[i] == bounds[i + 1] == (1, 1)
            and by_index[i][1] < INF and by_index[i][2] < INF]
        # set lookups first, LOWER before LEMMA: a document's LEMMA column is then often never read
        self.required.sort(key=lambda r: (r[0].regex is not None, r[0].attr != "LOWER"))
        self.bounded = any(b < INF and a < INF for _, b, a in self.required)
        need: dict[str, int] = {}
        for anchor, _, _ in self.required:
            if anchor.regex is None:
                need[anchor.attr] = need.get(anchor.attr, 0) | anchor.bit
        self.need = sorted(need.items(), key=lambda item: item[0] != "LOWER")  # (attr, bits)
        self.regexes = [anchor for anchor, _, _ in self.required if anchor.regex is not None]
        self.need_lower = need.get("LOWER", 0)
        self.need_other = [(attr, bits) for attr, bits in self.need if attr != "LOWER"]

    def possible(self, words: "DocWords") -> bool:
        for attr, need in self.need:
            if need & ~words.bits(attr):
                return False
        for anchor in self.regexes:
            if not anchor.present(words):
                return False
        return True

    def windows(self, words: "DocWords", n: int) -> tuple[numpy.ndarray, numpy.ndarray]:
        """Start and end tokens of the windows around the occurrences of the rarest required spec."""
        best = None
        found: dict[Anchor, numpy.ndarray] = {}
        for anchor, before, after in self.required:
            if before < INF and after < INF:
                pos = found[anchor] = anchor.positions(words)
                if best is None or len(pos) < len(best[0]):
                    best = (pos, int(before), int(after))
        for first, second, before, after in self.adjacent:
            if not len(best[0]):
                break
            nxt = set(found[second].tolist())  # (a few dozen tokens at most: Python sets beat numpy.isin)
            pos = numpy.array([t for t in found[first].tolist() if t + 1 in nxt], dtype=numpy.int64)
            if len(pos) < len(best[0]):
                best = (pos, before, after)
        pos, before, after = best
        return numpy.maximum(pos - before, 0), numpy.minimum(pos + after + 1, n)


class AnchorGate:
    """Per-document token windows in which any of ``patterns`` can match."""

    def __init__(self, patterns):
        self.gates = [_PatternGate(list(p)) for p in patterns or []]
        self.exact = all(g.bounded for g in self.gates)  # else: fall back to the whole document
        self.further = any(g.regexes or g.need_other for g in self.gates)
        # Which patterns' literal anchors are all in a document depends only on the bits of
        # those anchors present in it: memoised by those bits (one dict lookup per document,
        # and most documents share the key "none of them"). Regex anchors are tested after.
        self.mask = 0  # bits of the LOWER anchors
        for g in self.gates:
            for attr, need in g.need:
                if attr == "LOWER":
                    self.mask |= need
        self._memo: dict[int, list[_PatternGate]] = {}

    def _live(self, words: "DocWords") -> list[_PatternGate]:
        key = words.lower_bits & self.mask
        live = self._memo.get(key)
        if live is None:
            if len(self._memo) > 4096:
                self._memo.clear()
            live = self._memo[key] = [g for g in self.gates if not (g.need_lower & ~key)]
        if not live or not self.further:
            return live
        # other attributes (LEMMA's column is read only now) and regexes
        return [g for g in live if all(not (need & ~words.bits(attr)) for attr, need in g.need_other)
                and all(anchor.present(words) for anchor in g.regexes)]

    def possible(self, document) -> bool:
        """False when no pattern can match anywhere in the document."""
        return bool(self._live(document.cache.get(DocWords.KEY) or DocWords.of(document)))

    def regions(self, document) -> list[tuple[int, int]] | None:
        """Disjoint (start, end) token windows holding every match; None: use the whole document."""
        words = document.cache.get(DocWords.KEY) or DocWords.of(document)
        live = self._live(words)
        if not live:
            return []
        if not self.exact:
            return None
        starts, ends = zip(*(g.windows(words, words.n) for g in live))
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


_TABLES: dict[str, tuple] = {}


def _lookup_table(attr: str, registry: frozenset):
    """The registry's hashes for ``attr`` (a list) and their vectorised lookup table."""
    found = _TABLES.get(attr)
    if found is None or found[0] is not registry:
        hashes = sorted(registry)
        found = _TABLES[attr] = (registry, hashes, hash_table(hashes))
    return found[1], found[2]


class DocWords:
    """The token attribute columns and distinct words of one document (shared via document.cache)."""

    KEY = "anchors.words"

    def __init__(self, doc, text: str):
        self.strings = doc.vocab.strings
        self.n = len(doc)
        self._doc = doc
        self._columns: dict[str, numpy.ndarray] = {}
        self._distinct: dict[str, set] = {}
        self._known: dict[str, tuple] = {}
        self._bits: dict[str, tuple[int, int]] = {}
        self.present: dict[Anchor, set] = {}  # Anchor.present memo
        self._text = text  # == doc.text (which spaCy would rebuild token by token)
        self._lower_text: str | None = None

    @classmethod
    def of(cls, document) -> "DocWords":
        words = document.cache.get(cls.KEY)
        if words is None:
            words = document.cache[cls.KEY] = cls(document.doc, document.text)
        return words

    @property
    def lower_bits(self) -> int:
        found = self._bits.get("LOWER")
        if found is not None and found[0] == _VERSION[0]:
            return found[1]
        return self.bits("LOWER")

    def column(self, attr: str) -> numpy.ndarray:
        col = self._columns.get(attr)
        if col is None:  # the document's token table (LOWER, LEMMA ...): no to_array, no copy
            from ..nlp import column
            col = self._columns[attr] = column(self._doc, attr)
        return col

    @property
    def lower_aligned(self) -> bool:
        """Lower-casing kept every character's offset (no expanding characters like 'İ')."""
        return len(self.lower_text) == len(self._text)

    def tokens_at(self, offsets: list[int]) -> list[int]:
        """LOWER hashes of the tokens holding the characters at ``offsets``."""
        if not offsets or not self.n:
            return []
        idx = self.column("IDX")
        toks = numpy.searchsorted(idx, numpy.array(offsets, dtype=numpy.uint64), side="right") - 1
        return self.column("LOWER")[numpy.maximum(toks, 0)].tolist()

    def known(self, attr: str) -> set:
        """The document's words (hashes of ``attr``) that are literal anchor values of some gate."""
        table = _REGISTRY.get(attr)
        found = self._known.get(attr)
        if found is None or found[0] is not table:  # (recomputed if gates were added meanwhile)
            present = frozenset()
            if table and self.n:
                hashes, lookup = _lookup_table(attr, table)
                ids = lookup.lookup(self.column(attr))
                seen = numpy.zeros(len(hashes) + 1, dtype=bool)
                seen[ids] = True
                present = {hashes[i] for i in numpy.flatnonzero(seen[:-1]).tolist()}
            found = self._known[attr] = (table, present)
        return found[1]

    def bits(self, attr: str) -> int:
        """The bits of the literal anchors (on ``attr``) of which the document holds a value."""
        found = self._bits.get(attr)
        if found is None or found[0] != _VERSION[0]:
            table, m = _BITS.get(attr, {}), 0
            for h in self.known(attr):
                m |= table[h]
            found = self._bits[attr] = (_VERSION[0], m)
        return found[1]

    def distinct(self, attr: str) -> set:
        found = self._distinct.get(attr)
        if found is None:
            found = self._distinct[attr] = set(self.column(attr).tolist())
        return found

    @property
    def lower_text(self) -> str:
        if self._lower_text is None:
            self._lower_text = self._text.lower()
        return self._lower_text
