"""``--format rdjson``: reviewdog's Diagnostic Format (one DiagnosticResult), with fixes as
suggestions. Positions are 1-based; columns count UTF-8 bytes, as reviewdog expects."""
from __future__ import annotations

import json
from pathlib import Path

from ..gitdiff import relative_path, repo_root
from ..positions import LineIndex

SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}
SOURCE = {"name": "healthlint", "url": "https://pypi.org/project/healthlint/"}


def _range(index: LineIndex, start: int, end: int) -> dict:
    line, col = index.position(start, "utf8")
    end_line, end_col = index.position(max(start, end), "utf8")
    return {"start": {"line": line, "column": col}, "end": {"line": end_line, "column": end_col}}


def diagnostics(results, rules, root: Path):
    for r in results:
        path = relative_path(r.path, root)
        if r.error:
            yield {"message": r.error.message, "location": {"path": path}, "severity": "ERROR",
                   "source": SOURCE, "code": {"value": r.error.code}}
            continue
        index = LineIndex(r.source or "")
        for f in r.findings:
            d = {"message": f.message,
                 "location": {"path": path, "range": _range(index, f.start, f.end)},
                 "severity": SEVERITY[f.severity], "source": SOURCE, "code": {"value": f.rule}}
            rule = rules.get(f.rule)
            if rule is not None and rule.link:
                d["code"]["url"] = rule.link
            if f.fix is not None:
                d["suggestions"] = [{"range": _range(index, f.fix.start, f.fix.end), "text": f.fix.replacement}]
            if f.related:
                d["related_locations"] = [{"message": rel.message,
                                           "location": {"path": path, "range": _range(index, rel.start, rel.end)}}
                                          for rel in f.related]
            yield d


def render(results, rules, out, options) -> None:
    root = Path(options.get("root") or repo_root()).resolve()
    doc = {"source": SOURCE, "diagnostics": list(diagnostics(results, rules, root))}
    json.dump(doc, out, ensure_ascii=False, indent=2)
    out.write("\n")
