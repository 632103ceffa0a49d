"""Unknown --select/--ignore selectors are a usage error naming them, not a silent no-op."""
import pytest

from conftest import run_cli
from healthlint.config import Config
from healthlint.engine import Linter, SelectorError, unknown_selectors
from healthlint.rulepack import load_rules


def test_unknown_selectors_are_named():
    rules = load_rules()
    assert unknown_selectors(rules, ["HL999", "bogus", "spin", "HL1", "hl101", "ALL", "HL4"]) == ["HL999", "bogus"]


@pytest.mark.parametrize("kwargs", [
    {"select": ["HL1O1"]},
    {"ignore": ["spinn"]},
    {"config": Config(per_file_ignores={"legacy/*": ["HL1O1"]})},
    {"config": Config(severity={"HL1O1": "off"})},
])
def test_linter_rejects_unknown_selectors(kwargs):
    with pytest.raises(SelectorError, match="HL1O1|spinn"):
        Linter(**kwargs)


def test_cli_unknown_select_exits_two(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Neck torment is common.\n")
    proc = run_cli("check", "--select", "HL999,spin", str(p))
    assert proc.returncode == 2 and "'HL999'" in proc.stderr and "spin'" not in proc.stderr


def test_severity_override_needs_an_exact_rule_id():
    with pytest.raises(SelectorError, match="'spin'"):
        Linter(config=Config(severity={"spin": "error"}))
    assert Linter(config=Config(severity={"HL101": "error"})).config.severity == {"HL101": "error"}


def test_every_command_reports_unknown_selectors_as_usage_errors(tmp_path):
    from click.testing import CliRunner
    from healthlint.cli import main
    (tmp_path / "a.jsonl").write_text('{"text": "Neck torment is common."}\n')
    runner = CliRunner()
    for args in (["eval", "--select", "nope", str(tmp_path)],
                 ["audit", "--out", str(tmp_path / "out"), "-j", "1", "--select", "nope", str(tmp_path / "a.jsonl")]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2 and "'nope'" in result.output, (args, result.output)
