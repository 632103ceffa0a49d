"""healthlint.toml: top-level keys, or the [tool.healthlint] table copied from pyproject.toml."""
import pytest

from conftest import run_cli
from healthlint.config import ConfigError, load_config

SPUN = "Regular checks catch bosom malignant growth early.\n"


@pytest.mark.parametrize("content", [
    'fail-on = "error"\nignore = ["HL150"]\n',
    '[tool.healthlint]\nfail-on = "error"\nignore = ["HL150"]\n',
    '[healthlint]\nfail-on = "error"\nignore = ["HL150"]\n',
])
def test_healthlint_toml_forms(tmp_path, content):
    (tmp_path / "healthlint.toml").write_text(content)
    config = load_config(None, [str(tmp_path / "a.md")])
    assert config.fail_on == "error" and config.ignore == ["HL150"]


def test_tool_table_in_healthlint_toml_from_the_command_line(tmp_path):
    # "unknown configuration key 'tool'" before
    (tmp_path / "healthlint.toml").write_text('[tool.healthlint]\nfail-on = "error"\n')
    (tmp_path / "a.txt").write_text(SPUN)
    proc = run_cli("check", str(tmp_path / "a.txt"))
    assert proc.returncode == 0, proc.stderr   # the spin warning is below fail-on = error
    assert "HL101" in proc.stdout


@pytest.mark.parametrize("content,message", [
    ('fail-on = "error"\n[tool.healthlint]\nselect = ["spin"]\n', "not both"),
    ('[tool.healthlint]\nselect = ["spin"]\n[tool.black]\nline-length = 100\n', "[tool.black]"),
    ('[tool.black]\nline-length = 100\n', "unknown configuration key 'tool'"),
])
def test_ambiguous_files_are_errors(tmp_path, content, message):
    (tmp_path / "healthlint.toml").write_text(content)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(None, [str(tmp_path / "a.md")])
