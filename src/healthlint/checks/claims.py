"""Type ``claim``: token patterns for health claims, weighed by their context.

Like ``pattern`` (spaCy Matcher on LOWER/LEMMA), plus what a claim needs:
  patterns / antipatterns      Matcher patterns; matches overlapping an antipattern are dropped
  requires: [...]              further patterns that must ALSO match in the same sentence
  skip_words: [...]            lower-case words; a sentence containing any is a legitimate context
                               (e.g. alcohol/drug detox programmes in clinical news)
  skip_past: true              drop matches whose verb is in the past tense (reports, not promises)
  span: match | sentence       what to report
  hedge_lowers: true           a hedged sentence ("may", "some evidence") drops to hedged_severity
  hedged_severity: info
  sourced_article: N           in an article with N+ sentences naming a source, lower one step
  replacement: "..."           optional fix; "{rest}" = the match without its first token,
                               "{head}" = without its last token
Negated, debunking or quoted contexts are skipped ("there is no miracle cure", "so-called detox
teas", "claims that ... have no basis"). A named source or link in the sentence or the next one
lowers the severity one step.
"""
from __future__ import annotations

from .. import evidence
from . import register
from .anchors import AnchorGate
from .pattern import MatcherCheck, build_matcher

LOWER = {"error": "warning", "warning": "info", "info": "info"}


@register("claim")
class ClaimCheck(MatcherCheck):
    def __init__(self, rule, options=None):
        super().__init__(rule, options)
        self.requires = build_matcher(self.options.get("requires"), "req")
        self.requires_gate = AnchorGate(self.options.get("requires"))
        self.skip_words = {w.lower() for w in self.options.get("skip_words") or []}
        self.span_mode = self.options.get("span", "match")
        self.hedge_lowers = self.options.get("hedge_lowers", True)
        self.hedged_severity = self.options.get("hedged_severity", "info")
        self.replacement = self.options.get("replacement")
        self.skip_past = self.options.get("skip_past", False)
        self.sourced_article = self.options.get("sourced_article")

    def run(self, document):
        doc = document.doc
        if self.requires is not None and not self.requires_gate.possible(document):
            return  # what must also match in the sentence occurs nowhere in the document
        reported: set[int] = set()
        for s, e in self.matches(document):
            span = doc[s:e]
            sent = span.sent
            if sent.start in reported and self.span_mode == "sentence":
                continue
            if not self._applies(document, span, sent):
                continue
            severity, confidence = self._weigh(document, sent)
            start, end = (sent.start_char, sent.end_char) if self.span_mode == "sentence" else (span.start_char, span.end_char)
            end = start + len(document.text[start:end].rstrip())
            reported.add(sent.start)
            yield self.finding(start, end, severity=severity, confidence=confidence,
                               replacement=self._replacement(span), fix_span=(span.start_char, span.end_char),
                               match=span.text)

    def _applies(self, document, span, sent) -> bool:
        words = set(evidence.lower_tokens(sent))
        if self.skip_words & words:
            return False
        if sent.text.rstrip().endswith("?"):
            return False  # a question asserts nothing
        if evidence.negated_before(sent, span.start) or evidence.debunking_sentence(sent):
            return False
        if evidence.rebutted_nearby(document, sent):
            return False
        if evidence.in_quotes(document, span.start_char, span.end_char):
            return False
        if self.requires is not None and not self.requires(sent):
            return False
        if self.skip_past:  # last: parsing a sentence costs ~1 ms
            parsed = document.tag(span)  # tags from the trained model, for this sentence only
            if parsed is not None and any(t.tag_ in ("VBD", "VBN") for t in parsed if t.pos_ in ("VERB", "AUX")):
                return False
        return True

    def _weigh(self, document, sent) -> tuple[str, float]:
        severity, confidence = self.rule.severity, 0.85
        if self.hedge_lowers and evidence.hedged(sent):
            severity, confidence = self.hedged_severity, 0.5
        if evidence.source_nearby(document, sent):
            severity, confidence = LOWER[severity], confidence - 0.2
        elif self.sourced_article and evidence.sourced_sentence_count(document) >= int(self.sourced_article):
            severity, confidence = LOWER[severity], confidence - 0.2  # reported in sourced journalism
        return severity, confidence

    def _replacement(self, span):
        if self.replacement is None:
            return None
        return self.replacement.format(match=span.text, rest=span[1:].text, head=span[:-1].text)

