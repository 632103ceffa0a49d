"""CI output formats: SARIF (against the official 2.1.0 schema), GitHub workflow commands and step
summary, reviewdog rdjson/rdjsonl, GitLab Code Quality, JUnit XML."""
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from ci_helpers import cli, finding, result
from healthlint.findings import FileError, FileResult
from healthlint.report import FORMATS, render
from healthlint.report.github import command, escape_data, escape_property
from healthlint.rulepack import load_rules

RULES = {r.id: r for r in load_rules()}
SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0-rtm.5.json").read_text())
SOURCE = "# Café\n\n“Tips”: 😀 ease neck torment, 100% sure.\n\nAnother neck torment here.\n"


@pytest.fixture
def sample(tmp_path):
    """Two files in a 'repository' at tmp_path: one with findings (fix, related), one clean,
    and one that could not be read."""
    (tmp_path / "docs").mkdir()
    dirty = tmp_path / "docs" / "my article.md"
    dirty.write_text(SOURCE, encoding="utf-8")
    clean = tmp_path / "clean.md"
    clean.write_text("Fine text.\n")
    findings = [finding(SOURCE, "neck torment", replacement="neck pain", related="Another neck torment"),
                finding(SOURCE, "neck torment", occurrence=1, replacement="neck pain", safe=False,
                        severity="info")]
    results = [result(dirty, SOURCE, findings), result(clean, "Fine text.\n", []),
               FileResult(path=str(tmp_path / "bin.md"), error=FileError("HL002", "bin.md: looks like a binary file"))]
    return tmp_path, results


def rendered(fmt, results, root, **options):
    out = io.StringIO()
    render(fmt, results, RULES, out, {"root": root, **options})
    return out.getvalue()


def test_every_ci_format_is_registered():
    assert {"sarif", "github", "rdjson", "rdjsonl", "gitlab", "junit"} <= set(FORMATS)


# -- SARIF ------------------------------------------------------------------------------------------
def test_sarif_validates_against_the_official_schema(sample):
    root, results = sample
    log = json.loads(rendered("sarif", results, root))
    jsonschema.validate(log, SARIF_SCHEMA, cls=jsonschema.Draft4Validator,
                        format_checker=jsonschema.FormatChecker())
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= set(RULES)   # every rule, not just the ones that fired
    hl101 = next(r for r in rules if r["id"] == "HL101")
    assert hl101["fullDescription"]["text"] == RULES["HL101"].rationale
    assert "bosom malignant growth" in hl101["help"]["markdown"] and hl101["help"]["text"]
    assert hl101["defaultConfiguration"]["level"] == "warning" and "spin" in hl101["properties"]["tags"]
    assert run["columnKind"] == "utf16CodeUnits"


def test_sarif_results_locations_fixes_and_notifications(sample):
    root, results = sample
    run = json.loads(rendered("sarif", results, root))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    first, second = run["results"]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "HL101"
    assert (first["level"], second["level"]) == ("warning", "note")
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "docs/my%20article.md", "uriBaseId": "%SRCROOT%"}
    # "“Tips”: 😀 ease " precedes the phrase: 15 code points, 16 UTF-16 units.
    assert loc["region"] == {"startLine": 3, "startColumn": 17, "endLine": 3, "endColumn": 29,
                             "snippet": {"text": "neck torment"}}
    replacement = first["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"] == {"text": "neck pain"}
    assert replacement["deletedRegion"]["startColumn"] == 17
    assert "unsafe" in second["fixes"][0]["description"]["text"]
    related = first["relatedLocations"][0]
    assert related["physicalLocation"]["region"]["startLine"] == 5 and related["message"]["text"]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    note = invocation["toolExecutionNotifications"][0]
    assert note["descriptor"]["id"] == "HL002" and rules[note["descriptor"]["index"]]["id"] == "HL002"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == root.resolve().as_uri() + "/"


def test_sarif_fingerprints_ignore_line_numbers(tmp_path):
    moved = "# Café\n\nA new paragraph.\n\nAnd another.\n\n" + SOURCE.split("\n", 2)[2]
    fps = []
    for text in (SOURCE, moved):
        res = result(tmp_path / "a.md", text, [finding(text, "neck torment"), finding(text, "neck torment", occurrence=1)])
        run = json.loads(rendered("sarif", [res], tmp_path))["runs"][0]
        fps.append([r["partialFingerprints"] for r in run["results"]])
        lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in run["results"]]
    assert lines == [7, 9]
    assert fps[0] == fps[1]
    assert fps[0][0] != fps[0][1]   # same phrase, different surroundings


def test_sarif_from_the_command_line_uses_the_root(tmp_path):
    article = tmp_path / "sub" / "a.md"
    article.parent.mkdir()
    article.write_text("Gentle stretches ease neck torment.\n")
    proc = cli("check", "--format", "sarif", "--sarif-root", tmp_path, article)
    assert proc.exit_code == 1
    log = json.loads(proc.stdout)
    jsonschema.validate(log, SARIF_SCHEMA, cls=jsonschema.Draft4Validator)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "sub/a.md"


