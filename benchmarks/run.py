"""Throughput of ``healthlint check`` and ``healthlint audit`` against proselint 0.16.

    PYTHONPATH=src python benchmarks/run.py [--data PATH] [--limit N] [--scales 1,10,100] [--jobs N]

Corpora: the shared health-news JSONL (skipped cleanly when absent; never copied anywhere) and
synthetic corpora made from the bundled corpus/ articles at each scale (33 x scale documents,
each a varied copy: paragraphs reordered, numbers changed, some paragraphs borrowed from other
articles so cross-document duplication has work to do). Reports documents/s and words/s for:
check (one process, in-process Linter, start-up reported separately; "cold" = right after
start-up, "warmed" = after linting 300 *other* health-news articles, as in a long batch),
audit -j 1 and audit -j all
(the real command in a subprocess, worker start-up included), proselint (one process), and the
cost of the cross-document MinHash LSH pass.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# beside the checkout (CI, /work/main) or two levels up (a worktree in /work/wt/NAME)
DEFAULT_DATA = next((p for p in (ROOT.parent / "shared" / "data" / "health-news-dev.jsonl",
                                 ROOT.parent.parent / "shared" / "data" / "health-news-dev.jsonl") if p.exists()),
                    ROOT.parent / "shared" / "data" / "health-news-dev.jsonl")


def load_jsonl(path: Path, limit: int | None) -> list[dict]:
    docs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                docs.append({"id": str(rec.get("id", len(docs))), "text": rec.get("text") or ""})
                if limit and len(docs) >= limit:
                    break
    return docs


def synthetic(scale: int, seed: int = 13) -> list[dict]:
    """33 x scale varied documents from corpus/ (Markdown and plain text; HTML stripped to text)."""
    from healthlint.formats import parse
    base = []
    for path in sorted((ROOT / "corpus").iterdir()):
        if path.suffix in (".md", ".txt", ".html") and path.name != "README.md":
            doc = parse(path.read_text(encoding="utf-8"), {".md": "markdown", ".txt": "text"}.get(path.suffix, "html"))
            base.append([doc.text[b.start:b.end] for b in doc.blocks])
    rnd = random.Random(seed)
    pool = [p for blocks in base for p in blocks if len(p.split()) > 12]
    docs = []
    for k in range(scale):
        for i, blocks in enumerate(base):
            title, body = blocks[0], list(blocks[1:])
            rnd.shuffle(body)
            body = [re.sub(r"\d+", lambda m: str(int(m.group()) + rnd.randint(0, 9)), p) for p in body]
            if rnd.random() < 0.3:      # a paragraph lifted from another article
                body.insert(rnd.randrange(len(body) + 1), rnd.choice(pool))
            docs.append({"id": f"s{k:03d}-{i:02d}", "text": "\n\n".join([title] + body) + "\n"})
    return docs


def words(docs) -> int:
    return sum(len(d["text"].split()) for d in docs)


def _check_in_fresh_process(docs, warmup, out) -> None:
    from healthlint import Linter
    from healthlint.formats import parse

    def lint_all(batch):
        for i in range(0, len(batch), 32):
            linter.lint_documents([parse(d["text"], "text", d["id"]) for d in batch[i:i + 32]])

    t0 = time.perf_counter()
    linter = Linter()
    linter.prepare()                       # lexicons, indexes and model: loaded once, not per document
    startup = time.perf_counter() - t0
    lint_all(warmup)                       # other documents: per-word caches as in a long batch
    t0 = time.perf_counter()
    lint_all(docs)
    out.put((time.perf_counter() - t0, startup))


def bench_check(docs, warmup) -> tuple[float, float | None, float]:
    """(cold seconds, warmed seconds or None, start-up seconds) for the in-process Linter over
    ``docs``, each in a fresh process. Cold: right after start-up (building the Linter and
    ``Linter.prepare()``: the lexicons, indexes and trained model the checks load once, by
    linting the rules' own examples), every per-word cache still empty. Warmed: after linting ``warmup`` (*other* documents), as in the
    middle of a long batch; never warmed on the timed documents themselves."""
    import multiprocessing
    ctx = multiprocessing.get_context("spawn")
    results = []
    for pre in ([], warmup) if warmup else ([],):
        queue = ctx.Queue()
        proc = ctx.Process(target=_check_in_fresh_process, args=(docs, pre, queue))
        proc.start()
        results.append(queue.get())
        proc.join()
    cold, startup = results[0]
    return cold, (results[1][0] if len(results) > 1 else None), startup


def bench_proselint(docs) -> float | None:
    """Seconds of proselint's default checks over ``docs`` (one process; its rules registered first)."""
    try:
        from proselint.checks import __register__
        from proselint.registry import CheckRegistry
        from proselint.tools import DEFAULT, LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)
    LintFile("warm-up", "Warm-up sentence, very unique.").lint(DEFAULT)
    t0 = time.perf_counter()
    for d in docs:
        if d["text"].strip():
            LintFile(d["id"], d["text"]).lint(DEFAULT)
    return time.perf_counter() - t0


