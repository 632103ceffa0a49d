"""Streaming readers: folders of txt/md/html, JSONL, WARC / WARC.gz, and ``.gz`` of any of them.

Every reader is a generator of :class:`Record` so memory stays bounded whatever the corpus size.
Records are numbered in input order (``n``): with the same inputs the numbering is the same on
every run, which is what resuming relies on. Reading problems become records with an ``error``
rather than exceptions, so the batch goes on.
"""
from __future__ import annotations

import gzip
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from ..formats import FORMAT_BY_SUFFIX
from ..inputs import InputError, decode, walk_files

JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc",)


@dataclass
class Record:
    """One document to audit (or a reading error standing in for it)."""
    n: int                      # ordinal in input order: the resume key
    id: str
    source: str = ""
    fmt: str = "text"           # text | markdown | html | warc-html (main text extracted in the worker)
    url: str | None = None
    path: str | None = None
    error: dict | None = None   # {"code", "message"} when the document could not be read
    meta: dict = field(default_factory=dict)


@dataclass
class ReaderOptions:
    fmt: str | None = None      # force a format for files / the JSONL text field (text|markdown|html)
    text_field: str = "text"
    id_field: str = "id"
    url_field: str = "url"
    max_bytes: int = 5 * 1024 * 1024


def _base_suffix(path: Path) -> tuple[str, bool]:
    """('.jsonl', True) for 'x.jsonl.gz'."""
    name = path.name.lower()
    gz = name.endswith(".gz")
    if gz:
        name = name[:-3]
    return os.path.splitext(name)[1], gz


def is_supported(path: Path) -> bool:
    suffix, _ = _base_suffix(path)
    return suffix in FORMAT_BY_SUFFIX or suffix in JSONL_SUFFIXES or suffix in WARC_SUFFIXES


def _open_binary(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def walk(paths: Iterable[str]) -> Iterator[Path]:
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for full in walk_files(p):
                if is_supported(full) and not full.name.endswith(".expected.yaml"):
                    yield full
        else:
            yield p


def read_records(paths: Iterable[str], options: ReaderOptions | None = None) -> Iterator[Record]:
    """All documents of all inputs, in a stable order, numbered from 0."""
    options = options or ReaderOptions()
    n = 0
    for path in walk(paths):
        for record in _read_path(path, options):
            record.n = n
            n += 1
            yield record


def _read_path(path: Path, options: ReaderOptions) -> Iterator[Record]:
    suffix, _gz = _base_suffix(path)
    if not path.exists():
        yield Record(0, str(path), path=str(path), error={"code": "HL001", "message": f"{path}: no such file"})
        return
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, options)
        elif suffix in WARC_SUFFIXES:
            yield from _read_warc(path, options)
        else:
            yield _read_file(path, suffix, options)
    except Exception as exc:  # a truncated .gz, a corrupt WARC: keep what was read, report the rest
        yield Record(0, f"{path}#read-error", path=str(path),
                     error={"code": "HL001", "message": f"{path}: cannot read: {exc}"})


def _read_file(path: Path, suffix: str, options: ReaderOptions) -> Record:
    fmt = options.fmt or FORMAT_BY_SUFFIX.get(suffix, "text")
    record = Record(0, str(path), fmt=fmt, path=str(path))
    try:
        with _open_binary(path) as fh:
            data = fh.read(options.max_bytes + 1)
        record.source = decode(data, str(path), options.max_bytes).text
    except InputError as exc:
        record.error = {"code": exc.code, "message": exc.message}
    return record


def _read_jsonl(path: Path, options: ReaderOptions) -> Iterator[Record]:
    fmt = options.fmt or "text"
    with _open_binary(path) as raw:
        for lineno, line in enumerate(io.TextIOWrapper(raw, encoding="utf-8", errors="replace"), 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise ValueError("not a JSON object")
            except ValueError as exc:
                yield Record(0, where, path=where, error={"code": "HL002", "message": f"{where}: bad JSON: {exc}"})
                continue
            doc_id = obj.get(options.id_field)
            record = Record(0, str(doc_id) if doc_id not in (None, "") else where, fmt=fmt, path=where,
                            url=obj.get(options.url_field) or None)
            text = obj.get(options.text_field)
            if not isinstance(text, str):
                record.error = {"code": "HL002", "message": f"{where}: no string field {options.text_field!r}"}
            elif len(text.encode("utf-8", "replace")) > options.max_bytes:
                record.error = {"code": "HL003", "message": f"{where}: text over {options.max_bytes} bytes"}
            else:
                record.source = text  # offsets point into this field as given
            yield record


def _read_warc(path: Path, options: ReaderOptions) -> Iterator[Record]:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        yield Record(0, str(path), path=str(path),
                     error={"code": "HL001", "message": f"{path}: reading WARC needs warcio (pip install 'healthlint[audit]')"})
        return
    with open(path, "rb") as fh:  # warcio detects and decompresses .warc.gz itself
        for record in ArchiveIterator(fh):
            if record.rec_type != "response":
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
            if "html" not in ctype.lower():
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            rid = record.rec_headers.get_header("WARC-Record-ID") or url
            out = Record(0, str(rid), fmt="warc-html", url=url, path=f"{path}#{rid}")
            try:
                out.source = decode(record.content_stream().read(options.max_bytes + 1), url or str(path),
                                    options.max_bytes).text
            except InputError as exc:
                out.error = {"code": exc.code, "message": exc.message}
            yield out
