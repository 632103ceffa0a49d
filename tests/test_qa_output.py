"""An --output path that cannot be written is a usage error (exit 2), not a traceback."""
from conftest import run_cli


def test_output_into_missing_directory_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text("Neck torment.\n")
    proc = run_cli("check", "-o", str(tmp_path / "nope" / "r.json"), str(tmp_path / "a.txt"))
    assert proc.returncode == 2 and "--output" in proc.stderr and "Traceback" not in proc.stderr
