"""Output formats, one module each, all built from the one finding model."""
from __future__ import annotations

import importlib

FORMATS = {"text": "text", "json": "json_report", "sarif": "sarif", "github": "github", "rdjson": "rdjson",
           "rdjsonl": "rdjsonl", "gitlab": "gitlab", "junit": "junit"}


def register_format(name: str, module: str) -> None:
    FORMATS[name] = module


def render(fmt: str, results, rules, out, options: dict | None = None) -> None:
    module = importlib.import_module(f"{__name__}.{FORMATS[fmt]}")
    module.render(results, rules, out, options or {})
