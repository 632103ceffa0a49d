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

import re

from ..nlp import get_nlp
from . import Check, register


def build_matcher(patterns, key: str, greedy: str | None = "LONGEST"):
    """A spaCy Matcher over the shared pipeline's vocabulary (None when there are no patterns)."""
    if not patterns:
        return None
    from spacy.matcher import Matcher
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
    """Base for checks driven by ``patterns`` / ``antipatterns`` options."""

    def __init__(self, rule, options=None):
        super().__init__(rule, options)
        self.matcher = build_matcher(self.options.get("patterns"), rule.id)
        self.anti = build_matcher(self.options.get("antipatterns"), "anti", greedy=None)

    def matches(self, doc):
        return matches_outside(doc, self.matcher, self.anti)


@register("pattern")
class PatternCheck(MatcherCheck):
    def __init__(self, rule, options=None):
        super().__init__(rule, options)
        self.replacement = self.options.get("replacement")

    def run(self, document):
        doc = document.doc
        for s, e in self.matches(doc):
            span = doc[s:e]
            yield self.finding(span.start_char, span.end_char, replacement=self.replacement, match=span.text)


@register("regex")
class RegexCheck(Check):
    def __init__(self, rule, options=None):
        super().__init__(rule, options)
        flags = re.MULTILINE | (0 if self.options.get("case_sensitive") else re.IGNORECASE)
        pattern = self.options["pattern"]
        if self.options.get("line"):
            pattern = rf"^[ \t]*(?:{pattern})[ \t]*$"
        self.regex = re.compile(pattern, flags)
        self.replacement = self.options.get("replacement")
        self.group = self.options.get("group", 0)

    def run(self, document):
        for m in self.regex.finditer(document.text):
            s, e = m.span(self.group)
            if s == e:
                continue
            replacement = None
            if self.replacement is not None:
                replacement = m.expand(self.replacement)
            yield self.finding(s, e, replacement=replacement, match=m.group(self.group))
