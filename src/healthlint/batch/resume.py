"""The output store: ``findings.jsonl`` (+ paragraph sketches) appended as complete, fsync'd lines.

Crash safety: a record is one ``os.write`` of a whole line on an ``O_APPEND`` descriptor, and
the files are fsync'd at least every ``SYNC_SECONDS`` (an fsync per document costs more than a
short document's linting on a busy disk; a killed process loses nothing either way, since written
lines are in the page cache — only a machine crash can lose the last second, never tear the middle). After any interruption (even ``kill -9``)
at most the last line is torn; :func:`scan` truncates it away and returns the ordinals already
done, so a rerun skips exactly those and every input document ends up in the file once.
"""
from __future__ import annotations

import json
import os
import re
import time
from array import array
from pathlib import Path

FINDINGS = "findings.jsonl"
SKETCHES = "sketches.jsonl"
RUN = "run.json"
SYNC_SECONDS = 1.0


def scan(path: Path) -> dict[int, str]:
    """Ordinal -> id of the complete records in ``path``; a torn or corrupt tail is cut off."""
    done: dict[int, str] = {}
    if not path.exists():
        return done
    good_end = 0
    with open(path, "rb") as fh:
        for line in fh:
            if not line.endswith(b"\n"):
                break
            try:
                obj = json.loads(line)
            except ValueError:
                break
            if isinstance(obj, dict) and "n" in obj:
                done[int(obj["n"])] = str(obj.get("id"))
            good_end += len(line)
    if good_end != path.stat().st_size:
        with open(path, "r+b") as fh:
            fh.truncate(good_end)
            os.fsync(fh.fileno())
    return done


class Store:
    def __init__(self, out: Path, resume: bool):
        self.out = out
        out.mkdir(parents=True, exist_ok=True)
        self.done: dict[int, str] = {}
        if resume:
            self.done = scan(out / FINDINGS)
            scan(out / SKETCHES)
        else:
            for name in (FINDINGS, SKETCHES):
                (out / name).unlink(missing_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND
        self._findings = os.open(out / FINDINGS, flags, 0o644)
        self._sketches = os.open(out / SKETCHES, flags, 0o644)
        self._dirty = False
        self._synced = time.monotonic()

    def write(self, result: dict, sketch: dict | None) -> None:
        if sketch is not None:  # before its record: a record on disk always has its sketch
            _write_line(self._sketches, sketch)
        _write_line(self._findings, result)
        self.done[int(result["n"])] = str(result.get("id"))
        self._dirty = True

    def sync(self, force: bool = True) -> None:
        if not force and time.monotonic() - self._synced < SYNC_SECONDS:
            return
        self._synced = time.monotonic()
        if self._dirty:
            os.fsync(self._sketches)
            os.fsync(self._findings)
            self._dirty = False

    def close(self) -> None:
        self.sync()
        os.close(self._findings)
        os.close(self._sketches)


def _write_line(fd: int, obj: dict) -> None:
    data = (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def iter_jsonl(path: Path):
    if not path.exists():
        return
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.endswith("\n"):
                yield json.loads(line)


_LEADING_N = re.compile(rb'\{"n":\s*(-?\d+)\s*[,}]')


def iter_jsonl_by_n(path: Path):
    """The complete records of ``path`` in input order (by ``n``; the first record of an ordinal
    that appears twice), whatever order they were appended in. Two passes: the first keeps one
    (ordinal, offset) pair per line, the second reads each line at its offset -- memory does not
    grow with the records' size."""
    if not path.exists():
        return
    ordinals, offsets = array("q"), array("q")
    with open(path, "rb") as fh:
        offset = 0
        for line in fh:
            if not line.endswith(b"\n"):
                break
            match = _LEADING_N.match(line)   # our own lines start with {"n":...; anything else: parse
            if match:
                n = match.group(1)
            else:
                obj = json.loads(line)
                n = obj.get("n") if isinstance(obj, dict) else None
            if n is not None:
                ordinals.append(int(n))
                offsets.append(offset)
            offset += len(line)
        import numpy as np
        order = np.argsort(np.frombuffer(ordinals, dtype=np.int64), kind="stable")  # first occurrence first
        previous = None
        for i in order:
            if ordinals[i] == previous:
                continue
            previous = ordinals[i]
            fh.seek(offsets[i])
            yield json.loads(fh.readline())
