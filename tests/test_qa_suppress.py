"""Suppression comments shown as code in Markdown are examples, not directives."""
import pytest

SPUN = "Neck torment is common.\n"


@pytest.mark.parametrize("prefix", [
    "```\n<!-- healthlint-disable -->\n```\n\n",
    "~~~md\n<!-- healthlint-disable-next-line HL101 -->\n~~~\n",
    "Intro.\n\n    <!-- healthlint-disable -->\n\n",
    "Write `<!-- healthlint-disable -->` to switch it off.\n\n",
    "See [`<!-- healthlint-disable -->`](http://example.com).\n\n",
])
def test_suppression_inside_code_does_not_count(linter, prefix):
    source = prefix + SPUN
    findings = [f for f in linter.lint_text(source, "markdown", "a.md") if f.rule == "HL101"]
    assert [f.start for f in findings] == [source.index("Neck torment")]


@pytest.mark.parametrize("prefix", [
    "<!-- healthlint-disable -->\n\n",
    "Text.\n<!-- healthlint-disable-next-line HL101 -->\n",
])
def test_suppression_outside_code_still_counts(linter, prefix):
    source = "```\ncode\n```\n\n" + prefix + SPUN
    assert not [f for f in linter.lint_text(source, "markdown", "a.md") if f.rule == "HL101"]
