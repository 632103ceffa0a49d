"""The pre-commit hook manifest and the composite GitHub Action."""
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
import yaml

from conftest import ROOT

pre_commit_clientlib = pytest.importorskip("pre_commit.clientlib")
identify = pytest.importorskip("identify.identify")


def test_pre_commit_manifest_is_valid_and_selects_articles_only():
    hooks = {h["id"]: h for h in pre_commit_clientlib.load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"healthlint", "healthlint-fix"}
    assert hooks["healthlint"]["entry"] == "healthlint check"
    assert hooks["healthlint-fix"]["entry"] == "healthlint check --fix"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"]
        wanted = set(hook["types_or"])
        chosen = [name for name in ("a.md", "b.html", "c.txt", "d.py", "e.yaml", "f.json")
                  if wanted & identify.tags_from_filename(name)]
        assert chosen == ["a.md", "b.html", "c.txt"]


@pytest.mark.skipif(not os.environ.get("HEALTHLINT_TEST_PRE_COMMIT"),
                    reason="builds a virtualenv from the package index (~1 min): set HEALTHLINT_TEST_PRE_COMMIT=1")
def test_pre_commit_try_repo(tmp_path):  # pragma: no cover - opt-in
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / "a.md").write_text("Gentle stretches ease neck torment.\n")
    (tmp_path / "b.py").write_text("x = 'neck torment'\n")
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "healthlint", "--all-files"],
                          cwd=tmp_path, capture_output=True, text=True,
                          env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path / ".cache")})
    assert proc.returncode == 1 and "a.md:1:23: warning HL101" in proc.stdout and "b.py" not in proc.stdout


ACTION = yaml.safe_load((ROOT / "action.yml").read_text())


def test_action_definition():
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "format", "fail-on", "args", "python-version"} <= set(ACTION["inputs"])
    steps = ACTION["runs"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps)
    for step in steps:   # inputs reach scripts through env only (no expression injection)
        assert "${{" not in step.get("run", ""), step.get("name")


def _run_step(name):
    return next(s for s in ACTION["runs"]["steps"] if s.get("name") == name)


@pytest.mark.parametrize("fmt,fail_on,expected_code", [("sarif", "warning", "1"), ("github", "never", "0")])
def test_action_run_step(tmp_path, fmt, fail_on, expected_code):
    """Run the action's 'Run healthlint' script as GitHub would, with inputs in the environment."""
    if not shutil.which("bash"):
        pytest.skip("needs bash")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "healthlint"
    shim.write_text(f"#!/bin/sh\nexec {sys.executable} -m healthlint.cli \"$@\"\n")
    shim.chmod(0o755)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("Gentle stretches ease neck torment.\n")
    (tmp_path / "docs" / "skip.md").write_text("Leave a Reply\n")
    step = _run_step("Run healthlint")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
           "GITHUB_OUTPUT": str(tmp_path / "out.txt"), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
           "HL_PATHS": "docs", "HL_FORMAT": fmt, "HL_FAIL_ON": fail_on, "HL_ARGS": "--exclude skip.md",
           "HL_CHANGED_SINCE": "", "HL_SARIF": "out.sarif"}
    proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", textwrap.dedent(step["run"])],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    outputs = dict(line.split("=", 1) for line in (tmp_path / "out.txt").read_text().splitlines())
    assert outputs["exit-code"] == expected_code
    if fmt == "sarif":
        assert outputs["sarif-file"] == "out.sarif"
        import json
        results = json.loads((tmp_path / "out.sarif").read_text())["runs"][0]["results"]
        assert [r["ruleId"] for r in results] == ["HL101"]
    else:
        assert "::warning file=docs/a.md,line=1," in proc.stdout and "skip.md" not in proc.stdout
        assert "| `docs/a.md` | 1 | HL101 |" in (tmp_path / "summary.md").read_text()
