#!/usr/bin/env python3
"""Measure the spin analysis: score distributions (clean news vs spun articles), entries behind
warnings on clean news, and speed. The figures in docs/spin.md come from this script.

    PYTHONPATH=src python scripts/spin_stats.py [--news ../shared/data/health-news-dev.jsonl] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from healthlint import Linter  # noqa: E402
from healthlint.findings import severity_at_least  # noqa: E402
from healthlint.formats import format_for, parse  # noqa: E402
from healthlint.spin import load_lexicon  # noqa: E402


def quantiles(values: list[float]) -> str:
    if not values:
        return "-"
    v = sorted(values)
    pick = lambda q: v[min(len(v) - 1, int(q * len(v)))]  # noqa: E731
    return f"median {statistics.median(v):.2f}  p95 {pick(0.95):.2f}  p99 {pick(0.99):.2f}  max {v[-1]:.2f}"


def summarise(label: str, documents: list) -> None:
    metrics = [d.cache.get("spin") or {} for d in documents]
    print(f"{label}: {len(documents)} documents")
    for key in ("per_1000_words", "sentence_share", "distinct", "tier1", "counted"):
        print(f"  {key:<15} {quantiles([m.get(key, 0) for m in metrics])}")
    print(f"  verdict (HL150)  {sum(bool(m.get('spun')) for m in metrics)}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--news", default=str(ROOT.parent / "shared" / "data" / "health-news-dev.jsonl"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    args = ap.parse_args()

    t0 = time.perf_counter()
    lexicon = load_lexicon()
    print(f"lexicon: {len(lexicon)} entries, index built in {time.perf_counter() - t0:.2f} s "
          f"(tier 1: {sum(e.tier == 1 for e in lexicon.entries.values())})")
    linter = Linter(select=["spin"])

    spun = [p for p in sorted(Path(args.corpus).glob("*")) if ("spun" in p.name or p.name.startswith("spin-")) and not p.name.endswith(".yaml")]
    documents = [parse(p.read_text(encoding="utf-8"), format_for(p), str(p)) for p in spun]
    linter.lint_documents(documents)
    summarise("spun corpus articles", documents)
    for d in documents:
        m = d.cache["spin"]
        print(f"    {Path(d.path).name:<45} per1000 {m['per_1000_words']:6.1f} share {m['sentence_share']:.2f} "
              f"distinct {m['distinct']:3d} tier1 {m['tier1']:3d} spun {m['spun']}")

    news = Path(args.news)
    if not news.exists():
        print(f"{news}: not found, skipping the news measurements")
        return 0
    texts = [json.loads(line).get("text") or "" for line in news.open(encoding="utf-8") if line.strip()]
    texts = texts[:args.limit] if args.limit else texts
    docs = [parse(t, "text", f"news-{i}") for i, t in enumerate(texts)]
    t0 = time.perf_counter()
    linter.annotate(docs)
    t_nlp = time.perf_counter() - t0
    t0 = time.perf_counter()
    results = [linter.check_document(d) for d in docs]
    t_spin = time.perf_counter() - t0
    words = sum(d.cache["spin"]["words"] for d in docs)
    print(f"speed: {len(docs)} docs, {words} words: spaCy annotation {t_nlp:.1f} s; spin rules {t_spin:.2f} s "
          f"= {1000 * t_spin / len(docs):.2f} ms/doc ({100 * t_spin / t_nlp:.1f}% of annotation)")
    summarise("health news", docs)
    flagged = Counter()
    entries = Counter()
    for d, findings in zip(docs, results):
        warn = [f for f in findings if severity_at_least(f.severity, "warning")]
        if warn:
            flagged["docs"] += 1
        for f in findings:
            entries[(f.rule, f.severity, f.data.get("spun", "(verdict)"), f.data.get("tier", ""))] += 1
    print(f"news documents with a spin warning: {flagged['docs']} ({100 * flagged['docs'] / len(docs):.2f}%)")
    for (rule, sev, spun_key, tier), n in entries.most_common(40):
        print(f"    {rule} {sev:<7} tier {tier} {spun_key!r} x{n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
