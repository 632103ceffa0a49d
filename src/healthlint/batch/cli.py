"""``healthlint audit``: audit a batch of scraped articles into a results folder."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from ..findings import SEVERITIES, severity_at_least
from .readers import ReaderOptions, read_records
from .resume import FINDINGS, RUN, SKETCHES, Store, iter_jsonl_by_n
from .worker import error_result

UNREADABLE = "HL001"   # an input that does not exist or cannot be read: exit 2 (see docs/audit.md)


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _split(values) -> list[str]:
    return [s for v in values or () for s in v.replace(",", " ").split() if s]


def _progress_enabled(flag: bool | None) -> bool:
    if flag is not None:
        return flag
    return sys.stderr.isatty() and not os.environ.get("CI")


def _count(paths, options) -> int | None:
    """Cheap document count for the progress bar's ETA (None when it would need a full parse)."""
    from .readers import JSONL_SUFFIXES, _base_suffix, _open_binary, walk
    total = 0
    for path in walk(paths):
        suffix, _ = _base_suffix(path)
        if suffix in JSONL_SUFFIXES:
            try:
                with _open_binary(path) as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                return None
        elif suffix == ".warc":
            return None
        else:
            total += 1
    return total


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Results folder: findings.jsonl, summary.json, summary.csv, report.html.")
@click.option("--format", "fmt", type=click.Choice(["auto", "text", "markdown", "html"]), default="auto",
              show_default=True, help="Format of files and of the JSONL text field (auto: by suffix; JSONL: text).")
@click.option("--text-field", default="text", show_default=True, help="JSONL field holding the article.")
@click.option("--id-field", default="id", show_default=True, help="JSONL field holding the document id.")
@click.option("--url-field", default="url", show_default=True, help="JSONL field holding the document URL.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=None,
              help="Worker processes [default, or 0: all cores].")
@click.option("--chunk-size", type=click.IntRange(min=1), default=8, show_default=True,
              help="Documents sent to a worker at a time.")
@click.option("--doc-timeout", type=click.FloatRange(min=0), default=120.0, show_default=True,
              help="Seconds one document may take; then it becomes an error record (0: no limit).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 when any document has a finding at or above this severity "
                   "[default: findings never change the exit code].")
@click.option("--resume", is_flag=True, help="Continue an interrupted run into the same --out, skipping finished documents.")
@click.option("--force", is_flag=True, help="Overwrite the results already in --out.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Only the first N documents.")
@click.option("--backend", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", default="local", show_default=True,
              help="With --backend dask: scheduler address (tcp://host:8786), or 'local' for a LocalCluster.")
