"""Type ``spin``: synonym-spun phrases ("bosom malignant growth") and the machine-spun verdict.

The analysis (lexicon, tiers, corroboration, score) is ``healthlint.spin.analyse``; this module
only turns its result into findings. options (all optional; defaults in healthlint.spin.DEFAULTS):
  report: phrases | document       # one finding per counted phrase (HL101) or one verdict (HL150)
  lexicon / overrides: file.tsv    # rules/lexicons/...; "" to disable
  phrases: {spun: plain}           # extra inline tier-1 entries
  tier2_section_tier1, tier2_document_tier1          # tier-2 corroboration thresholds
  tier2_severity_alone / tier2_severity_spun         # severity of a tier-2 hit (info / warning)
  doc_min_per_1000, doc_min_distinct, doc_min_sentence_share   # the document verdict
"""
from __future__ import annotations

from ..findings import Related
from ..spin import analyse, is_spun
from . import Check, register


@register("spin")
class SpinCheck(Check):
    def run(self, document):
        result = analyse(document, self.options)
        if self.options.get("report", "phrases") == "document":
            yield from self._verdict(document, result)
        else:
            yield from self._phrases(result)

    def _phrases(self, result):
        spun_doc = result["spun"]
        for m in result["matches"]:
            if not m["counted"]:
                continue
            if m["tier"] == 1:
                severity = None  # the rule's
                confidence = 0.95 if spun_doc else 0.85
            else:
                severity = self.options.get("tier2_severity_spun" if spun_doc else "tier2_severity_alone",
                                            "warning" if spun_doc else "info")
                confidence = 0.75 if spun_doc else (0.55 if m["corroboration"] == "section" else 0.45)
            plain = m["plain"]
            # safe only when unambiguous, certain and a plain run of words (no line break inside)
            safe = len(plain) == 1 and m["tier"] == 1 and "\n" not in m["text"]
            alternatives = "" if len(plain) == 1 else " (or: " + ", ".join(plain[1:]) + ")"
            yield self.finding(m["start"], m["end"], severity=severity, replacement=m["replacement"], safe=safe,
                               confidence=confidence, data=m, match=" ".join(m["text"].split()),
                               replacement_text=m["replacement"] + alternatives)

    def _verdict(self, document, result):
        if not is_spun(result, self.options) or not document.blocks:
            return
        result["spun"] = True
        first = document.blocks[0]
        top = ", ".join(f"'{s}' ({p}) x{n}" for s, p, n in result["top"][:3])
        counted = [m for m in result["matches"] if m["counted"]]
        related = [Related(m["start"], m["end"], f"spun: '{m['text']}' -> '{m['replacement']}'") for m in counted[:5]]
        confidence = min(0.99, 0.6 + result["per_1000_words"] / 100 + result["distinct"] / 50)
        yield self.finding(first.start, first.end, scope="document", confidence=confidence, related=related,
                           data={k: v for k, v in result.items() if k != "matches"},
                           count=result["counted"], distinct=result["distinct"],
                           per_1000=f"{result['per_1000_words']:.1f}",
                           share=f"{100 * result['sentence_share']:.0f}", top=top)
