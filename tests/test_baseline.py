"""Baselines (--write-baseline / --baseline) and --changed-since in a temporary git repository."""
import json
import subprocess

import pytest

from ci_helpers import cli
from healthlint import baseline
from healthlint.findings import FileResult

PARA = "Stretching eases neck torment for most people.\n\n"
OTHER = "Poor posture leads to neck torment at work.\n\n"


def findings_of(proc):
    return [(f["line"], f["excerpt"]) for file in json.loads(proc.stdout)["files"] for f in file["findings"]]


def test_baseline_survives_edits_elsewhere_and_shows_new_findings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "a.md"
    article.write_text("# Neck\n\n" + PARA)
    proc = cli("check", "--write-baseline", "hl-baseline.json", article)
    assert proc.exit_code == 0 and "Wrote 1 finding" in proc.stderr
    data = json.loads((tmp_path / "hl-baseline.json").read_text())
    assert data["findings"][0]["path"] == "a.md" and data["findings"][0]["rule"] == "HL101"
    assert "line" not in data["findings"][0]

    assert cli("check", "--baseline", "hl-baseline.json", "a.md").exit_code == 0  # relative path, same file
    # paragraphs inserted above move the baselined finding down; a new finding appears
    article.write_text("# Neck\n\nA new intro paragraph.\n\nAnother one.\n\n" + OTHER + PARA)
    proc = cli("check", "--format", "json", "--baseline", "hl-baseline.json", article)
    assert findings_of(proc) == [(7, "neck torment")] and proc.exit_code == 1
    assert "1 baselined finding not shown" in proc.stderr
    # editing the baselined sentence itself makes its finding show again
    article.write_text("# Neck\n\nStretching eases neck torment for everyone.\n")
    assert len(findings_of(cli("check", "--format", "json", "--baseline", "hl-baseline.json", article))) == 1


def test_baseline_is_count_aware(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    article = tmp_path / "a.md"
    article.write_text(PARA)
    cli("check", "--write-baseline", "b.json", article)
    article.write_text(PARA + PARA)     # the same finding twice: one is new
    proc = cli("check", "--format", "json", "--baseline", "b.json", article)
    assert len(findings_of(proc)) == 1
    cli("check", "--write-baseline", "b.json", article)
    assert json.loads((tmp_path / "b.json").read_text())["findings"][0]["count"] == 2
    assert cli("check", "--baseline", "b.json", article).exit_code == 0


def test_baseline_is_per_file(tmp_path, linter):
    found = linter.lint_text(PARA, "markdown")
    mine = [FileResult(path=str(tmp_path / "a.md"), source=PARA, findings=list(found))]
    (tmp_path / "b.json").write_text(json.dumps(baseline.build(mine, tmp_path)))
    counts = baseline.load(str(tmp_path / "b.json"))
    other = [FileResult(path=str(tmp_path / "b.md"), source=PARA, findings=list(found))]
    assert baseline.apply(other, counts, tmp_path) == 0 and len(other[0].findings) == 1
    assert baseline.apply(mine, counts, tmp_path) == 1 and mine[0].findings == []


def test_bad_baseline_is_a_usage_error(tmp_path):
    (tmp_path / "b.json").write_text('{"schema": "something-else"}')
    (tmp_path / "a.md").write_text(PARA)
    proc = cli("check", "--baseline", tmp_path / "b.json", tmp_path / "a.md")
    assert proc.exit_code == 2 and "not a healthlint baseline" in proc.stderr


# -- --changed-since ----------------------------------------------------------------------------------
def git(repo, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "docs").mkdir()
    for name in ("committed", "unstaged", "deleted", "unchanged", "staged"):
        (tmp_path / "docs" / f"{name}.md").write_text(PARA)
    (tmp_path / ".gitignore").write_text("ignored.md\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    git(tmp_path, "tag", "base")
    (tmp_path / "docs" / "committed.md").write_text(PARA + OTHER)
    git(tmp_path, "commit", "-q", "-am", "edit")
    (tmp_path / "docs" / "unstaged.md").write_text(OTHER)
    (tmp_path / "docs" / "staged.md").write_text(OTHER)
    git(tmp_path, "add", "docs/staged.md")
    (tmp_path / "docs" / "deleted.md").unlink()
    (tmp_path / "docs" / "untracked.md").write_text(PARA)
    (tmp_path / "docs" / "ignored.md").write_text(PARA)
    return tmp_path


def linted(proc):
    return sorted(f["path"].rsplit("/", 1)[-1] for f in json.loads(proc.stdout)["files"])


def test_changed_since_lints_only_changed_files(repo, monkeypatch):
    monkeypatch.chdir(repo)
    proc = cli("check", "--format", "json", "--changed-since", "base", "docs")
    assert linted(proc) == ["committed.md", "staged.md", "unstaged.md", "untracked.md"]
    proc = cli("check", "--format", "json", "--diff-base", "base", "docs/committed.md", "docs/unchanged.md")
    assert linted(proc) == ["committed.md"]
    proc = cli("check", "--format", "json", "--changed-since", "HEAD", repo / "docs")
    assert linted(proc) == ["staged.md", "unstaged.md", "untracked.md"]


def test_changed_since_bad_ref(repo, monkeypatch):
    monkeypatch.chdir(repo)
    proc = cli("check", "--changed-since", "no-such-ref", "docs")
    assert proc.exit_code == 2 and "no-such-ref" in proc.stderr


def test_changed_since_from_outside_the_repository(repo, tmp_path_factory, monkeypatch):
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    proc = cli("check", "--format", "json", "--changed-since", "base", repo / "docs")
    assert linted(proc) == ["committed.md", "staged.md", "unstaged.md", "untracked.md"]
