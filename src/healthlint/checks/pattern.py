"""Types ``pattern`` (spaCy Matcher token patterns) and ``regex`` (regular expressions).

pattern options:
  patterns: [[{LOWER: ...}, {LEMMA: ...}, ...], ...]   # spaCy Matcher patterns
  antipatterns: [...]                                  # matches overlapping these are dropped
  replacement: "..."                                   # optional fix ("" deletes the match)
regex options:
  pattern: "..."        # Python regex, case-insensitive unless case_sensitive: true
  replacement: "..."    # optional fix, may use \\1 groups
  line: true            # the pattern must match a whole line of the linted text
  group: name|number    # report this group instead of the whole match
"""
from __future__ import annotations

import json
import re

from ..nlp import UNCOMPUTED_ATTRS, get_nlp
from . import Check, register
from .anchors import INF, AnchorGate, max_length


def build_matcher(patterns, key: str, greedy: str | None = "LONGEST"):
    """A spaCy Matcher over the shared pipeline's vocabulary (None when there are no patterns)."""
    if not patterns:
        return None
    from spacy.matcher import Matcher
    for pattern in patterns:
        for token in pattern:
            unset = sorted(a for a in token if str(a).upper() in UNCOMPUTED_ATTRS) if isinstance(token, dict) else []
            if unset:
                raise ValueError(f"{key}: pattern attribute {unset[0]} is not computed by healthlint's "
                                 f"pipeline (unset: {', '.join(UNCOMPUTED_ATTRS)}); use TEXT, LOWER, "
                                 "LEMMA, NORM, REGEX or the IS_*/LIKE_NUM flags it keeps")
    matcher = Matcher(get_nlp().vocab, validate=True)
    matcher.add(key, list(patterns), greedy=greedy)
    return matcher


def matches_outside(doc, matcher, anti=None):
    """(start, end) token spans of ``matcher`` in order, less those overlapping an antipattern."""
    if matcher is None:
        return
    blocked: set[int] = set()
    if anti is not None:
        for _, s, e in anti(doc):
            blocked.update(range(s, e))
    for _, s, e in sorted(matcher(doc), key=lambda m: m[1]):
        if not blocked.intersection(range(s, e)):
            yield s, e


class MatcherCheck(Check):
    """Base for checks driven by ``patterns`` / ``antipatterns`` options.

    The Matcher runs only on the token windows where a pattern's required words occur
    (``anchors.AnchorGate``), and antipatterns only around the matches found: the result
    is that of matching the whole document, at a fraction of the cost."""

    def __init__(self, rule, options=None):
        super().__init__(rule, options)
        patterns = self.options.get("patterns")
        self.matcher = build_matcher(patterns, rule.id)
        self.gate = AnchorGate(patterns)
        antipatterns = self.options.get("antipatterns")
        self.anti = build_matcher(antipatterns, "anti", greedy=None)
        self.anti_len = max((max_length(p) for p in antipatterns or []), default=0)
        # rules sharing their patterns (HL601/HL603) share their matches within a document
        self._key = "pattern.matches:" + json.dumps([patterns, antipatterns], sort_keys=True, default=str)

    def matches(self, document):
        """(start, end) token spans of the patterns in order, less those overlapping an antipattern.

        ``document`` is a Document (gated, fast) or a bare spaCy Doc (whole-document matching)."""
        if not hasattr(document, "cache"):
            return matches_outside(document, self.matcher, self.anti)
        found = document.cache.get(self._key)
        if found is None:
            found = document.cache[self._key] = self._gated_matches(document)
        return iter(found)

    def _gated_matches(self, document) -> list[tuple[int, int]]:
        doc = document.doc
        if self.matcher is None or doc is None or not len(doc):
            return []
        regions = self.gate.regions(document)
        if regions is None:
            found = self.matcher(doc)
        elif not regions:  # most documents: nothing can match
            return []
        else:
            found = [(k, lo + s, lo + e) for lo, hi in regions for k, s, e in self.matcher(doc[lo:hi])]
        return list(self._outside_antipatterns(doc, found))

    def _outside_antipatterns(self, doc, found):
        blocked = None
        for _, s, e in sorted(found, key=lambda m: m[1]):
            if self.anti is not None:
                if self.anti_len == INF:  # unbounded antipatterns: match them over the whole document
                    if blocked is None:
                        blocked = {i for _, a, b in self.anti(doc) for i in range(a, b)}
                    if not blocked.isdisjoint(range(s, e)):
                        continue
                elif self._anti_overlaps(doc, s, e):
                    continue
            yield s, e

    def _anti_overlaps(self, doc, s: int, e: int) -> bool:
        """An antipattern match overlapping tokens [s, e): each lies within anti_len - 1 tokens of it."""
        lo, hi = max(0, s - self.anti_len + 1), min(len(doc), e + self.anti_len - 1)
        return any(lo + a < e and lo + b > s for _, a, b in self.anti(doc[lo:hi]))


