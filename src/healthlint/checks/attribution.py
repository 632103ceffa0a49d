"""Types ``anonymous-authority`` and ``unaffiliated-expert``: who says so?

anonymous-authority options:
  patterns / antipatterns   Matcher patterns for "experts say", "studies show", "a specialist recommends"
  product: exclude | require | any
                            exclude: skip sentences that endorse a drug or product (another rule's job);
                            require: only those (a higher-severity rule)
  after: 1, before: 1       how many following / preceding sentences may carry the source
  sourced_article: 3        in an article with this many sentences naming a source, a lone
                            anonymous authority is only info (reporting shorthand, not a pattern)
A match is reported only when no source is nearby: a name, an organisation or journal, "according
to", "published in", an author-year citation, or a link in the source (see evidence.py).

unaffiliated-expert: "Dr Jane Smith says ..." where neither the sentence, its neighbours, nor any
other mention of the same surname in the document gives an affiliation or a citation.
"""
from __future__ import annotations

import functools
import re

from .. import evidence
from ..resources import read_lexicon
from . import Check, register
from .pattern import MatcherCheck

# "Waklert 150", "Aspadol 100mg", "Pain-O-Soma 500" (not years, not percentages)
_STRENGTH = re.compile(r"\b[A-Z][A-Za-z]+(?:-[A-Za-z]+)*\s?(?!(?:19|20)\d\d\b)\d{2,4}\s?(?:mg|mcg)?\b(?!\s*(?:%|percent|per|years?|people|patients|adults|mg/dl))")


@functools.lru_cache(maxsize=1)
def prescription_drugs() -> frozenset:
    """One-word prescription or controlled drug names from rules/lexicons/drugs.tsv (if present)."""
    return frozenset(row["name"].lower() for row in read_lexicon("drugs.tsv", optional=True)
                     if row.get("status") in ("rx", "controlled") and " " not in (row.get("name") or " "))


def endorses_product(sent) -> bool:
    if _STRENGTH.search(sent.text):
        return True
    drugs = prescription_drugs()
    return any(t.lower_ in drugs for t in sent)


@register("anonymous-authority")
class AnonymousAuthority(MatcherCheck):
    def __init__(self, rule, options=None):
        super().__init__(rule, options)
        self.product = self.options.get("product", "any")
        self.after = int(self.options.get("after", 1))
        self.before = int(self.options.get("before", 1))
        self.sourced_article = int(self.options.get("sourced_article", 3))
        if self.product != "any":
            prescription_drugs()  # read the lexicon once, with the rules, not inside the first document

    def run(self, document):
        doc = document.doc
        for s, e in self.matches(document):
            span = doc[s:e]
            sent = span.sent
            if evidence.negated_before(sent, span.start, window=3) or evidence.in_quotes(document, span.start_char, span.end_char):
                continue
            if all(t.is_punct or t.is_space for t in doc[e:sent.end]):
                continue  # "..., experts say." closes a reported sentence: journalism's attribution style
            product = endorses_product(sent)
            if (self.product == "exclude" and product) or (self.product == "require" and not product):
                continue
            if evidence.source_nearby(document, sent, after=self.after, before=self.before):
                continue
            severity, confidence = self.rule.severity, 0.8 if not product else 0.9
            if not product and evidence.sourced_sentence_count(document) >= self.sourced_article:
                # an article that names its sources elsewhere: a shortcut in reporting, not a pattern
                severity, confidence = "info", 0.5
            yield self.finding(span.start_char, span.end_char, match=span.text, severity=severity,
                               confidence=confidence)


# (the lookahead on the characters a match can start with: same matches, faster search)
_EXPERT = re.compile(r"(?=[DP])\b(?:Dr|Prof|Professor|Doctor)\.?\s+(?:[A-Z][a-z'’-]+\s+)?([A-Z][a-z'’-]+)")
_AFFILIATION = re.compile(
    r"\b(?:at|of|from|with)\s+(?:the\s+)?[A-Z]|\b[a-z]+-based\b|\b(?:professor|director|chief|head|chair|"
    r"spokes(?:wo)?man|spokesperson|author|researcher|member|fellow|president|dean|lecturer)\b", re.I)
_SPEECH = re.compile(r"\b(?:says?|said|recommends?|recommended|advises?|advised|suggests?|warns?|explains?|"
                     r"believes?|swears?|insists?|claims?|told|agrees?)\b")


_TITLES = ("Dr", "Prof", "Doctor")  # every _EXPERT match starts with one of these


def _title_positions(text: str) -> list[int]:
    """Offsets where an _EXPERT match could start: a title word followed by '.' or a space."""
    found = []
    for title in _TITLES:
        i = text.find(title)
        while i != -1:
            after = text[i + len(title):i + len(title) + 1]
            if after == "." or after.isspace() or (title == "Prof" and text.startswith("essor", i + 4)):
                found.append(i)
            i = text.find(title, i + 1)
    return sorted(found)


@register("unaffiliated-expert")
class UnaffiliatedExpert(Check):
    def run(self, document):
        text = document.text
        titles = _title_positions(text)
        if not titles:
            return
        bounds = evidence.sentence_bounds(document)
        if not bounds:
            return
        seen: set[int] = set()
        for pos in titles:
            i = evidence.sentence_index(document, pos)
            if i in seen or not bounds[i][0] <= pos < bounds[i][1]:
                continue
            seen.add(i)
            start_char, end_char = bounds[i]
            sent_text = text[start_char:end_char]
            m = _EXPERT.search(sent_text)
            if not m or not _SPEECH.search(sent_text):
                continue
            surname = m.group(1)
            if self._affiliated(document, surname):
                continue
            if evidence.has_link(document, start_char, end_char) or evidence._CITE.search(sent_text):
                continue
            yield self.finding(start_char + m.start(), start_char + m.end(), match=m.group(0), confidence=0.6)

    @staticmethod
    def _affiliated(document, surname: str) -> bool:
        """Any mention of the surname in the document comes with an affiliation or a citation."""
        key = f"attribution.affiliated.{surname}"
        if key not in document.cache:
            found = False
            for s, e in evidence.sentence_bounds(document):
                sent_text = document.text[s:e]
                if surname in sent_text and (_AFFILIATION.search(sent_text) or evidence._ORG_WORDS.search(sent_text)
                                             or evidence._CITE.search(sent_text)):
                    found = True
                    break
            document.cache[key] = found
        return document.cache[key]