def bench_audit(docs, jobs: int, workdir: Path, *extra: str) -> tuple[float, float, int]:
    """(seconds of the run, seconds of the cross-document pass, paragraphs compared)."""
    src = workdir / "in.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d) + "\n")
    out = workdir / f"out-j{jobs}{''.join(extra)}"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    subprocess.run([sys.executable, "-m", "healthlint.cli", "audit", str(src), "--out", str(out), "--force",
                    "-j", str(jobs), "--no-progress", *extra], check=True, env=env, stderr=subprocess.DEVNULL)
    run = json.loads((out / "summary.json").read_text())["run"]["seconds"]
    from healthlint.batch.crossdup import find_duplicates
    from healthlint.batch.resume import iter_jsonl
    t0 = time.perf_counter()
    dup = find_duplicates(lambda: iter_jsonl(out / "sketches.jsonl"))
    return run, time.perf_counter() - t0, dup.paragraphs


def bench_crossdup(scales: list[int]) -> None:
    """The cross-document pass alone (sketching + LSH clustering), to show it grows near-linearly."""
    from healthlint.batch.crossdup import find_duplicates
    from healthlint.batch.worker import sketch_paragraphs
    from healthlint.formats import parse
    print(f"\ncross-document duplicates (MinHash LSH), alone:\n  {'corpus':<16}{'paragraphs':>11}{'sketch s':>10}"
          f"{'cluster s':>10}{'us/paragraph':>14}{'clusters':>10}")
    for scale in scales:
        docs = synthetic(scale)
        t0 = time.perf_counter()
        sketches = [sketch_paragraphs(n, parse(d["text"], "text")) for n, d in enumerate(docs)]
        t1 = time.perf_counter()
        dup = find_duplicates(lambda: iter(sketches))
        t2 = time.perf_counter()
        print(f"  {f'synthetic {scale}x':<16}{dup.paragraphs:>11,}{t1 - t0:>10.2f}{t2 - t1:>10.2f}"
              f"{1e6 * (t2 - t1) / max(dup.paragraphs, 1):>14.0f}{len(dup.clusters):>10,}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("HEALTHLINT_BENCH_DATA", DEFAULT_DATA)))
    ap.add_argument("--limit", type=int, default=300, help="documents of --data to use (0: all)")
    ap.add_argument("--scales", default="1,10", help="synthetic corpus scales, e.g. 1,10,100")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="cores for the parallel audit")
    ap.add_argument("--crossdup-scales", default="1,10,100", help="scales for the cross-document pass alone")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    corpora, warmups = [], {}
    if args.data.exists():
        name = f"health-news ({args.data.name})"
        everything = load_jsonl(args.data, None)
        timed = everything[:args.limit] if args.limit else everything
        corpora.append((name, timed))
        warmups[name] = everything[len(timed):len(timed) + 300]  # other articles of the same kind
    else:
        print(f"skipping {args.data}: not found (pass --data PATH)", file=sys.stderr)
    for scale in [int(s) for s in args.scales.split(",") if s.strip()]:
        corpora.append((f"synthetic {scale}x", synthetic(scale)))
    # both tools run on this interpreter, and its build changes their ratio: proselint (pure Python
    # and re) gains much more from a PGO/LTO-optimised CPython than healthlint (spaCy, numpy, Rust)
    print(f"interpreter: {sys.executable} (Python {sys.version.split()[0]}, "
          f"{' '.join(sys.version.split()[1:])})", file=sys.stderr)
    rows = []
    for name, docs in corpora:
        n, w = len(docs), words(docs)
        row = {"corpus": name, "documents": n, "words": w}
        print(f"[{name}] {n} documents, {w} words ...", file=sys.stderr, flush=True)
        row["check_1"], row["check_1_warm"], row["startup_s"] = bench_check(docs, warmups.get(name, []))
        row["proselint_1"] = bench_proselint(docs)
        with tempfile.TemporaryDirectory() as tmp:
            row["audit_1"], row["crossdup_s"], row["paragraphs"] = bench_audit(docs, 1, Path(tmp))
            if args.jobs > 1:
                row[f"audit_{args.jobs}"], _, _ = bench_audit(docs, args.jobs, Path(tmp))
            row["audit_fast_1"], _, _ = bench_audit(docs, 1, Path(tmp), "--nlp", "fast")
        rows.append(row)
        _print_row(row, args.jobs)
    bench_crossdup([int(s) for s in args.crossdup_scales.split(",") if s.strip()])
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))


def _print_row(row: dict, jobs: int) -> None:
    n, w = row["documents"], row["words"]
    print(f"\n{row['corpus']}: {n} documents, {w:,} words; cross-document pass {row['crossdup_s']:.2f} s "
          f"for {row['paragraphs']:,} paragraphs; check start-up (rules, pipeline, lexicons, model) {row['startup_s']:.1f} s")
    print(f"  {'run':<30}{'seconds':>9}{'docs/s':>9}{'words/s':>10}")
    labels = [("check_1", "check, 1 process, cold"), ("check_1_warm", "check, 1 process, warmed"),
              ("audit_1", "audit -j 1"), (f"audit_{jobs}", f"audit -j {jobs}"),
              ("audit_fast_1", "audit -j 1 --nlp fast"), ("proselint_1", "proselint 0.16, 1 process")]
    for key, label in labels:
        t = row.get(key)
        if t:
            print(f"  {label:<30}{t:9.2f}{n / t:9.1f}{w / t:10.0f}")
    if row.get("proselint_1"):
        warm = f"; warmed: {row['proselint_1'] / row['check_1_warm']:.2f}x" if row.get("check_1_warm") else ""
        print(f"  check vs proselint (throughput ratio), cold: {row['proselint_1'] / row['check_1']:.2f}x{warm}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
