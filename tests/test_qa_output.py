"""An --output path that cannot be written is a usage error (exit 2), not a traceback."""
from conftest import run_cli


def test_output_into_missing_directory_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text("Neck torment.\n")
    proc = run_cli("check", "-o", str(tmp_path / "nope" / "r.json"), str(tmp_path / "a.txt"))
    assert proc.returncode == 2 and "--output" in proc.stderr and "Traceback" not in proc.stderr


def test_no_lintable_files_warns(tmp_path):
    (tmp_path / "a.rst").write_text("Neck torment.\n")
    proc = run_cli("check", str(tmp_path))
    assert proc.returncode == 0 and "no files to lint" in proc.stderr
