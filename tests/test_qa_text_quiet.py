"""Text report: each finding line names its severity; -q prints one line per finding and nothing else."""
import re

import pytest

from conftest import run_cli

ARTICLE = ("Regular checks catch bosom malignant growth early.\n\n"
           "Detox teas flush toxins from your liver overnight.\n")
LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|info) "
                  r"(?P<rule>HL\d{3}) \[(?P<category>[a-z-]+)\] (?P<message>.+)$")


@pytest.fixture
def article(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE)
    return p


def test_severity_on_every_finding_line(article):
    proc = run_cli("check", "--no-color", str(article))
    heads = [m for m in map(LINE.match, proc.stdout.splitlines()) if m]
    assert len(heads) >= 2
    assert ("HL101", "warning") in {(m["rule"], m["severity"]) for m in heads}
    summary = proc.stdout.splitlines()[-1]
    for severity in ("error", "warning", "info"):  # the summary counts what the lines show
        shown = sum(1 for m in heads if m["severity"] == severity)
        assert (f"{shown} {severity}" in summary) == bool(shown), summary


def test_quiet_prints_one_line_per_finding_and_no_summary(article):
    full = run_cli("check", "--no-color", str(article))
    quiet = run_cli("check", "--no-color", "-q", str(article))
    assert quiet.returncode == full.returncode == 1
    lines = quiet.stdout.splitlines()
    assert lines and all(LINE.match(line) for line in lines), quiet.stdout
    assert lines == [line for line in full.stdout.splitlines() if LINE.match(line)]
    assert "^" not in quiet.stdout and "fix:" not in quiet.stdout and "finding" not in quiet.stdout


def test_quiet_on_a_clean_file_prints_nothing(tmp_path):
    p = tmp_path / "clean.txt"
    p.write_text("Stretch gently every day.\n")
    proc = run_cli("check", "-q", str(p))
    assert proc.returncode == 0 and proc.stdout == ""


def test_quiet_still_reports_unreadable_files(tmp_path):
    missing = tmp_path / "missing.md"
    proc = run_cli("check", "--no-color", "-q", str(missing))
    assert proc.returncode == 2
    assert proc.stdout == f"{missing}: error HL001 no such file or directory\n"
