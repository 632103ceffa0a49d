"""``--format rdjsonl``: reviewdog diagnostics, one JSON Diagnostic per line (see ``rdjson``)."""
from __future__ import annotations

import json
from pathlib import Path

from ..gitdiff import repo_root
from .rdjson import diagnostics


def render(results, rules, out, options) -> None:
    root = Path(options.get("root") or repo_root()).resolve()
    for d in diagnostics(results, rules, root):
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