# -- GitHub -----------------------------------------------------------------------------------------
def test_github_escaping():
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    assert command("notice", "m:,x", file="a,b.md", line=3) == "::notice file=a%2Cb.md,line=3::m:,x"


def test_github_annotations_and_step_summary(sample, monkeypatch):
    root, results = sample
    summary = root / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    results[0].findings[0].message = "50% of | readers\nsay so"
    lines = rendered("github", results, root).splitlines()
    assert lines[0] == ("::warning file=docs/my article.md,line=3,endLine=3,col=16,endColumn=28,"
                        "title=HL101 spun-phrase::50%25 of | readers%0Asay so%0ASuggested fix: 'neck pain'")
    assert lines[1].startswith("::notice file=docs/my article.md,line=5,")
    assert lines[2] == "::error file=bin.md,title=HL002::bin.md: looks like a binary file"
    table = summary.read_text()
    assert table.startswith("earlier step\n### healthlint: 2 findings in 3 files")
    assert "| `docs/my article.md` | 3 | HL101 | warning | 50% of \\| readers say so |" in table
    assert "| `docs/my article.md` | 5 | HL101 | info |" in table and "HL002" in table


def test_github_without_step_summary(sample, monkeypatch):
    root, results = sample
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    assert rendered("github", results, root).count("\n") == 3


# -- reviewdog --------------------------------------------------------------------------------------
def test_rdjson_positions_are_utf8_bytes_with_suggestions(sample):
    root, results = sample
    doc = json.loads(rendered("rdjson", results, root))
    assert doc["source"]["name"] == "healthlint"
    first = doc["diagnostics"][0]
    # “ and ” are 3 bytes each, the emoji 4: 15 code points are 22 bytes.
    assert first["location"] == {"path": "docs/my article.md", "range": {
        "start": {"line": 3, "column": 23}, "end": {"line": 3, "column": 35}}}
    assert first["severity"] == "WARNING" and first["code"]["value"] == "HL101"
    assert first["suggestions"] == [{"range": first["location"]["range"], "text": "neck pain"}]
    assert first["related_locations"][0]["location"]["range"]["start"]["line"] == 5
    assert doc["diagnostics"][1]["severity"] == "INFO"
    assert doc["diagnostics"][2]["code"]["value"] == "HL002"
    lines = rendered("rdjsonl", results, root).splitlines()
    assert [json.loads(line) for line in lines] == doc["diagnostics"]


# -- GitLab -----------------------------------------------------------------------------------------
def test_gitlab_code_quality(sample):
    root, results = sample
    dup = finding(SOURCE, "neck torment", severity="error")
    results[0].findings.append(dup)   # an identical finding still needs its own fingerprint
    issues = json.loads(rendered("gitlab", results, root))
    assert len(issues) == 4
    assert len({i["fingerprint"] for i in issues}) == 4
    assert [i["severity"] for i in issues] == ["major", "info", "critical", "blocker"]
    first = issues[0]
    assert first["check_name"] == "HL101" and first["description"].startswith("HL101")
    assert first["location"] == {"path": "docs/my article.md", "lines": {"begin": 3, "end": 3}}
    again = json.loads(rendered("gitlab", results, root))
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in issues]


# -- JUnit ------------------------------------------------------------------------------------------
def test_junit_suites_and_cases(sample):
    root, results = sample
    results[0].findings[0].message = "bad \x01 char & <tag>"
    tree = ET.fromstring(rendered("junit", results, root))
    assert tree.tag == "testsuites" and (tree.get("tests"), tree.get("failures"), tree.get("errors")) == ("4", "2", "1")
    suites = {s.get("name"): s for s in tree.findall("testsuite")}
    assert set(suites) == {"docs/my article.md", "clean.md", "bin.md"}
    dirty = suites["docs/my article.md"].findall("testcase")
    assert len(dirty) == 2 and all(c.find("failure") is not None for c in dirty)
    assert dirty[0].find("failure").get("message") == "bad \ufffd char & <tag>"
    assert dirty[0].get("line") == "3"
    clean = suites["clean.md"].findall("testcase")
    assert len(clean) == 1 and list(clean[0]) == []          # passing
    assert suites["bin.md"].find("testcase/error").get("type") == "HL002"


def test_every_format_renders_a_real_lint(tmp_path, linter):
    text = "# Café 😀\n\nGentle stretches ease neck torment.\n\nLeave a Reply\n"
    res = linter.lint_source(text, "markdown", str(tmp_path / "a.md"))
    assert len(res.findings) == 2
    for fmt in FORMATS:
        out = rendered(fmt, [res], tmp_path, step_summary=None)
        assert "HL101" in out and "HL701" in out, fmt