@register("pattern")
class PatternCheck(MatcherCheck):
    def __init__(self, rule, options=None):
        super().__init__(rule, options)
        self.replacement = self.options.get("replacement")

    def run(self, document):
        doc = document.doc
        for s, e in self.matches(document):
            span = doc[s:e]
            yield self.finding(span.start_char, span.end_char, replacement=self.replacement, match=span.text)


# Line-anchored patterns that can be searched as one alternation: no backreference or
# conditional (group numbers change inside the alternation).
_NO_GATE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


class _LineGate:
    """One alternation of every line-anchored ``regex`` rule's pattern (per set of flags).

    The alternation matches at a line start exactly when one of the patterns does there, so its
    first match in a document is where every rule's first match can start at the earliest:
    each rule scans from there (nothing, when the alternation finds nothing) instead of
    scanning the whole text. A document is searched once per set of patterns (document.cache)."""

    _patterns: dict[int, list[str]] = {}
    _compiled: dict[tuple, tuple | None] = {}

    @classmethod
    def add(cls, pattern: str, flags: int) -> bool:
        if _NO_GATE.search(pattern):
            return False
        patterns = cls._patterns.setdefault(flags, [])
        if pattern not in patterns:
            patterns.append(pattern)
        return True

    @classmethod
    def start(cls, document, flags: int) -> int:
        """Offset of the first line where one of the patterns matches; -1 if none does."""
        key = (flags, tuple(cls._patterns[flags]))
        cached = document.cache.get("regex.gate")
        if cached is None:
            cached = document.cache["regex.gate"] = {}
        found = cached.get(key)
        if found is None:
            regexes = cls._compiled.get(key, False)
            if regexes is False:
                alternation = "|".join(f"(?:{p})" for p in key[1])
                try:  # the first line; the others, found faster after a literal line break
                    regexes = (re.compile(rf"^[ \t]*(?:{alternation})[ \t]*$", flags),
                               re.compile(rf"\n[ \t]*(?:{alternation})[ \t]*$", flags))
                except re.error:  # e.g. clashing group names: no gate
                    regexes = None
                cls._compiled[key] = regexes
            if regexes is None:
                found = 0
            elif regexes[0].match(document.text):
                found = 0
            else:
                m = regexes[1].search(document.text)
                found = -1 if m is None else m.start() + 1
            cached[key] = found
        return found


@register("regex")
class RegexCheck(Check):
    def __init__(self, rule, options=None):
        super().__init__(rule, options)
        self.flags = re.MULTILINE | (0 if self.options.get("case_sensitive") else re.IGNORECASE)
        pattern = self.options["pattern"]
        self.gated = False
        if self.options.get("line"):
            self.gated = _LineGate.add(pattern, self.flags)
            pattern = rf"^[ \t]*(?:{pattern})[ \t]*$"
        self.regex = re.compile(pattern, self.flags)
        self.replacement = self.options.get("replacement")
        self.group = self.options.get("group", 0)

    def run(self, document):
        start = _LineGate.start(document, self.flags) if self.gated else 0
        if start < 0:
            return
        # no match of this pattern starts before ``start`` (a line start), so scanning from there
        # finds the same matches as scanning the whole text
        for m in self.regex.finditer(document.text, start):
            s, e = m.span(self.group)
            if s == e:
                continue
            replacement = None
            if self.replacement is not None:
                replacement = m.expand(self.replacement)
            yield self.finding(s, e, replacement=replacement, match=m.group(self.group))
