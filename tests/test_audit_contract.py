"""healthlint audit's contract: --doc-timeout gives HL006 records on every backend, exit codes,
stable output order (fresh, resumed, -j 1, -j 2), wording."""
import json
import shutil
import time
from pathlib import Path

import pytest

from healthlint.batch.readers import Record
from test_audit import PARA, _article, _records, _run_audit, _write_jsonl

SLOW = "@@slowcheck@@"
SPUN = "Neck torment and bosom malignant growth are spun phrases.\n"


# -- --doc-timeout: an HL006 error record, never a swallowed per-rule HL005 finding -----------------
def _slow_run(self, document):
    if SLOW in document.source:
        end = time.monotonic() + 5
        while time.monotonic() < end:   # Python code, so both the alarm and the async exception reach it
            time.sleep(0.01)
    return []


def test_doc_timeout_inside_a_check_is_an_hl006_record(monkeypatch):
    from healthlint.batch.worker import Auditor
    auditor = Auditor({"doc_timeout": 0.3, "crossdup": False})
    check = auditor.linter.checks[len(auditor.linter.checks) // 2]   # rules before and after it
    monkeypatch.setattr(check, "run", _slow_run.__get__(check))
    t0 = time.monotonic()
    slow, sketch = auditor.audit(Record(0, "slow", f"Neck torment is common. {SLOW}"))
    assert time.monotonic() - t0 < 3, "the other rules must not go on after the timeout"
    assert slow["error"] == {"code": "HL006", "message": "timeout: document took longer than 0.3 s"}
    assert slow["findings"] == [] and slow["stats"] is None and sketch is None
    ok, _ = auditor.audit(Record(1, "ok", "Neck torment is common after long drives."))
    assert ok["error"] is None and not any(f["rule"] == "HL005" for f in ok["findings"])


def test_doc_timeout_passes_through_the_engine_per_rule_handler():
    from healthlint.batch.worker import DocTimeout
    from healthlint.engine import Linter
    from healthlint.formats import parse
    linter = Linter(select=["HL1"])

    def boom(document):
        raise DocTimeout("document took longer than 1 s")
    linter.checks[0].run = boom
    with pytest.raises(DocTimeout):
        linter.lint_documents([parse("Some text.", "text")])


def test_doc_timeout_in_worker_processes(monkeypatch):
    """-j N: the alarm inside the worker process gives the record (not the parent's hard kill)."""
    from healthlint.batch.pool import run_local
    monkeypatch.setenv("HEALTHLINT_NO_MODEL", "1")
    monkeypatch.setenv("HEALTHLINT_AUDIT_TEST_SLOW_CHECK", SLOW)
    records = [Record(0, "a", _article(0)), Record(1, "slow", f"Neck torment. {SLOW}"), Record(2, "b", _article(2))]
    results = []
    run_local(iter(records), {"crossdup": False, "doc_timeout": 1.0}, lambda r, s: results.append(r),
              jobs=2, chunk_size=1, doc_timeout=1.0)
    by_id = {r["id"]: r for r in results}
    assert sorted(by_id) == ["a", "b", "slow"]
    assert by_id["slow"]["error"] == {"code": "HL006", "message": "timeout: document took longer than 1 s"}
    assert by_id["slow"]["findings"] == []
    assert by_id["a"]["error"] is None and by_id["b"]["error"] is None


def test_cli_doc_timeout_counts_as_an_error_record(tmp_path):
    _write_jsonl(tmp_path / "in.jsonl", [_article(0), f"Neck torment. {SLOW}\n", _article(2)])
    out = tmp_path / "out"
    proc = _run_audit(str(tmp_path / "in.jsonl"), "--text-field", "body", "--id-field", "doc", "--out", str(out),
                      "--doc-timeout", "1", "-j", "1", "--no-progress",
                      env={"HEALTHLINT_AUDIT_TEST_SLOW_CHECK": SLOW})
    assert proc.returncode == 0, proc.stderr   # a per-document error record does not fail the audit
    slow = [r for r in _records(out) if r["id"] == "d1"][0]
    assert slow["error"]["code"] == "HL006" and slow["findings"] == []
    summary = json.loads((out / "summary.json").read_text())
    assert summary["errors"] == {"HL006": 1} and summary["documents"] == 3


# -- exit codes ----------------------------------------------------------------------------------
def test_missing_input_exits_2_and_still_audits_the_others(tmp_path):
    (tmp_path / "spun.md").write_text(SPUN, encoding="utf-8")
    out = tmp_path / "out"
    proc = _run_audit(str(tmp_path / "nonexist.jsonl"), str(tmp_path / "spun.md"), "--out", str(out),
                      "-j", "1", "--no-progress")
    assert proc.returncode == 2, proc.stderr
    assert "nonexist.jsonl" in proc.stderr and "no such file" in proc.stderr
    records = sorted(_records(out), key=lambda r: r["n"])
    assert records[0]["error"]["code"] == "HL001"
    assert records[1]["error"] is None and records[1]["findings"]
    assert (out / "summary.json").exists() and (out / "report.html").exists()
    # a resumed run over the same inputs reports the same
    again = _run_audit(str(tmp_path / "nonexist.jsonl"), str(tmp_path / "spun.md"), "--out", str(out),
                       "-j", "1", "--no-progress", "--resume")
    assert again.returncode == 2, again.stderr
    assert "1 unreadable input recorded before" in again.stderr


def test_exit_codes_findings_fail_on_and_bad_lines(tmp_path):
    lines = [json.dumps({"id": "spun", "text": SPUN}), "{not json", json.dumps({"id": "nofield"})]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    common = [str(tmp_path / "in.jsonl"), "-j", "1", "--no-progress", "--no-crossdup"]
    plain = _run_audit(*common, "--out", str(tmp_path / "a"))
    # findings and per-document error records (bad JSON line, missing field): the audit completed
    assert plain.returncode == 0, plain.stderr
    summary = json.loads((tmp_path / "a" / "summary.json").read_text())
    assert summary["errors"] == {"HL002": 2} and summary["by_severity"]["warning"] > 0
    assert summary["by_severity"]["error"] == 0
    warn = _run_audit(*common, "--out", str(tmp_path / "b"), "--fail-on", "warning")
    assert warn.returncode == 1, warn.stderr
    err = _run_audit(*common, "--out", str(tmp_path / "c"), "--fail-on", "error")
    assert err.returncode == 0, err.stderr


@pytest.mark.parametrize("option", [["--chunk-size", "0"], ["--dup-threshold", "1.5"], ["--doc-timeout", "-1"],
                                    ["--jobs", "-2"], ["--fail-on", "fatal"], ["--dup-min-docs", "0"]])
def test_bad_options_exit_2_before_any_work(tmp_path, option):
    (tmp_path / "spun.md").write_text(SPUN, encoding="utf-8")
    proc = _run_audit(str(tmp_path / "spun.md"), "--out", str(tmp_path / "out"), "--no-progress", *option,
                      timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert option[0] in proc.stderr
    assert not (tmp_path / "out" / "findings.jsonl").exists()


def test_bad_config_file_exits_2(tmp_path):
    (tmp_path / "spun.md").write_text(SPUN, encoding="utf-8")
    (tmp_path / "healthlint.toml").write_text('select = ["nosuchrule"]\n', encoding="utf-8")
    proc = _run_audit(str(tmp_path / "spun.md"), "--out", str(tmp_path / "out"), "--no-progress",
                      "--config", str(tmp_path / "healthlint.toml"), timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "nosuchrule" in proc.stderr


# -- stable output order -------------------------------------------------------------------------
PARA2 = ("Stretching the calf muscles before a long run does not prevent injury, a review of randomised "
         "trials in recreational runners found last spring.")


def _corpus() -> list[str]:
    texts = []
    for i in range(14):
        extra = ""
        if i < 4:       # two clusters of the same size, with variants: order and representative matter
            extra = PARA + (" Really." if i % 2 else "") + "\n\n"
        elif i < 8:
            extra = PARA2 + (" Truly." if i % 2 else "") + "\n\n"
        texts.append(_article(i, extra))
    texts[9] = SPUN
    texts[11] = SPUN.replace("Neck", "Back")
    return texts


def _comparable(out: Path) -> dict:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    summary.pop("run")   # timing, backend, jobs
    return {"summary.json": summary, "summary.csv": (out / "summary.csv").read_text(encoding="utf-8"),
            "duplicates.jsonl": (out / "duplicates.jsonl").read_text(encoding="utf-8")}


def test_outputs_identical_fresh_resumed_and_parallel(tmp_path):
    pytest.importorskip("datasketch")
    _write_jsonl(tmp_path / "in.jsonl", _corpus())
    common = [str(tmp_path / "in.jsonl"), "--text-field", "body", "--id-field", "doc", "--url-field", "link",
              "--no-progress"]
    fresh = _run_audit(*common, "--out", str(tmp_path / "fresh"), "-j", "1")
    assert fresh.returncode == 0, fresh.stderr
    reference = _comparable(tmp_path / "fresh")
    rows = reference["summary.csv"].splitlines()[1:]
    assert [int(r.split(",")[0]) for r in rows] == list(range(14))   # input order
    assert reference["summary.json"]["duplication"]["clusters"] == 2
    top = reference["summary.json"]["duplication"]["top_clusters"]
    assert [c["members"][0]["n"] for c in top] == [0, 4] and top[0]["text"].startswith("Walking")
    assert not top[0]["text"].endswith("Really.")   # the representative is the earliest document's paragraph

    # an interrupted run that had finished documents out of input order, then --resume
    resumed = tmp_path / "resumed"
    shutil.copytree(tmp_path / "fresh", resumed)
    keep = [7, 5, 3, 1, 6]
    for name in ("findings.jsonl", "sketches.jsonl"):
        by_n = {json.loads(line)["n"]: line for line in (resumed / name).read_text(encoding="utf-8").splitlines()}
        (resumed / name).write_text("".join(by_n[n] + "\n" for n in keep if n in by_n), encoding="utf-8")
    again = _run_audit(*common, "--out", str(resumed), "-j", "1", "--resume")
    assert again.returncode == 0, again.stderr
    assert [r["n"] for r in _records(resumed)][:5] == keep
    assert _comparable(resumed) == reference

    parallel = _run_audit(*common, "--out", str(tmp_path / "parallel"), "-j", "2", "--chunk-size", "1")
    assert parallel.returncode == 0, parallel.stderr
    assert _comparable(tmp_path / "parallel") == reference


# -- wording -------------------------------------------------------------------------------------
def test_summary_line_is_pluralised(tmp_path):
    (tmp_path / "one.md").write_text("Plain words here.\n", encoding="utf-8")
    proc = _run_audit(str(tmp_path / "one.md"), "--out", str(tmp_path / "out"), "-j", "1", "--no-progress",
                      "--no-crossdup")
    assert proc.returncode == 0, proc.stderr
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("audited")][0]
    assert line.startswith("audited 1 document (1 now, 0 before)")
    assert "0 findings" in line and "0 documents flagged" in line and "0 errors" in line
