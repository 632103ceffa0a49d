"""``--format gitlab``: GitLab Code Quality report (a JSON array of Code Climate issues)."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..fingerprints import unique_fingerprints
from ..gitdiff import relative_path, repo_root

SEVERITY = {"info": "info", "warning": "major", "error": "critical"}
CATEGORY = {"duplication": "Duplication", "readability": "Clarity", "structure": "Style"}


def issues(results, rules, root: Path) -> list[dict]:
    out = []
    for r in results:
        path = relative_path(r.path, root)
        if r.error:
            out.append({"type": "issue", "description": r.error.message, "check_name": r.error.code,
                        "fingerprint": _error_fp(path, r.error.code),
                        "severity": "blocker", "categories": ["Bug Risk"],
                        "location": {"path": path, "lines": {"begin": 1, "end": 1}}})
            continue
        for f, fp in zip(r.findings, unique_fingerprints(path, r)):
            out.append({
                "type": "issue", "description": f"{f.rule}: {f.message}", "check_name": f.rule,
                "fingerprint": fp, "severity": SEVERITY[f.severity],
                "categories": [CATEGORY.get(f.category, "Style")],
                "location": {"path": path, "lines": {"begin": f.line, "end": f.end_line}},
            })
    return out


def _error_fp(path: str, code: str) -> str:
    return hashlib.sha256(f"{path}\0{code}".encode()).hexdigest()[:32]


def render(results, rules, out, options) -> None:
    root = Path(options.get("root") or repo_root()).resolve()
    json.dump(issues(results, rules, root), out, ensure_ascii=False, indent=2)
    out.write("\n")
