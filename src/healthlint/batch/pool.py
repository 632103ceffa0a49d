"""Local backend: N worker processes, each loading the pipeline once, fed chunks of documents.

Each worker has its own pipes (no shared locks), so the parent can kill and replace one that is
stuck past ``--doc-timeout`` even inside C code where its in-process alarm cannot reach; the
document it was on becomes an error record and the rest of its chunk is handed out again.
In flight at any time: at most ``2 * chunk_size`` documents per worker (bounded memory).
"""
from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import time
from collections import deque
from multiprocessing.connection import wait
from typing import Callable, Iterator

from .readers import Record
from .worker import error_result

Emit = Callable[[dict, "dict | None"], None]


def _worker_main(settings: dict, inbox, conn) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C does
    from .worker import get_auditor
    auditor = get_auditor(settings)
    parent = os.getppid()
    conn.send(("ready",))
    while True:
        try:
            task = inbox.get(timeout=1.0)
        except queue.Empty:
            if os.getppid() != parent:  # the parent was killed (kill -9): do not linger as an orphan
                break
            continue
        if task is None:
            break
        for record in task:
            conn.send(("start", record.n))
            conn.send(("done",) + auditor.audit(record))
    conn.close()


class _Worker:
    def __init__(self, ctx, settings):
        self.inbox = ctx.Queue()
        self.conn, child = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_worker_main, args=(settings, self.inbox, child), daemon=True)
        self.proc.start()
        child.close()
        self.pending: deque[Record] = deque()   # assigned, not yet done (in order)
        self.current: tuple[int, float] | None = None
        self.ready = False

    def kill(self):
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()
        self.inbox.cancel_join_thread()
        self.inbox.close()


def _chunks(records: Iterator[Record], size: int) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for r in records:
        chunk.append(r)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_local(records: Iterator[Record], settings: dict, emit: Emit, jobs: int = 1, chunk_size: int = 8,
              doc_timeout: float | None = None, start_method: str = "spawn") -> None:
    """Audit every record; ``emit(result, sketch)`` is called in the parent for each, in completion order."""
    ctx = mp.get_context(start_method)
    hard_limit = None if not doc_timeout else doc_timeout + max(5.0, doc_timeout)
    workers = [_Worker(ctx, settings) for _ in range(max(1, jobs))]
    source = _chunks(records, chunk_size)
    requeue: deque[list[Record]] = deque()
    exhausted = False
    load_failures = 0

    def next_chunk():
        nonlocal exhausted
        if requeue:
            return requeue.popleft()
        if exhausted:
            return None
        try:
            return next(source)
        except StopIteration:
            exhausted = True
            return None

    def feed(w: _Worker):
        while w.ready and len(w.pending) < 2 * chunk_size:
            chunk = next_chunk()
            if chunk is None:
                return
            w.pending.extend(chunk)
            w.inbox.put(chunk)

    def replace(w: _Worker, reason_code: str, reason: str):
        nonlocal load_failures
        w.kill()
        if w.current is not None and w.pending and w.pending[0].n == w.current[0]:
            r = w.pending.popleft()
            emit(error_result(r, reason_code, reason), None)
        elif not w.ready:
            load_failures += 1
            if load_failures >= 3:
                raise RuntimeError("audit workers fail to start (could the pipeline not load?)")
        if w.pending:
            requeue.appendleft(list(w.pending))
        workers[workers.index(w)] = _Worker(ctx, settings)

    try:
        while True:
            for w in workers:
                feed(w)
            if exhausted and not requeue and all(not w.pending for w in workers):
                break
            ready = wait([w.conn for w in workers], timeout=0.5)
            by_conn = {w.conn: w for w in workers}
            for conn in ready:
                w = by_conn[conn]
                try:
                    msg = conn.recv()
                except (EOFError, OSError):
                    w.proc.join(1)
                    replace(w, "HL005", f"worker process died (exit code {w.proc.exitcode}) on this document")
                    continue
                if msg[0] == "ready":
                    w.ready = True
                elif msg[0] == "start":
                    w.current = (msg[1], time.monotonic())
                elif msg[0] == "done":
                    result, sketch = msg[1], msg[2]
                    if w.pending and w.pending[0].n == result["n"]:
                        w.pending.popleft()
                    w.current = None
                    emit(result, sketch)
            if hard_limit:
                now = time.monotonic()
                for w in list(workers):
                    if w.current is not None and now - w.current[1] > hard_limit:
                        replace(w, "HL006", f"timeout: document took longer than {doc_timeout:g} s "
                                            "(worker stopped and replaced)")
    finally:
        for w in workers:
            try:
                w.inbox.put(None)
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + 5
        for w in workers:
            w.proc.join(max(0.0, deadline - time.monotonic()))
            w.kill()
