"""``--format json``: exactly the ``healthlint/1`` schema (schema/healthlint-1.json, docs/output-format.md)."""
from __future__ import annotations

import json
from collections import Counter

from ..findings import CATEGORIES, SEVERITIES


def summary(results) -> dict:
    by_category = Counter({c: 0 for c in CATEGORIES})
    by_severity = Counter({s: 0 for s in SEVERITIES})
    total = 0
    for r in results:
        for f in r.findings:
            total += 1
            by_category[f.category] += 1
            by_severity[f.severity] += 1
    return {"files": len(results), "findings": total, "by_category": dict(by_category),
            "by_severity": dict(by_severity)}


def document(results) -> dict:
    from .. import SCHEMA
    return {"schema": SCHEMA, "files": [r.to_dict() for r in results], "summary": summary(results)}


def render(results, rules, out, options) -> None:
    json.dump(document(results), out, ensure_ascii=False, indent=2 if options.get("pretty") else None)
    out.write("\n")
