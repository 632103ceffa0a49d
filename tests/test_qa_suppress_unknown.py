"""A suppression comment that names an unknown rule (HL999) or a misspelt directive is reported as
HL007 by `healthlint check` instead of being accepted silently."""
import jsonschema
import pytest

from conftest import ROOT, run_cli, run_json
from healthlint.rulepack import load_rules
from healthlint.suppress import suppression_problems

RULES = list(load_rules())
SPUN = "Neck torment is common.\n"


@pytest.mark.parametrize("comment,excerpt", [
    ("<!-- healthlint-disable-next-line HL999 -->", "HL999"),
    ("<!-- healthlint-disable-next-line HL101, HL999 -- a reason naming HL998 -->", "HL999"),
    ("<!-- healthlint-disable spinn -->", "spinn"),
    ("<!-- healthlint-disable-nextline HL101 -->", "healthlint-disable-nextline"),
    ("<!-- healthlint-disabled -->", "healthlint-disabled"),
])
def test_unknown_selectors_and_directives(comment, excerpt):
    source = "Intro.\n" + comment + "\n" + SPUN
    problems = suppression_problems(source, RULES)
    assert [(p.rule, p.severity, p.excerpt) for p in problems] == [("HL007", "warning", excerpt)]
    p = problems[0]
    assert source[p.start:p.end] == excerpt and p.line == 2 and p.column == comment.index(excerpt) + 1


@pytest.mark.parametrize("comment", [
    "<!-- healthlint-disable-next-line HL101 -- quoting a spammer on purpose -->",
    "<!-- healthlint-disable drug-promotion HL4 HL10 spun-phrase -->",
    "<!-- healthlint-disable -->", "<!-- healthlint-enable -->", "<!-- healthlint-enable spin -->",
])
def test_valid_comments_are_not_reported(comment):
    assert suppression_problems("Intro.\n" + comment + "\n" + SPUN, RULES) == []


def test_examples_in_markdown_code_are_not_reported(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("Write `<!-- healthlint-disable HL999 -->` like this.\n\n```\n<!-- healthlint-disable HL998 -->\n```\n")
    proc, data = run_json(str(p))
    assert not [f for f in data["files"][0]["findings"] if f["rule"] == "HL007"]


def test_check_reports_hl007(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("<!-- healthlint-disable-next-line HL999 -->\n" + SPUN)
    proc, data = run_json(str(p))
    assert proc.returncode == 1
    jsonschema.validate(data, __import__("json").loads((ROOT / "src/healthlint/schema/healthlint-1.json").read_text()))
    rules = [f["rule"] for f in data["files"][0]["findings"]]
    assert rules == ["HL007", "HL101"]  # the unknown id suppressed nothing
    hl007 = data["files"][0]["findings"][0]
    assert (hl007["line"], hl007["column"], hl007["excerpt"]) == (1, 35, "HL999")
    text = run_cli("check", "--no-color", "-q", str(p)).stdout
    assert f"{p}:1:35: warning HL007 [structure] unknown rule 'HL999' in suppression comment" in text
    sarif = run_cli("check", "--format", "sarif", str(p)).stdout
    assert "unknown-suppression" in sarif


def test_unknown_suppressions_are_reported_by_the_python_api_too():
    """The review page, the language server and audit lint through Linter: HL007 comes with the findings."""
    from healthlint import Linter
    text = "<!-- healthlint-disable-next-line HL999 -->\nNeck torment is common.\n"
    assert [f.rule for f in Linter().lint_text(text, "markdown")] == ["HL007", "HL101"]
