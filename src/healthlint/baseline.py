"""Baselines: adopt healthlint on a repository with existing findings and report only new ones.

A baseline file records each current finding by path, rule and fingerprint (rule + normalised
excerpt + neighbouring text, see ``fingerprints``), with a count. Matching ignores line numbers,
so findings survive edits elsewhere in the file; it is count-aware, so a second identical finding
added later is reported.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from .fingerprints import fingerprints
from .gitdiff import relative_path

SCHEMA = "healthlint-baseline/1"


class BaselineError(ValueError):
    pass


def _key(result, root: Path) -> str:
    return relative_path(result.path, root)


def build(results, root: Path) -> dict:
    counts: Counter = Counter()
    excerpts: dict[tuple, str] = {}
    for r in results:
        path = _key(r, root)
        for f, fp in zip(r.findings, fingerprints(r)):
            k = (path, f.rule, fp)
            counts[k] += 1
            excerpts.setdefault(k, f.excerpt[:120])
    entries = [{"path": p, "rule": rule, "fingerprint": fp, "count": n, "excerpt": excerpts[(p, rule, fp)]}
               for (p, rule, fp), n in sorted(counts.items())]
    return {"schema": SCHEMA, "findings": entries}


def write(path: str, results, root: Path) -> int:
    data = build(results, root)
    Path(path).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return sum(e["count"] for e in data["findings"])


def load(path: str) -> Counter:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BaselineError(f"cannot read baseline {path}: {exc}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a healthlint baseline (schema {SCHEMA})")
    counts: Counter = Counter()
    for e in data["findings"]:
        try:
            counts[(e["path"], e["rule"], e["fingerprint"])] += int(e.get("count", 1))
        except (KeyError, TypeError, ValueError):
            raise BaselineError(f"{path}: malformed entry {e!r}") from None
    return counts


def apply(results, baseline: Counter, root: Path) -> int:
    """Drop findings recorded in the baseline (each entry hides at most ``count`` findings);
    returns how many were hidden."""
    remaining = Counter(baseline)
    hidden = 0
    for r in results:
        path = _key(r, root)
        kept = []
        for f, fp in zip(r.findings, fingerprints(r)):
            k = (path, f.rule, fp)
            if remaining[k] > 0:
                remaining[k] -= 1
                hidden += 1
            else:
                kept.append(f)
        r.findings = kept
    return hidden
