"""The per-document work, identical for every backend: parse, lint, summarise, sketch paragraphs.

An :class:`Auditor` holds one loaded pipeline and is built once per worker process
(:func:`get_auditor` caches it), so documents only pay for their own NLP.
"""
from __future__ import annotations

import base64
import ctypes
import functools
import json
import os
import re
import signal
import threading
import time
from collections import Counter
from contextlib import contextmanager

from ..findings import CATEGORIES, SEVERITIES
from .readers import Record

SKETCH_KINDS = {"paragraph", "list_item", "blockquote"}
_WORD = re.compile(r"\w+", re.UNICODE)


class DocTimeout(BaseException):
    """The document took longer than --doc-timeout seconds.

    A ``BaseException`` (like ``KeyboardInterrupt``), not an ``Exception``: it is raised wherever
    the document's work happens to be, and the ``except Exception`` handlers on the way — the
    engine's per-rule handler that turns a broken check into an HL005 finding, a check's own
    fallbacks — must let it through to :meth:`Auditor.audit`, which makes the HL006 record.
    """


@contextmanager
def deadline(seconds: float | None):
    """Raise DocTimeout in this thread after ``seconds``.

    In a process's main thread (local backend) this is SIGALRM; elsewhere (Dask runs tasks in
    threads) an asynchronous exception is injected into the thread. Both fire between Python
    bytecodes; the local backend also kills a worker stuck inside C code (see pool.py).
    """
    if not seconds or seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        def _alarm(signum, frame):
            raise DocTimeout(f"document took longer than {seconds:g} s")
        old = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        return
    tid = ctypes.c_ulong(threading.get_ident())
    lock, state = threading.Lock(), {"done": False, "fired": False}

    def _fire():
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(tid, ctypes.py_object(DocTimeout))
    timer = threading.Timer(seconds, _fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            timer.cancel()
            if state["fired"]:  # clear an exception that has not been delivered yet
                ctypes.pythonapi.PyThreadState_SetAsyncExc(tid, None)


def _test_hooks(source: str) -> None:
    """Test-only: simulate pathological documents (a slow one; one stuck where signals cannot reach)."""
    each = os.environ.get("HEALTHLINT_AUDIT_TEST_SLOW_EACH")
    if each:
        time.sleep(float(each))
    marker = os.environ.get("HEALTHLINT_AUDIT_TEST_SLOW")
    if marker and marker in source:
        time.sleep(3600)
    marker = os.environ.get("HEALTHLINT_AUDIT_TEST_HANG")
    if marker and marker in source:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    marker = os.environ.get("HEALTHLINT_AUDIT_TEST_CRASH")
    if marker and marker in source:
        raise RuntimeError("injected failure")


def _test_slow_check(linter) -> None:
    """Test-only: one check (in the middle of the rules) takes 5 s, in Python code, on a document
    containing $HEALTHLINT_AUDIT_TEST_SLOW_CHECK -- so a --doc-timeout fires inside a rule."""
    marker = os.environ.get("HEALTHLINT_AUDIT_TEST_SLOW_CHECK")
    if not marker or not linter.checks:
        return
    check = linter.checks[len(linter.checks) // 2]
    run = check.run

    def slow_run(document):
        if marker in document.source:
            end = time.monotonic() + 5
            while time.monotonic() < end:
                time.sleep(0.01)
        return run(document)
    check.run = slow_run


def error_result(record: Record, code: str, message: str) -> dict:
    """The findings.jsonl record of a document that could not be audited."""
    return {"n": record.n, "id": record.id, "url": record.url, "path": record.path, "format": record.fmt,
            "words": 0, "findings": [], "error": {"code": code, "message": message}, "stats": None}


class Auditor:
    """Everything one worker needs, loaded once."""

    def __init__(self, settings: dict):
        from ..config import Config, load_config
        from ..engine import Linter
        self.settings = settings
        if settings.get("nlp") == "fast":  # never load the trained model (no POS tags or parse at all)
            from .. import nlp as _nlp
            os.environ["HEALTHLINT_NO_MODEL"] = "1"
            _nlp._notice_printed = True  # chosen, not missing: no "install the model" notice
            _nlp.get_model.cache_clear()
        config = load_config(settings.get("config"), []) if settings.get("config") else Config()
        self.linter = Linter(config, select=settings.get("select") or None, ignore=settings.get("ignore") or [])
        self.linter.prepare()  # lexicons and model loaded before the first document (and its --doc-timeout)
        _test_slow_check(self.linter)
        self.timeout = settings.get("doc_timeout")
        self.num_perm = int(settings.get("num_perm", 64))
        self.min_words = int(settings.get("sketch_min_words", 8))
        self.sketch = bool(settings.get("crossdup", True))
        if self.sketch:
            try:
                import datasketch  # noqa: F401
            except ImportError:
                self.sketch = False

    def audit(self, record: Record) -> tuple[dict, dict | None]:
        """(result record for findings.jsonl, paragraph sketches or None)."""
        out = {"n": record.n, "id": record.id, "url": record.url, "path": record.path,
               "format": record.fmt, "words": 0, "findings": [], "error": record.error, "stats": None}
        if record.error:
            return out, None
        try:
            with deadline(self.timeout):
                _test_hooks(record.source)
                document, extractor = self._parse(record)
                findings = self.linter.lint_documents([document])[0]
                out["words"] = document.word_count
                out["findings"] = [f.to_dict() for f in findings]
                out["stats"] = document_stats(document, findings)
                if extractor:
                    out["extracted"] = extractor
                sketch = self._sketch(record.n, document) if self.sketch else None
        except DocTimeout as exc:  # a BaseException: no handler inside the linting swallowed it
            # (the asynchronous exception of a thread, Dask's case, is raised as the bare class)
            message = str(exc) or f"document took longer than {self.timeout:g} s"
            out["error"] = {"code": "HL006", "message": f"timeout: {message}"}
            out["findings"], out["stats"] = [], None
            out.pop("extracted", None)
            return out, None
        except Exception as exc:  # one bad document must not stop the batch
            out["error"] = {"code": "HL005", "message": f"internal error: {type(exc).__name__}: {exc}"}
            out["findings"], out["stats"] = [], None
            out.pop("extracted", None)
            return out, None
        return out, sketch

    def _parse(self, record: Record):
        from ..formats import parse
        if record.fmt != "warc-html":
            return parse(record.source, record.fmt, record.path), None
        try:  # a proven main-text extractor for arbitrary scraped pages
            import trafilatura
            text = trafilatura.extract(record.source, url=record.url, include_comments=False,
                                       include_tables=False, favor_precision=True)
        except Exception:  # not installed, or it choked on the page: use our own HTML reader
            text = None
        if text and text.strip():
            return parse(text, "text", record.path), "trafilatura"
        return parse(record.source, "html", record.path), "healthlint-html"

    def _sketch(self, n: int, document) -> dict:
        return sketch_paragraphs(n, document, self.num_perm, self.min_words)


def sketch_paragraphs(n: int, document, num_perm: int = 64, min_words: int = 8) -> dict:
    """MinHash (word 3-shingles) of each paragraph-like block of at least ``min_words`` words."""
    from datasketch import MinHash
    paragraphs = []
    for block in document.blocks:
        if block.kind not in SKETCH_KINDS:
            continue
        text = document.text[block.start:block.end]
        words = [w.lower() for w in _WORD.findall(text)]
        if len(words) < min_words:
            continue
        m = MinHash(num_perm=num_perm, seed=7, scheme="affine32", permutations=_permutations(num_perm))
        m.update_batch([" ".join(words[i:i + 3]).encode("utf-8") for i in range(len(words) - 2)])
        hv = base64.b64encode(m.hashvalues.astype("<u8").tobytes()).decode("ascii")
        paragraphs.append([hv, len(words), " ".join(text.split())[:300]])
    return {"n": n, "paragraphs": paragraphs}


@functools.lru_cache(maxsize=4)
def _permutations(num_perm: int):
    """The MinHash permutations for seed 7, made once (datasketch draws them anew for every
    MinHash, which was most of the sketching cost); the sketches are the same."""
    from datasketch import MinHash
    return MinHash(num_perm=num_perm, seed=7, scheme="affine32").permutations


def document_stats(document, findings) -> dict:
    """Per-document numbers for summaries: counts, spin score, drug names, spun phrases."""
    by_category = Counter({c: 0 for c in CATEGORIES})
    by_severity = Counter({s: 0 for s in SEVERITIES})
    for f in findings:
        by_category[f.category] += 1
        by_severity[f.severity] += 1
    cache = getattr(document, "cache", None) or {}
    spin = cache.get("spin") if isinstance(cache.get("spin"), dict) else None
    score = spun = None
    phrases: list[str] = []
    if spin is not None:
        score = _number(spin.get("score", spin.get("per_1000_words")))
        spun = spin.get("spun") if isinstance(spin.get("spun"), bool) else None
        for m in spin.get("matches") or []:
            if isinstance(m, dict) and m.get("counted", True) and m.get("text"):
                phrases.append(str(m["text"]).lower())
    else:
        spin_findings = [f for f in findings if f.category == "spin" and f.scope != "document"]
        phrases = [f.excerpt.lower() for f in spin_findings if 0 < len(f.excerpt) <= 60]
        words = max(document.word_count, 100)
        score = round(1000.0 * len(spin_findings) / words, 2)  # spun phrases per 1,000 words
    return {"by_category": dict(by_category), "by_severity": dict(by_severity),
            "spin_score": score, "spun": spun, "spun_phrases": phrases[:50],
            "drugs": drug_names(cache.get("drugs"), findings)}


def _number(value):
    try:
        return round(float(value), 3)
    except (TypeError, ValueError):
        return None


_DRUG_KEYS = ("brand", "name", "drug", "generic", "text")


def _name_of(item) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        for key in _DRUG_KEYS:
            if isinstance(item.get(key), str) and item[key].strip():
                return item[key]
    return None


def drug_names(cached, findings) -> list[str]:
    """Distinct drug names: from the drug family's cache when present, else from its findings."""
    names: list[str] = []
    if isinstance(getattr(cached, "mentions", None), list):  # the drug family's DrugAnalysis: names only
        # (not to_dict(), which settles every mention's score, parsing sentences no finding needs)
        cached = {"mentions": [{"name": m.entry.name} for m in cached.mentions if getattr(m, "entry", None)]}
    elif hasattr(cached, "to_dict"):
        try:
            cached = cached.to_dict()
        except Exception:
            cached = None
    items = cached
    if isinstance(cached, dict):
        items = cached.get("mentions") or cached.get("matches") or cached.get("drugs") or []
    if isinstance(items, (list, tuple)):
        names = [n for n in (_name_of(i) for i in items) if n]
    if not names:
        for f in findings:
            if f.category != "drug-promotion":
                continue
            name = _name_of(f.data) if f.data else None
            if name is None and 0 < len(f.excerpt) <= 40 and "\n" not in f.excerpt:
                name = f.excerpt
            if name:
                names.append(name)
    seen, out = set(), []
    for n in names:
        key = n.strip().lower()
        if key and key not in seen:
            seen.add(key)
            out.append(n.strip())
    return out[:50]


# -- process-wide cache (one Auditor per worker process, whatever the backend) ---------------
_AUDITORS: dict[str, Auditor] = {}


def get_auditor(settings: dict) -> Auditor:
    key = json.dumps(settings, sort_keys=True)
    if key not in _AUDITORS:
        _AUDITORS.clear()
        _AUDITORS[key] = Auditor(settings)
    return _AUDITORS[key]


def audit_chunk(settings: dict, records: list[Record]) -> list[tuple[dict, dict | None]]:
    """Audit a chunk of records in this process (the unit of work sent to Dask)."""
    auditor = get_auditor(settings)
    return [auditor.audit(r) for r in records]