@click.option("--select", multiple=True, help="Only these rules: ids, id prefixes or categories.")
@click.option("--ignore", multiple=True, help="Skip these rules.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True), default=None)
@click.option("--crossdup/--no-crossdup", default=True, show_default=True,
              help="Find paragraphs shared across documents (MinHash LSH).")
@click.option("--dup-threshold", type=click.FloatRange(0, 1, min_open=True), default=0.7, show_default=True,
              help="Jaccard similarity for near-duplicates.")
@click.option("--dup-min-docs", type=click.IntRange(min=1), default=2, show_default=True,
              help="Documents a cluster must span.")
@click.option("--nlp", type=click.Choice(["full", "fast"]), default="full", show_default=True,
              help="fast: never load the trained model (saves its ~1 s load per worker and the few "
                   "sentence parses; the checks that use a parse fall back to word-based tests).")
@click.option("--progress/--no-progress", default=None, help="Progress bar [default: on a terminal, not in CI].")
def audit(paths, out_dir, fmt, text_field, id_field, url_field, jobs, chunk_size, doc_timeout, fail_on, resume, force,
          limit, backend, scheduler, select, ignore, config_path, crossdup, dup_threshold, dup_min_docs, nlp, progress):
    """Audit folders of txt/md/html, JSONL, WARC(.gz) and .gz files: one record per document in
    OUT/findings.jsonl, then summary.json, summary.csv and a self-contained report.html.

    Exit codes: 2 when an input does not exist or cannot be read (HL001 records; the other inputs
    are still audited and reported) or the options are wrong; else 1 when --fail-on is given and a
    finding is at or above it; else 0. Other per-document error records (a bad JSONL line, a
    document over --doc-timeout) do not change the exit code."""
    out = Path(out_dir)
    if (out / FINDINGS).exists() and not (resume or force):
        raise click.UsageError(f"{out / FINDINGS} exists: add --resume to continue that run or --force to start over")
    jobs = jobs or os.cpu_count() or 1
    settings = {"select": _split(select), "ignore": _split(ignore),
                "config": str(Path(config_path).resolve()) if config_path else None,
                "doc_timeout": doc_timeout or None, "crossdup": crossdup, "num_perm": 64, "nlp": nlp}
    from ..config import ConfigError, load_config
    from ..engine import check_selectors
    try:  # fail here, as a usage error, not in the workers
        config = load_config(config_path, []) if config_path else None
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    check_selectors(None, config, settings["select"] or None, settings["ignore"])
    if backend == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise click.UsageError("--backend dask needs: pip install 'healthlint[dask]'") from None
    run_info = {"inputs": [str(Path(p).resolve()) for p in paths], "format": fmt, "text_field": text_field,
                "id_field": id_field, "limit": limit, "settings": settings}
    if resume and (out / RUN).exists():
        before = json.loads((out / RUN).read_text(encoding="utf-8"))
        if before.get("inputs") != run_info["inputs"] or before.get("settings") != settings:
            raise click.UsageError(f"--resume: inputs or rule settings differ from the run in {out} (see {out / RUN})")
    out.mkdir(parents=True, exist_ok=True)
    (out / RUN).write_text(json.dumps(run_info, indent=2), encoding="utf-8")
    options = ReaderOptions(fmt=None if fmt == "auto" else fmt, text_field=text_field, id_field=id_field,
                            url_field=url_field)
    store = Store(out, resume)
    already = len(store.done)
    bar = None
    if _progress_enabled(progress):
        try:
            from tqdm import tqdm
            total = _count(paths, options)
            if total is not None and limit:
                total = min(total, limit)
            bar = tqdm(total=total, initial=already, unit="doc", dynamic_ncols=True, smoothing=0.05)
        except ImportError:
            bar = None
    started = time.monotonic()
    processed = 0
    unreadable: list[str] = []

    def emit(result, sketch):
        nonlocal processed
        if (result.get("error") or {}).get("code") == UNREADABLE:
            unreadable.append(result["error"]["message"])
        store.write(result, sketch)
        store.sync(force=False)
        processed += 1
        if bar is not None:
            bar.update(1)

    def pending():
        for record in read_records(paths, options):
            if limit is not None and record.n >= limit:
                return
            if record.n in store.done:
                if store.done[record.n] != record.id:
                    raise click.UsageError(f"--resume: document {record.n} is now {record.id!r}, was "
                                           f"{store.done[record.n]!r}: the inputs changed")
                continue
            if record.error:  # unreadable: record it here, no worker needed
                emit(error_result(record, record.error["code"], record.error["message"]), None)
                continue
            yield record

    try:
        if backend == "dask":
            from .dask_backend import run_dask
            run_dask(pending(), settings, emit, scheduler=scheduler, jobs=jobs, chunk_size=chunk_size)
        else:
            from .pool import run_local
            run_local(pending(), settings, emit, jobs=jobs, chunk_size=chunk_size, doc_timeout=doc_timeout or None)
    except KeyboardInterrupt:
        store.close()
        click.echo(f"\ninterrupted: {_plural(len(store.done), 'document')} saved in {out}; rerun with --resume",
                   err=True)
        sys.exit(130)
    finally:
        if bar is not None:
            bar.close()
    store.close()
    elapsed = time.monotonic() - started
    summary = finalize(out, crossdup, dup_threshold, dup_min_docs)
    summary["run"] = {"processed_now": processed, "resumed_from": already, "seconds": round(elapsed, 2),
                      "docs_per_second": round(processed / elapsed, 2) if elapsed else None,
                      "backend": backend, "jobs": jobs}
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    for message in unreadable[:20]:
        click.echo(f"healthlint audit: {message}", err=True)
    if len(unreadable) > 20:
        click.echo(f"healthlint audit: ... and {_plural(len(unreadable) - 20, 'more unreadable input')} "
                   f"({UNREADABLE} in {out / FINDINGS})", err=True)
    earlier = summary["errors"].get(UNREADABLE, 0) - len(unreadable)
    if earlier > 0:  # recorded by the run this one resumed
        click.echo(f"healthlint audit: {_plural(earlier, 'unreadable input')} recorded before ({UNREADABLE} in "
                   f"{out / FINDINGS})", err=True)
    click.echo(f"audited {_plural(summary['documents'], 'document')} ({processed:,} now, {already:,} before) "
               f"in {elapsed:.1f} s: {_plural(summary['findings'], 'finding')}, "
               f"{_plural(summary['documents_flagged'], 'document')} flagged, "
               f"{_plural(sum(summary['errors'].values()), 'error')} -> {out}/report.html", err=True)
    sys.exit(exit_status(summary, fail_on))


def exit_status(summary: dict, fail_on: str | None) -> int:
    """2: an input could not be read (counted over the whole results folder, so a resumed run
    answers as the fresh one would); 1: a finding at or above ``fail_on``; else 0."""
    if summary["errors"].get(UNREADABLE):
        return 2
    if fail_on and any(count and severity_at_least(severity, fail_on)
                       for severity, count in summary["by_severity"].items()):
        return 1
    return 0


def finalize(out: Path, crossdup: bool = True, threshold: float = 0.7, min_docs: int = 2) -> dict:
    """Cross-document duplicates, summary.json/csv and report.html from what is in ``out``."""
    from .report_html import render
    from .resume import scan
    from .summary import summarise, write_duplicates
    ids = scan(out / FINDINGS)
    dup = None
    if crossdup:
        try:
            from .crossdup import find_duplicates
            dup = find_duplicates(lambda: iter_jsonl_by_n(out / SKETCHES), keep=ids.__contains__,
                                  threshold=threshold, min_docs=min_docs)
            write_duplicates(out, dup, ids)
        except ImportError:
            click.echo("healthlint audit: datasketch is not installed; skipping cross-document duplicates "
                       "(pip install 'healthlint[audit]')", err=True)
    summary = summarise(out, dup, ids)
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    render(summary, out / "report.html")
    return summary
