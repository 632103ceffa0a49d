"""Bad input gets a clear error, and the other files are still linted."""
import json

from conftest import run_json

SPUN = "Regular checks catch bosom malignant growth early.\n"


def test_empty_file_is_clean(tmp_path):
    p = tmp_path / "empty.md"
    p.write_text("")
    proc, data = run_json(str(p))
    assert proc.returncode == 0
    assert data["files"][0] == {"path": str(p), "findings": [], "error": None}


def test_bad_inputs_become_errors_and_batch_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text(SPUN)
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners say bosom malignant growth is rare.\n".encode("latin-1"))
    big = tmp_path / "huge.txt"
    big.write_bytes(b"Stretch daily. " * (20 * 1024 * 1024 // 15))
    missing = tmp_path / "missing.md"
    proc, data = run_json(str(tmp_path), str(missing))
    assert proc.returncode == 2, proc.stderr
    by_name = {f["path"].rsplit("/", 1)[-1]: f for f in data["files"]}
    assert by_name["binary.txt"]["error"]["code"] == "HL002"
    assert by_name["huge.txt"]["error"]["code"] == "HL003" and "MiB" in by_name["huge.txt"]["error"]["message"]
    assert by_name["missing.md"]["error"]["code"] == "HL001"
    # the others are still linted
    assert by_name["good.txt"]["error"] is None and by_name["good.txt"]["findings"]
    latin = by_name["latin1.txt"]
    assert latin["error"] is None
    assert any(f["excerpt"] == "bosom malignant growth" for f in latin["findings"])


def test_huge_file_lints_when_limit_is_raised(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(("Stretch gently every day. " * 20 + "\n\n") * 1200)   # ~0.6 MB
    (tmp_path / "healthlint.toml").write_text("max-file-size = 100000\n")
    proc, data = run_json(str(big))
    assert proc.returncode == 2 and data["files"][0]["error"]["code"] == "HL003"
    (tmp_path / "healthlint.toml").write_text("max-file-size = 10000000\n")
    proc, data = run_json(str(big))
    assert proc.returncode in (0, 1), proc.stderr  # linted (1: the repeated text is itself a finding, HL204)
    assert data["files"][0]["error"] is None


def test_utf16_with_bom_and_crlf(tmp_path):
    p = tmp_path / "w.txt"
    p.write_bytes(("Title\r\n\r\nSome bosom malignant growth text.\r\n").encode("utf-16"))
    proc, data = run_json(str(p))
    f = data["files"][0]["findings"][0]
    assert (f["line"], f["column"]) == (3, 6)
    assert json.dumps(f)  # serialisable
