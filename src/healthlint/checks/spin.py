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

from ..findings import SEVERITY_RANK, Related
from ..spin import analyse, is_spun
from . import Check, register


@register("spin")
class SpinCheck(Check):
    def run(self, document):
        result = analyse(document, self.options)
        if self.options.get("report", "phrases") == "document":
            yield from self._verdict(document, result)
        else:
            yield from self._phrases(document, result)

    def _phrases(self, document, result):
        spun_doc = result["spun"]
        counted = [m for m in result["matches"] if m["counted"]]
        for run in _adjacent_runs(document.text, counted):
            parts = []
            for m in run:
                if m["tier"] == 1:
                    severity, confidence = self.rule.severity, 0.95 if spun_doc else 0.85
                else:
                    severity = self.options.get("tier2_severity_spun" if spun_doc else "tier2_severity_alone",
                                                "warning" if spun_doc else "info")
                    confidence = 0.75 if spun_doc else (0.55 if m["corroboration"] == "section" else 0.45)
                    if m["tier"] == 3:  # context-only: ordinary English outside spun text
                        confidence -= 0.1
                # safe only when unambiguous, certain and a plain run of words (no line break inside)
                safe = len(m["plain"]) == 1 and m["tier"] == 1 and "\n" not in m["text"]
                parts.append((severity, confidence, safe))
            first, last = run[0], run[-1]
            # adjacent hits ("Decrease again" + "torment") become one finding and one fix ("Lower back pain")
            replacement = "".join(m["replacement"] + (document.text[m["end"]:n["start"]] if n else "")
                                  for m, n in zip(run, run[1:] + [None]))
            plain = first["plain"] if len(run) == 1 else [replacement]
            alternatives = "" if len(plain) == 1 else " (or: " + ", ".join(plain[1:]) + ")"
            text = document.text[first["start"]:last["end"]]
            yield self.finding(first["start"], last["end"], severity=max((p[0] for p in parts), key=_rank),
                               replacement=replacement, safe=all(p[2] for p in parts),
                               confidence=min(p[1] for p in parts), data=first if len(run) == 1 else {"parts": run},
                               match=" ".join(text.split()), replacement_text=replacement + alternatives)

    def _verdict(self, document, result):
        if not is_spun(result, self.options) or not document.blocks:
            return
        result["spun"] = True
        first = next((b for b in document.blocks if b.kind in ("title", "heading")), document.blocks[0])
        top = ", ".join(f"'{s}' ({p}) x{n}" for s, p, n in result["top"][:3])
        counted = [m for m in result["matches"] if m["counted"]]
        related = [Related(m["start"], m["end"], f"spun: '{m['text']}' -> '{m['replacement']}'") for m in counted[:5]]
        confidence = min(0.99, 0.6 + result["per_1000_words"] / 100 + result["distinct"] / 50)
        yield self.finding(first.start, first.end, scope="document", confidence=confidence, related=related,
                           data={k: v for k, v in result.items() if k != "matches"},
                           count=result["counted"], distinct=result["distinct"],
                           per_1000=f"{result['per_1000_words']:.1f}",
                           share=f"{100 * result['sentence_share']:.0f}", top=top)


def _rank(severity: str) -> int:
    return SEVERITY_RANK[severity]


def _adjacent_runs(text: str, matches: list[dict]) -> list[list[dict]]:
    """Group hits separated only by spaces or a hyphen (never a line or sentence break)."""
    runs: list[list[dict]] = []
    for m in matches:
        if runs and m["sentence"] == runs[-1][-1]["sentence"] and text[runs[-1][-1]["end"]:m["start"]] in (" ", "-"):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs
