"""healthlint audit: readers, error and timeout records, resume after SIGKILL, cross-document
duplicates, Dask equality, summaries and the self-contained report."""
import gzip
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from healthlint.batch.readers import ReaderOptions, Record, read_records

FAST = {"HEALTHLINT_NO_MODEL": "1"}   # the fallback pipeline loads in a fraction of the time
PARA = ("Walking for thirty minutes a day lowers blood pressure in most adults, according to "
        "several large trials that followed people for years.")


WORDS = ("knee hip shoulder sleep water walk stretch bread apple heart lung doctor nurse clinic morning "
         "evening garden stairs bicycle swim yoga posture desk screen coffee tea salt sugar fruit rest").split()


def _article(i: int, extra: str = "") -> str:
    """A small article whose own paragraphs share few word triples with any other article's."""
    import random
    rnd = random.Random(i)
    own = [" ".join(rnd.choice(WORDS) for _ in range(14)).capitalize() + "." for _ in range(2)]
    return f"Article {i} about daily movement\n\n{own[0]}\n\n{extra}{own[1]}\n"


def _write_jsonl(path: Path, texts: list[str]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"doc": f"d{i}", "body": text, "link": f"https://example.org/{i}"}) + "\n")


def _run_audit(*args, env=None, timeout=240):
    full_env = {**os.environ, **FAST, **(env or {})}
    return subprocess.run([sys.executable, "-m", "healthlint.cli", "audit", *args], capture_output=True,
                          text=True, env=full_env, timeout=timeout)


def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()]


# -- readers --------------------------------------------------------------------------------------
def test_folder_reader_with_gz(tmp_path):
    (tmp_path / "a.md").write_text("# Title\n\nSome text.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Plain text.\n", encoding="utf-8")
    with gzip.open(tmp_path / "c.html.gz", "wt", encoding="utf-8") as fh:
        fh.write("<html><body><p>Zipped page.</p></body></html>")
    (tmp_path / "skip.bin").write_bytes(b"\x00\x01")
    records = list(read_records([str(tmp_path)]))
    assert [(Path(r.id).name, r.fmt) for r in records] == [("a.md", "markdown"), ("b.txt", "text"),
                                                          ("c.html.gz", "html")]
    assert [r.n for r in records] == [0, 1, 2]
    assert "Zipped page." in records[2].source


def test_jsonl_reader_fields_errors_and_gz(tmp_path):
    lines = [json.dumps({"doc": "x1", "body": "<p>Hello</p>", "link": "https://e.org/1"}), "{not json",
             json.dumps({"doc": "x3", "other": 1}), ""]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"doc": "z", "body": "Zipped"}) + "\n")
    opts = ReaderOptions(fmt="html", text_field="body", id_field="doc", url_field="link")
    records = list(read_records([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl.gz")], opts))
    assert [r.id for r in records][0] == "x1" and records[0].url == "https://e.org/1" and records[0].fmt == "html"
    assert records[1].error["code"] == "HL002" and records[1].id.endswith("a.jsonl:2")
    assert records[2].error and "body" in records[2].error["message"]
    assert records[3].id == "z" and records[3].source == "Zipped"


def test_truncated_gz_keeps_what_was_read_and_reports_the_rest(tmp_path):
    data = gzip.compress("".join(json.dumps({"id": f"t{i}", "text": f"Doc {i} " * 200}) + "\n"
                                 for i in range(50)).encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    records = list(read_records([str(tmp_path / "cut.jsonl.gz")]))
    assert records[0].id == "t0" and not records[0].error
    assert records[-1].error["code"] == "HL001" and "cut.jsonl.gz" in records[-1].error["message"]
    assert 0 < len(records) < 50


def _make_warc(path: Path, pages: dict[str, str]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=path.name.endswith(".gz"))
        for url, body in pages.items():
            ctype = "text/html; charset=utf-8" if body.startswith("<") else "application/json"
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body.encode()),
                                                          http_headers=headers))
        writer.write_record(writer.create_warc_record("https://e.org/r", "request", payload=io.BytesIO(b"GET /")))


@pytest.mark.parametrize("name", ["pages.warc", "pages.warc.gz"])
def test_warc_reader_keeps_html_responses(tmp_path, name):
    pytest.importorskip("warcio")
    page = ("<html><head><title>T</title></head><body><nav>Home | About</nav><article><h1>Knee pain</h1>"
            f"<p>{PARA}</p><p>Second paragraph of the article with enough words to count as text.</p>"
            "</article><footer>Copyright</footer></body></html>")
    _make_warc(tmp_path / name, {"https://e.org/knee": page, "https://e.org/api": '{"x": 1}'})
    records = list(read_records([str(tmp_path / name)]))
    assert len(records) == 1
    assert records[0].url == "https://e.org/knee" and records[0].fmt == "warc-html"
    assert records[0].id.startswith("<urn:uuid:")
    from healthlint.batch.worker import Auditor
    result, sketch = Auditor({"crossdup": True}).audit(records[0])
    assert result["error"] is None and result["words"] > 20
    assert "Walking for thirty minutes" in sketch["paragraphs"][0][2]


# -- per-document robustness --------------------------------------------------------------------
def test_error_and_timeout_records_in_process(monkeypatch):
    from healthlint.batch.worker import Auditor, deadline, DocTimeout
    monkeypatch.setenv("HEALTHLINT_AUDIT_TEST_CRASH", "@@crash@@")
    monkeypatch.setenv("HEALTHLINT_AUDIT_TEST_SLOW", "@@slow@@")
    auditor = Auditor({"doc_timeout": 0.5, "crossdup": False})
    ok, _ = auditor.audit(Record(0, "ok", "Neck torment is common after long drives."))
    bad, _ = auditor.audit(Record(1, "bad", "text @@crash@@"))
    t0 = time.monotonic()
    slow, _ = auditor.audit(Record(2, "slow", "text @@slow@@"))
    assert ok["error"] is None and ok["stats"]["by_category"]
    assert bad["error"]["code"] == "HL005" and "injected failure" in bad["error"]["message"]
    assert slow["error"]["code"] == "HL006" and time.monotonic() - t0 < 5
    # off the main thread (Dask runs tasks in threads) the deadline still stops Python code
    caught = []

    def work():
        try:
            with deadline(0.3):
                time.sleep(0.05)
                while True:
                    sum(range(1000))
        except DocTimeout:
            caught.append(True)
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert caught == [True]


def test_stuck_worker_is_killed_and_replaced(monkeypatch):
    """A document stuck where SIGALRM cannot reach (signals blocked, as in C code) still ends."""
    from healthlint.batch.pool import run_local
    monkeypatch.setenv("HEALTHLINT_NO_MODEL", "1")
    monkeypatch.setenv("HEALTHLINT_AUDIT_TEST_HANG", "@@hang@@")
    monkeypatch.setenv("HEALTHLINT_AUDIT_TEST_CRASH", "@@crash@@")
    records = [Record(0, "a", _article(0)), Record(1, "hang", "x @@hang@@"), Record(2, "b", _article(2)),
               Record(3, "crash", "x @@crash@@"), Record(4, "c", _article(4))]
    results = []
    t0 = time.monotonic()
    run_local(iter(records), {"crossdup": False, "doc_timeout": 1}, lambda r, s: results.append(r),
              jobs=1, chunk_size=2, doc_timeout=1)
    by_id = {r["id"]: r for r in results}
    assert sorted(r["n"] for r in results) == [0, 1, 2, 3, 4]
    assert by_id["hang"]["error"]["code"] == "HL006"
    assert by_id["crash"]["error"]["code"] == "HL005"
    assert all(by_id[k]["error"] is None for k in "abc")
    assert time.monotonic() - t0 < 90


# -- resume after SIGKILL ------------------------------------------------------------------------
def test_resume_after_sigkill_has_every_document_once(tmp_path):
    texts = [_article(i) for i in range(40)]
    _write_jsonl(tmp_path / "in.jsonl", texts)
    out = tmp_path / "out"
    args = [str(tmp_path / "in.jsonl"), "--out", str(out), "--text-field", "body", "--id-field", "doc",
            "--url-field", "link", "-j", "1", "--chunk-size", "2", "--no-progress"]
    proc = subprocess.Popen([sys.executable, "-m", "healthlint.cli", "audit", *args],
                            env={**os.environ, **FAST, "HEALTHLINT_AUDIT_TEST_SLOW_EACH": "0.1"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    findings = out / "findings.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if findings.exists() and findings.read_bytes().count(b"\n") >= 5:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the runner and its workers, mid-run
    proc.wait()
    partial = findings.read_bytes().count(b"\n")
    assert 5 <= partial < 40, "the run must be interrupted midway"
    with open(findings, "ab") as fh:      # and a torn last line, as a crash mid-write leaves
        fh.write(b'{"n": 39, "id": "d39", "findi')
    again = _run_audit(*args)
    assert again.returncode != 0 and "--resume" in again.stderr  # no silent overwrite
    resumed = _run_audit(*args, "--resume")
    assert resumed.returncode == 0, resumed.stderr
    assert "doc/s" not in resumed.stderr  # no progress bar when not on a terminal
    records = _records(out)
    assert sorted(r["n"] for r in records) == list(range(40))
    assert sorted(r["id"] for r in records) == sorted(f"d{i}" for i in range(40))
    assert all(r["error"] is None for r in records)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["documents"] == 40 and summary["run"]["resumed_from"] >= partial


# -- cross-document duplicates -------------------------------------------------------------------
def test_crossdup_clusters_and_mostly_copied():
    pytest.importorskip("datasketch")
    from healthlint.batch.crossdup import find_duplicates
    from healthlint.batch.worker import sketch_paragraphs
    from healthlint.formats import parse
    docs = [_article(i, extra=(PARA + (" Really." if i % 2 else "") + "\n\n") if i < 6 else "") for i in range(12)]
    docs.append(docs[3].replace("Article 3", "Copied article"))   # a page copied whole from another
    sketches = [sketch_paragraphs(n, parse(text, "text")) for n, text in enumerate(docs)]
    result = find_duplicates(lambda: iter(sketches), threshold=0.7)
    shared = [c for c in result.clusters if "Walking for thirty minutes" in c.text]
    assert len(shared) == 1 and shared[0].docs == [0, 1, 2, 3, 4, 5, 12]
    assert result.copied_share[12] == 1.0 and result.copied_share[3] == 1.0
    assert result.copied_share[8] == 0.0   # its own paragraphs only (the numbers differ)
    assert all(len(c.docs) >= 2 for c in result.clusters)
    only_some = find_duplicates(lambda: iter(sketches), keep=lambda n: n != 12, threshold=0.7)
    assert 12 not in only_some.copied_share


# -- Dask ----------------------------------------------------------------------------------------
def test_dask_backend_matches_local(tmp_path):
    pytest.importorskip("distributed")
    texts = [_article(i, PARA + "\n\n" if i % 3 == 0 else "") for i in range(12)]
    texts[4] = "Neck torment and bosom malignant growth are spun phrases.\n"
    texts[7] = "A document one rule takes too long on. @@slowcheck@@\n"   # --doc-timeout inside a rule
    _write_jsonl(tmp_path / "in.jsonl", texts)
    common = [str(tmp_path / "in.jsonl"), "--text-field", "body", "--id-field", "doc", "--no-progress", "-j", "2",
              "--doc-timeout", "2"]
    env = {"HEALTHLINT_AUDIT_TEST_SLOW_CHECK": "@@slowcheck@@"}
    local = _run_audit(*common, "--out", str(tmp_path / "local"), env=env)
    dask = _run_audit(*common, "--out", str(tmp_path / "dask"), "--backend", "dask", "--scheduler", "local", env=env)
    assert local.returncode == 0, local.stderr
    assert dask.returncode == 0, dask.stderr
    key = lambda r: r["n"]  # noqa: E731  (completion order differs; content must not)
    assert sorted(_records(tmp_path / "local"), key=key) == sorted(_records(tmp_path / "dask"), key=key)
    summaries = {}
    for name in ("local", "dask"):
        summary = json.loads((tmp_path / name / "summary.json").read_text())
        assert summary["duplication"]["clusters"] == 1 and summary["documents"] == 12
        assert summary["errors"] == {"HL006": 1}
        slow = [r for r in _records(tmp_path / name) if r["n"] == 7][0]
        assert slow["error"] == {"code": "HL006", "message": "timeout: document took longer than 2 s"}, name
        summary.pop("run")
        summaries[name] = summary
    assert summaries["local"] == summaries["dask"]
    assert (tmp_path / "local" / "summary.csv").read_bytes() == (tmp_path / "dask" / "summary.csv").read_bytes()
    _check_report(tmp_path / "local")


def _check_report(out: Path):
    page = (out / "report.html").read_text(encoding="utf-8")
    # self-contained: nothing is loaded from elsewhere
    assert not re.search(r"""\bsrc\s*=\s*["']?(https?:)?//""", page, re.I)
    assert not re.search(r"<link\b|<script\b|@import|url\(", page, re.I)
    for tag in re.findall(r"<[^>]*\bhref\s*=[^>]*>", page, re.I):  # in-page anchors, or a link out to an article
        assert 'href="#' in tag or (tag.startswith('<a class="ext"') and 'href="http' in tag), tag
    for section in ("categories", "spin", "drugs", "phrases", "worst", "duplicates"):
        assert f'id="{section}"' in page
    assert page.count("<svg") >= 3
    assert "Walking for thirty minutes" in page       # the duplicate cluster's representative text
    rows = (out / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("n,id,url_or_path,words,error,findings,spin,") and len(rows) == 13
