"""`healthlint rules --category` with a misspelt category is a usage error, not an empty list."""
from click.testing import CliRunner

from healthlint.cli import main


def test_unknown_category_is_a_usage_error():
    result = CliRunner().invoke(main, ["rules", "--category", "spinn"])
    assert result.exit_code == 2 and "spinn" in result.output


def test_known_category_lists_its_rules():
    result = CliRunner().invoke(main, ["rules", "--category", "spin"])
    assert result.exit_code == 0 and "HL101" in result.output
