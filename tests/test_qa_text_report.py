"""Text report: the carets sit under the finding on a terminal (tabs, wide characters, long lines)."""
import io
import unicodedata

import pytest

from healthlint.findings import FileResult, Finding
from healthlint.report.text import render


def _cells(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _report(source, start, end):
    f = Finding("HL101", "spin", "warning", "m", start, end, line=1, column=start + 1, end_line=1,
                end_column=end + 1, excerpt=source[start:end])
    out = io.StringIO()
    render([FileResult("a.txt", [f], source=source)], {}, out, {"color": False})
    shown, carets = out.getvalue().split("\n")[1:3]
    return shown[4:], carets[4:]


@pytest.mark.parametrize("source", [
    "\tTabbed\tneck torment here.",
    "日本語 neck torment 😀 after",
    "word " * 3000 + "neck torment and more.",
    "x" * 150 + " neck torment " + "y" * 150,
])
def test_carets_under_the_span(source):
    start = source.index("neck torment")
    shown, carets = _report(source, start, start + 12)
    assert "\t" not in shown and len(shown) <= 220
    pad = len(carets) - len(carets.lstrip(" "))
    assert carets.strip() == "^" * 12
    # the cells before the carets hold exactly the shown text before the span
    prefix = shown[:shown.index("neck torment")]
    assert _cells(prefix) == pad


def test_control_characters_are_not_echoed_to_the_terminal():
    source = "A\x1b[31mred neck torment"
    shown, _ = _report(source, source.index("neck"), len(source))
    assert "\x1b" not in shown


@pytest.mark.parametrize("source, fmt, offered", [
    ("Some text neck *torment* here.\n", "markdown", False),   # the fix would cut through the emphasis
    ("Some text neck torment here.\n", "markdown", True),
])
def test_a_fix_that_would_break_markup_is_shown_as_a_suggestion(source, fmt, offered):
    from healthlint import Linter
    findings = [f for f in Linter(select=["HL101"]).lint_text(source, fmt) if f.rule == "HL101"]
    out = io.StringIO()
    render([FileResult("a.md", findings, source=source, fmt=fmt)], {}, out, {"color": False})
    text = out.getvalue()
    assert ("fix: replace with 'neck pain'" in text) is offered
    assert ("suggestion: replace with 'neck pain' (by hand: the fix would break the Markdown markup)" in text) is not offered
