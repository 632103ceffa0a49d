"""Dask backend: the same per-document work (worker.audit_chunk) on a Dask distributed cluster.

``scheduler="local"`` starts a LocalCluster of ``jobs`` single-threaded worker processes; any
other value is the address of a running scheduler (``tcp://host:8786``). Each Dask worker
process builds its Auditor once (worker.get_auditor caches it). At most ``window`` chunks are
in flight, so the client's memory stays bounded. A chunk whose task fails (e.g. its worker
died twice) becomes error records for its documents; the batch goes on.
"""
from __future__ import annotations

from typing import Callable, Iterator

from .pool import _chunks
from .readers import Record
from .worker import audit_chunk, error_result


def run_dask(records: Iterator[Record], settings: dict, emit: Callable, scheduler: str = "local",
             jobs: int = 2, chunk_size: int = 8, window: int | None = None) -> None:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise RuntimeError("the dask backend needs: pip install 'healthlint[dask]'") from None
    cluster = None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        n_threads = sum(client.nthreads().values()) or 1
        window = window or 2 * n_threads
        source = _chunks(records, chunk_size)
        futures = as_completed()
        chunk_of = {}

        def submit() -> bool:
            chunk = next(source, None)
            if chunk is None:
                return False
            fut = client.submit(audit_chunk, settings, chunk, pure=False)
            chunk_of[fut.key] = chunk
            futures.add(fut)
            return True

        for _ in range(window):
            if not submit():
                break
        for fut in futures:
            chunk = chunk_of.pop(fut.key)
            try:
                results = fut.result()
            except Exception as exc:
                results = [(error_result(r, "HL005", f"dask task failed: {exc}"), None) for r in chunk]
            fut.release()
            for result, sketch in results:
                emit(result, sketch)
            submit()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
