"""Stable identities for findings, independent of line numbers.

A fingerprint is the hash of the rule, the finding's normalised excerpt and the normalised text
around it (a window inside the same lines). Inserting or deleting paragraphs elsewhere in the
file keeps it; editing the sentence the finding sits in changes it. Used by baselines, SARIF
``partialFingerprints`` and GitLab Code Quality fingerprints.
"""
from __future__ import annotations

import hashlib
import re

from .findings import Finding

CONTEXT_CHARS = 60
VERSION = "healthlint/v1"
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def context(source: str, start: int, end: int, chars: int = CONTEXT_CHARS) -> str:
    """Up to ``chars`` characters either side of the span, not crossing a line break."""
    line_start = max(source.rfind("\n", 0, start), source.rfind("\r", 0, start)) + 1
    ends = [i for i in (source.find("\n", end), source.find("\r", end)) if i != -1]
    line_end = min(ends) if ends else len(source)
    before = source[max(line_start, start - chars):start]
    after = source[end:min(line_end, end + chars)]
    return normalise(before) + "\u2038" + normalise(after)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def fingerprint(finding: Finding, source: str | None) -> str:
    if source is None:
        excerpt, around = finding.excerpt, ""
    else:
        excerpt = source[finding.start:finding.end]
        around = context(source, finding.start, finding.end)
    return _digest(finding.rule, normalise(excerpt), around)


def fingerprints(result) -> list[str]:
    """Fingerprints of a FileResult's findings, in order."""
    return [fingerprint(f, result.source) for f in result.findings]


def unique_fingerprints(path: str, result) -> list[str]:
    """Fingerprints that also tell identical findings in one file apart (by occurrence number):
    for formats whose consumers require one fingerprint per finding (GitLab)."""
    seen: dict[str, int] = {}
    out = []
    for fp in fingerprints(result):
        n = seen.get(fp, 0)
        seen[fp] = n + 1
        out.append(_digest(path, fp, str(n)))
    return out
