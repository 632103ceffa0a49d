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
