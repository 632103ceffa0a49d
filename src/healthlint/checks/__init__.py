"""Checks are code: one module per rule *type*. A rule (data, rules/*.yaml) names its type.

A check module registers its classes with ``@register("type-name")``; every module of this
package is imported on first use, so a new check type is one new module here.
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Iterable

from ..document import Document
from ..findings import Finding, Fix, Related

REGISTRY: dict[str, type["Check"]] = {}
_loaded = False


def register(name: str):
    def wrap(cls):
        REGISTRY[name] = cls
        cls.type_name = name
        return cls
    return wrap


def check_class(type_name: str) -> type["Check"]:
    global _loaded
    if not _loaded:
        for mod in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{mod.name}")
        _loaded = True
    try:
        return REGISTRY[type_name]
    except KeyError:
        raise KeyError(f"unknown check type {type_name!r} (known: {', '.join(sorted(REGISTRY))})") from None


class Check:
    """Base class: compiled once per linter from a rule, then run on many documents."""
    type_name = ""

    def __init__(self, rule, options: dict | None = None):
        self.rule = rule
        self.options = {**rule.options, **(options or {})}

    def run(self, document: Document) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    # helpers for subclasses --------------------------------------------------------------
    def finding(self, start: int, end: int, *, message: str | None = None, severity: str | None = None,
                replacement: str | None = None, safe: bool | None = None, confidence: float = 1.0,
                related: Iterable[Related] = (), fix_span: tuple[int, int] | None = None,
                scope: str | None = None, data: dict | None = None, **fields) -> Finding:
        """Build a finding for this rule; ``fields`` fill the rule's message template."""
        text = message if message is not None else self.rule.message
        try:
            text = text.format(**fields) if fields else text
        except (KeyError, IndexError, ValueError):
            pass
        fix = None
        if replacement is not None:
            fs, fe = fix_span or (start, end)
            default_safe = (self.rule.fix or {}).get("safe", True) if isinstance(self.rule.fix, dict) else True
            fix = Fix(replacement, fs, fe, default_safe if safe is None else safe)
        return Finding(rule=self.rule.id, category=self.rule.category, severity=severity or self.rule.severity,
                       message=text, start=start, end=end, fix=fix, related=list(related),
                       confidence=confidence, scope=scope or self.rule.scope, data=data or {})
