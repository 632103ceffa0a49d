"""max-file-size: the one size limit (HL003), in consistent units, settable on the command line;
raising it, as the HL003 message advises, must never lead to an internal error."""
import pytest

from conftest import run_cli, run_json
from healthlint.config import ConfigError, from_mapping
from healthlint.inputs import DEFAULT_MAX_BYTES, decode, parse_size


def test_pipeline_has_no_smaller_limit_than_a_raised_max_file_size():
    # a 29.4 MB file with max-file-size = 40000000 crashed in spaCy (E088: over 20,000,000 characters)
    from healthlint.nlp import get_nlp
    assert get_nlp().max_length >= 40_000_000
    assert get_nlp().max_length >= parse_size("10GiB")


def test_default_limit_is_printed_in_the_unit_it_is_set_in():
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024
    with pytest.raises(Exception) as info:
        decode(b"x" * (6 * 1024 * 1024), "big.md")
    assert info.value.code == "HL003"
    assert "file is 6.0 MiB, over the 5.0 MiB limit" in info.value.message, info.value.message
    assert "max-file-size = 5242880" in info.value.message
    with pytest.raises(Exception) as info:  # sizes that round alike are shown in bytes
        decode(b"x" * 5_000_001, "big.md", max_bytes=5_000_000)
    assert "file is 5,000,001 bytes, over the 5,000,000 bytes limit" in info.value.message


@pytest.mark.parametrize("value,expected", [
    (5000000, 5000000), ("40MB", 40_000_000), ("40 MiB", 40 * 1024 * 1024), ("512KiB", 524288),
    ("1.5GB", 1_500_000_000), ("100", 100), ("100 bytes", 100)])
def test_sizes(value, expected):
    assert parse_size(value) == expected
    assert from_mapping({"max-file-size": value}, "t").max_file_size == expected


@pytest.mark.parametrize("value", ["lots", "40 TB", 0, -3, True, 1.5, "-1MB"])
def test_bad_sizes_are_configuration_errors(value):
    with pytest.raises(ConfigError, match="max-file-size"):
        from_mapping({"max-file-size": value}, "t")


def test_max_file_size_option(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Stretch gently every day.\n" * 100)   # 2,600 bytes
    proc, data = run_json("--max-file-size", "2KB", str(p))
    assert proc.returncode == 2 and data["files"][0]["error"]["code"] == "HL003"
    assert "max-file-size = 2000" in data["files"][0]["error"]["message"]
    # the option overrides the configuration file
    (tmp_path / "healthlint.toml").write_text('max-file-size = "1KB"\n')
    proc, data = run_json("--max-file-size", "1MiB", str(p))
    assert data["files"][0]["error"] is None, proc.stderr
    proc, data = run_json(str(p))
    assert data["files"][0]["error"]["code"] == "HL003"
    proc = run_cli("check", "--max-file-size", "huge", str(p))
    assert proc.returncode == 2 and "--max-file-size" in proc.stderr
