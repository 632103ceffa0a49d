"""The review page's JSON API as plain functions: validate a request body, lint or fix, answer.

Finding dicts are the ``healthlint/1`` ones plus four editor fields: ``id`` (stable for the same
text: rule, start, end), ``scope`` ("span" or "document"), ``name`` (the rule's name) and
``fix_breaks_markup`` (the fix would break the Markdown/HTML markup: never applied, make it by hand).
"""
from __future__ import annotations

import threading
from typing import Any

from .. import SCHEMA
from ..engine import unknown_selectors
from ..fixes import MARKUP, MARKUP_NAMES, apply_fixes, breaks_markup, fix_to_fixed_point, keeps_markup
from ..formats import FORMATS, format_for, parse
from ..readability import grade_level, reading_ease

MAX_TEXT_CHARS = 1_000_000
_lock = threading.Lock()   # one spaCy pipeline: lint one request at a time


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _text_and_format(body: Any) -> tuple[str, str, str | None]:
    if not isinstance(body, dict):
        raise ApiError(400, "the request body must be a JSON object")
    text = body.get("text")
    if not isinstance(text, str):
        raise ApiError(400, "'text' must be a string")
    if len(text) > MAX_TEXT_CHARS:
        raise ApiError(413, f"'text' is longer than {MAX_TEXT_CHARS} characters")
    filename = body.get("filename")
    if filename is not None and not isinstance(filename, str):
        raise ApiError(400, "'filename' must be a string")
    fmt = body.get("format") or "auto"
    if not isinstance(fmt, str):
        raise ApiError(400, "'format' must be a string")
    if fmt == "auto":
        fmt = format_for(filename)
    if fmt not in FORMATS:
        raise ApiError(400, f"unknown format {fmt!r} (one of: auto, {', '.join(FORMATS)})")
    return text, fmt, filename


def _string_list(body: dict, key: str) -> list[str] | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ApiError(400, f"'{key}' must be a list of strings")
    return value


def _selectors(linter, body: dict, key: str) -> list[str] | None:
    """A list of rule selectors, checked as the command line checks --select: one that names no
    rule, id prefix or category is an error (it would otherwise silently select nothing)."""
    selectors = _string_list(body, key)
    bad = unknown_selectors(linter.all_rules.values(), selectors or [])
    if bad:
        raise ApiError(400, f"'{key}': unknown rule selector(s) {', '.join(map(repr, bad))} "
                            "(use rule ids, id prefixes like HL1, or categories; see GET /api/rules)")
    return selectors


def finding_id(f) -> str:
    return f"{f.rule}:{f.start}:{f.end}"


def _lint(linter, text: str, fmt: str, filename: str | None):
    try:
        document = parse(text, fmt, filename)
    except Exception as exc:  # a reader that chokes on the input: tell the editor, not a traceback
        raise ApiError(422, f"could not read the text as {fmt}: {type(exc).__name__}") from None
    with _lock:
        findings = linter.lint_documents([document])[0]
    return document, findings


def _selected(linter, findings, select: list[str] | None):
    if not select:
        return findings
    rules = linter.all_rules
    return [f for f in findings if f.rule in rules and any(rules[f.rule].matches(s) for s in select)]


def finding_dict(linter, f, text: str | None = None, fmt: str | None = None) -> dict[str, Any]:
    """The finding as the page gets it; with ``text`` and ``fmt``, ``fix_breaks_markup`` says whether
    its fix would break the markup (then the page shows it as a suggestion, not a button)."""
    rule = linter.all_rules.get(f.rule)
    out = {**f.to_dict(), "id": finding_id(f), "scope": f.scope, "name": rule.name if rule else f.rule}
    if text is not None and fmt is not None:
        out["fix_breaks_markup"] = breaks_markup(text, f, fmt)
    return out


def readability(document) -> dict[str, Any]:
    text = document.text
    sentences = sum(1 for _ in document.sentences())
    words = document.word_count
    grade = round(grade_level(text), 1) if words else None
    ease = round(reading_ease(text), 1) if words else None
    return {"grade_level": grade, "reading_ease": ease, "words": words, "sentences": sentences}


def lint(linter, body: Any) -> dict[str, Any]:
    """``POST /api/lint`` {text, format, filename?, select?}."""
    text, fmt, filename = _text_and_format(body)
    select = _selectors(linter, body, "select")
    document, findings = _lint(linter, text, fmt, filename)
    findings = [finding_dict(linter, f, text, fmt) for f in _selected(linter, findings, select)]
    return {"schema": SCHEMA, "format": fmt, "findings": findings,
            "document": {"readability": readability(document),
                         "verdicts": [f for f in findings if f["scope"] == "document"]}}


def fix(linter, body: Any) -> dict[str, Any]:
    """``POST /api/fix`` {text, format, filename?, unsafe?, rules?, ids?}.

    Without ``ids`` every safe fix (and unsafe ones with ``unsafe: true``) of the selected rules is
    applied; findings named by ``ids`` were chosen by the editor one by one, so their fixes are
    applied even when unsafe, in one pass, except those that would break the markup (answered in
    ``skipped`` with the reason). Otherwise fixes are applied as ``check --fix`` does: re-linting
    between passes until nothing changes, never a fix that would break markup.
    """
    text, fmt, filename = _text_and_format(body)
    unsafe = body.get("unsafe", False)
    if not isinstance(unsafe, bool):
        raise ApiError(400, "'unsafe' must be true or false")
    rules = _selectors(linter, body, "rules")
    ids = _string_list(body, "ids")
    _, findings = _lint(linter, text, fmt, filename)
    findings = _selected(linter, findings, rules)
    allowed = None if fmt not in MARKUP else (lambda current, f: keeps_markup(current, f, MARKUP[fmt]))
    skipped = []
    if ids is not None:
        wanted = set(ids)
        chosen = [f for f in findings if finding_id(f) in wanted and f.fix is not None]
        skipped = [{"id": finding_id(f), "reason": f"the fix would break the {MARKUP_NAMES[fmt]} markup: "
                                                   "make the change by hand"}
                   for f in chosen if breaks_markup(text, f, fmt)]
        chosen = [f for f in chosen if not breaks_markup(text, f, fmt)]
        fixed, applied = apply_fixes(text, chosen, unsafe=True)
    else:
        outcome = fix_to_fixed_point(
            text, findings, lambda current: _selected(linter, _lint(linter, current, fmt, filename)[1], rules),
            unsafe=unsafe, allowed=allowed)
        fixed, applied = outcome.fixed, outcome.applied
    answer = {"text": fixed, "applied": [finding_dict(linter, f) for f in applied]}
    if skipped:
        answer["skipped"] = skipped
    return answer


def rules(linter) -> dict[str, Any]:
    """``GET /api/rules``: every rule the linter knows, with what the side panel explains."""
    active = {r.id for r in linter.rules}
    return {"rules": [{"id": r.id, "name": r.name, "category": r.category, "severity": r.severity,
                       "scope": r.scope, "message": r.message, "rationale": r.rationale, "link": r.link,
                       "fixable": bool(r.fix), "enabled": r.id in active}
                      for r in sorted(linter.all_rules.values(), key=lambda r: r.id)]}
