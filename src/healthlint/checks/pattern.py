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


@register("pattern")
class PatternCheck(Check):
    def __init__(self, rule, options=None):
        super().__init__(rule, options)
        from spacy.matcher import Matcher
        nlp = get_nlp()
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.matcher.add(rule.id, list(self.options.get("patterns") or []), greedy="LONGEST")
        self.anti = None
        if self.options.get("antipatterns"):
            self.anti = Matcher(nlp.vocab, validate=True)
            self.anti.add("anti", list(self.options["antipatterns"]))
        self.replacement = self.options.get("replacement")

    def run(self, document):
        doc = document.doc
        blocked: set[int] = set()
        if self.anti is not None:
            for _, s, e in self.anti(doc):
                blocked.update(range(s, e))
        for _, s, e in sorted(self.matcher(doc), key=lambda m: m[1]):
            if blocked.intersection(range(s, e)):
                continue
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
