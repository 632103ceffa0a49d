"""Configuration values of the wrong type are a configuration error (exit 2), not a traceback."""
import pytest

from conftest import run_cli
from healthlint.config import ConfigError, from_mapping


@pytest.mark.parametrize("data", [
    {"severity": "error"},
    {"per-file-ignores": ["legacy/*"]},
    {"per-file-ignores": {"legacy/*": [1]}},
    {"select": [1]},
    {"rule-options": 3},
    {"rule-options": {"HL101": 3}},
    {"readability-target-grade": "eight"},
])
def test_wrong_types_are_config_errors(data):
    key = next(iter(data))
    with pytest.raises(ConfigError, match=key):
        from_mapping(data, "healthlint.toml")


def test_per_file_ignores_accepts_a_single_string():
    assert from_mapping({"per-file-ignores": {"legacy/*": "spin"}}, "x").per_file_ignores == {"legacy/*": ["spin"]}


def test_cli_reports_wrong_type_cleanly(tmp_path):
    (tmp_path / "healthlint.toml").write_text('severity = "error"\n')
    (tmp_path / "a.txt").write_text("Neck torment.\n")
    proc = run_cli("check", str(tmp_path / "a.txt"))
    assert proc.returncode == 2 and "severity must be a table" in proc.stderr and "Traceback" not in proc.stderr
