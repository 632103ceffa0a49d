"""Configuration discovery: a broken pyproject.toml holding our settings is an error, not ignored."""
import pytest

from conftest import run_cli
from healthlint.config import ConfigError, load_config


def test_invalid_pyproject_with_healthlint_section_is_an_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.healthlint\nselect = ["spin"]\n')
    (tmp_path / "a.md").write_text("Neck torment.\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(None, [str(tmp_path / "a.md")])
    proc = run_cli("check", str(tmp_path / "a.md"))
    assert proc.returncode == 2 and "pyproject.toml" in proc.stderr


def test_unrelated_invalid_pyproject_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project\nname = "x"\n')
    (tmp_path / "healthlint.toml").write_text('fail-on = "error"\n')
    sub = tmp_path / "docs"
    sub.mkdir()
    (sub / "pyproject.toml").write_text('[project\nname = "x"\n')
    assert load_config(None, [str(sub)]).fail_on == "error"
