"""CR-only (old Mac) files: lines counted as editors count them; --fix writes CR back.
A stray CR in an LF file changes nothing."""
from conftest import run_cli, run_json
from healthlint.inputs import decode


def test_cr_only_lines_and_offsets(tmp_path):
    raw = "Title\r\rPeople with neck torment rest.\r"
    p = tmp_path / "mac.txt"
    p.write_bytes(raw.encode())
    proc, data = run_json(str(p))
    spin = [f for f in data["files"][0]["findings"] if f["rule"] == "HL101"]
    assert [(f["line"], f["column"], f["start"]) for f in spin] == [(3, 13, raw.index("neck"))]
    assert raw[spin[0]["start"]:spin[0]["end"]] == spin[0]["excerpt"] == "neck torment"
    assert run_cli("check", "--fix", str(p)).returncode == 0
    assert p.read_bytes() == b"Title\r\rPeople with neck pain rest.\r"


def test_stray_cr_in_lf_file_is_left_alone():
    d = decode(b"one\rtwo\nthree\n")
    assert d.newline == "\n" and d.text == "one\rtwo\nthree\n"
