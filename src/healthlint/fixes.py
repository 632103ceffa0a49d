"""Applying suggested fixes: never two overlapping fixes in one pass; unsafe only on request."""
from __future__ import annotations

from .findings import Finding


def apply_fixes(source: str, findings: list[Finding], unsafe: bool = False) -> tuple[str, list[Finding]]:
    """Return the fixed text and the findings whose fixes were applied."""
    chosen: list[Finding] = []
    last_end = -1
    candidates = [f for f in findings if f.fix is not None and (f.fix.safe or unsafe)]
    for f in sorted(candidates, key=lambda f: (f.fix.start, f.fix.end)):
        if f.fix.start < last_end or (f.fix.start == last_end and chosen and chosen[-1].fix.start == f.fix.start):
            continue  # overlaps one already taken: a later pass will see it again if still relevant
        chosen.append(f)
        last_end = f.fix.end
    out = []
    pos = 0
    for f in chosen:
        out.append(source[pos:f.fix.start])
        out.append(f.fix.replacement)
        pos = f.fix.end
    out.append(source[pos:])
    return _tidy("".join(out)), chosen


def _tidy(text: str) -> str:
    """Deleting a sentence can leave a double space or a blank line with spaces; fold those."""
    import re
    text = re.sub(r"(?<=\S) {2,}(?=\S)", " ", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text
