"""Types ``drug-promotion`` (a sentence selling a drug) and ``drug-promotion-document`` (an article
whose purpose is selling one). Both read the shared analysis in ``document.cache["drugs"]``
(``healthlint.drugs.analysis``); thresholds live there and in the rule's options.

drug-promotion options:
  min_severity: info|warning   # report sentences scored at least this (default: info)
"""
from __future__ import annotations

from ..drugs import analyse
from ..drugs.signals import load_cues
from . import Check, Related, register


def _end_with_space(text: str, end: int) -> int:
    while end < len(text) and text[end] in " \t":
        end += 1
    return end


@register("drug-promotion")
class DrugPromotionCheck(Check):
    def __init__(self, rule, options=None):
        super().__init__(rule, options)
        load_cues()     # read the cue lexicon once, with the rules, not inside the first document

    def run(self, document):
        analysis = analyse(document)
        floor = self.options.get("min_severity", "info")
        order = {"info": 0, "warning": 1, "error": 2}
        for v in analysis.scored:   # the sentences left unscored cannot reach a severity
            if not v.severity or order[v.severity] < order[floor]:
                continue
            drug = v.drug
            if drug is not None:
                what = f"a promotion of {drug.display_name} ({drug.ingredient}; {drug.describe()})"
            else:
                what = "a pitch for the products this article sells"
            message = f"Reads as {what}: {'; '.join(v.signals)} [score {v.score:.1f}]"
            yield self.finding(v.start, v.end, message=message, severity=v.severity, replacement="",
                               fix_span=(v.start, _end_with_space(document.text, v.end)), safe=False,
                               confidence=min(0.95, 0.35 + v.score / 10),
                               data={"drug": drug.name if drug else None,
                                     "ingredient": drug.ingredient if drug else None,
                                     "score": round(v.score, 2), "kind": v.kind})


@register("drug-promotion-document")
class DrugPromotionDocumentCheck(Check):
    def run(self, document):
        analysis = analyse(document)
        if not analysis.promotional:
            return
        flagged = analysis.flagged("warning")
        drugs = sorted({f"{v.drug.display_name} ({v.drug.ingredient}; {v.drug.describe()})"
                        for v in flagged if v.drug is not None})
        anchor = next((b for b in document.blocks if b.kind == "title"), document.blocks[0] if document.blocks else None)
        start, end = (anchor.start, anchor.end) if anchor else (0, 0)
        message = (f"The article appears to exist to sell {', '.join(drugs[:4]) or 'a drug'}: "
                   f"{'; '.join(analysis.reasons)}")
        yield self.finding(start, end, message=message, scope="document",
                           confidence=min(0.95, 0.5 + 0.05 * len(flagged)),
                           related=[Related(v.start, v.end, f"promotes {v.drug.display_name if v.drug else 'a drug'}")
                                    for v in flagged[:20]],
                           data=analysis.to_dict())
