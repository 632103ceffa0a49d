import json
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, run_cli, run_json

SCHEMA = json.loads((ROOT / "src/healthlint/schema/healthlint-1.json").read_text())
SPUN_MD = "# Neck care\n\nUnfortunate habits cause neck torment.\n\nLeave a Reply\n"


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(SPUN_MD)
    return p


def test_json_matches_schema_and_positions(article):
    proc, data = run_json(str(article))
    assert proc.returncode == 1
    jsonschema.validate(data, SCHEMA)
    by_rule = {f["rule"]: f for f in data["files"][0]["findings"]}
    spin = by_rule["HL101"]
    assert SPUN_MD[spin["start"]:spin["end"]] == "neck torment" == spin["excerpt"]
    assert (spin["line"], spin["column"], spin["end_line"], spin["end_column"]) == (3, 26, 3, 38)
    assert spin["fix"] == {"replacement": "neck pain", "start": spin["start"], "end": spin["end"], "safe": True}
    assert data["summary"]["findings"] == 2 and data["summary"]["by_category"]["spin"] == 1


def test_text_output_and_statistics(article):
    proc = run_cli("check", "--statistics", "--no-color", str(article))
    assert proc.returncode == 1
    assert f"{article}:3:26: warning HL101 [spin]" in proc.stdout
    assert "^^^^^^^^^^^^" in proc.stdout and "fix: replace with 'neck pain'" in proc.stdout
    assert "2 findings (2 warning) in 1 of 1 file" in proc.stdout
    assert "\x1b[" not in proc.stdout
    assert "HL101  [spin]" in proc.stdout


def test_select_ignore_and_fail_on(article):
    proc, data = run_json("--select", "spin", str(article))
    assert {f["rule"] for f in data["files"][0]["findings"]} == {"HL101"}
    proc, data = run_json("--ignore", "HL1,boilerplate", str(article))
    assert data["files"][0]["findings"] == [] and proc.returncode == 0
    proc, _ = run_json("--fail-on", "error", str(article))
    assert proc.returncode == 0


def test_stdin_with_filename():
    proc, data = run_json("--stdin-filename", "x.md", "-", input="Some text `neck torment` and neck torment.\n")
    assert data["files"][0]["path"] == "x.md"
    findings = data["files"][0]["findings"]
    assert len(findings) == 1 and findings[0]["start"] == 29   # the code span is not linted


def test_clean_file_exits_zero(tmp_path):
    p = tmp_path / "ok.txt"
    p.write_text("Gentle stretching eases neck pain.\n")
    proc = run_cli("check", str(p))
    assert proc.returncode == 0 and "0 findings" in proc.stdout


def test_usage_errors_exit_two(tmp_path):
    assert run_cli("check").returncode == 2
    assert run_cli("check", "--format", "nope", str(tmp_path)).returncode == 2
    (tmp_path / "healthlint.toml").write_text("selekt = ['spin']\n")
    (tmp_path / "a.txt").write_text("x\n")
    proc = run_cli("check", str(tmp_path / "a.txt"))
    assert proc.returncode == 2 and "selekt" in proc.stderr


def test_config_pyproject_and_per_file_ignores(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.healthlint]\nfail-on = "error"\n[tool.healthlint.per-file-ignores]\n"legacy/*" = ["spin"]\n')
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.txt").write_text("Neck torment again.\n")
    (tmp_path / "new.txt").write_text("Neck torment again.\n")
    proc, data = run_json(str(tmp_path))
    assert proc.returncode == 0  # warnings only, fail-on error
    by_name = {Path(f["path"]).name: f["findings"] for f in data["files"]}
    assert by_name["old.txt"] == [] and by_name["new.txt"]


def test_include_exclude(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "d.md").write_text("neck torment\n")
    (tmp_path / "a.md").write_text("neck torment\n")
    (tmp_path / "notes.rst").write_text("neck torment\n")
    _, data = run_json("--exclude", "drafts", str(tmp_path))
    assert [Path(f["path"]).name for f in data["files"]] == ["a.md"]
    _, data = run_json("--include", "*.rst", str(tmp_path))
    assert [Path(f["path"]).name for f in data["files"]] == ["notes.rst"]


def test_suppression_comments(tmp_path):
    p = tmp_path / "s.md"
    p.write_text("<!-- healthlint-disable-next-line HL101 -- quoted on purpose -->\nneck torment one\n\n"
                 "neck torment two\n\n<!-- healthlint-disable spin -->\nneck torment three\n"
                 "<!-- healthlint-enable -->\n\nneck torment four\n")
    _, data = run_json(str(p))
    lines = [f["line"] for f in data["files"][0]["findings"]]
    assert lines == [4, 10]


def test_rules_and_explain():
    proc = run_cli("rules")
    assert proc.returncode == 0 and "HL101" in proc.stdout and "spin" in proc.stdout
    proc = run_cli("explain", "HL101")
    assert proc.returncode == 0 and "Flagged:" in proc.stdout and "Fixed:" in proc.stdout
    assert run_cli("explain", "HL999").returncode == 2
