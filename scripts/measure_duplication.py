"""Measure sentence-similarity distributions that justify the duplication thresholds.

Reads the shared health-news file in place (never copies it). For each document: the highest
near-duplicate similarity between two different body sentences (all pairs: measurement only),
and the Gopher repetition statistics. Planted near-duplicates: each document's sentences edited
by one word (deleted, inserted or substituted) and compared with their originals.

usage: python scripts/measure_duplication.py [JSONL] [--limit N]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from healthlint.checks.duplication import near_similarity
from healthlint.engine import Linter
from healthlint.formats import parse
from healthlint.repetition import GOPHER_THRESHOLDS, exceeded, repetition_stats
from healthlint.sentunits import Unit, sentence_units


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def edited(unit: Unit, rng: random.Random) -> Unit:
    lem = list(unit.lemmas)
    k = rng.randrange(len(lem))
    op = rng.choice(["delete", "insert", "substitute"])
    if op == "delete":
        del lem[k]
    elif op == "insert":
        lem.insert(k, rng.choice(["really", "also", "often", "very", "your", "the"]))
    else:
        lem[k] = rng.choice(["typical", "usual", "major", "common", "simple"])
    return Unit(-1, 0, 0, 0, 0, lem, lem, " ".join(lem))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("jsonl", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared/data/health-news-dev.jsonl"))
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--min-words", type=int, default=8)
    args = ap.parse_args()
    docs = [json.loads(line) for line in open(args.jsonl, encoding="utf-8") if line.strip()][:args.limit]
    linter = Linter(select=["HL201"])
    rng = random.Random(5)
    maxima, planted, gopher_over = [], [], {}
    for i in range(0, len(docs), 32):
        batch = [parse(d.get("text") or "", "text", d["id"]) for d in docs[i:i + 32]]
        linter.annotate(batch)
        for doc in batch:
            units = [u for u in sentence_units(doc) if u.n_words >= args.min_words]
            best = 0.0
            for a in range(len(units)):
                for b in range(a + 1, len(units)):
                    if units[a].key != units[b].key:
                        best = max(best, near_similarity(units[a], units[b]))
            maxima.append((best, doc.path))
            for u in units[:5]:
                planted.append(near_similarity(u, edited(u, rng)))
            over = exceeded(repetition_stats(doc.text), GOPHER_THRESHOLDS)
            if over and repetition_stats(doc.text)["words"] >= 50:
                gopher_over[doc.path] = sorted(over)
    vals = [m for m, _ in maxima]
    print(f"{len(vals)} documents; max pairwise near-similarity per document (different sentences >= {args.min_words} words)")
    for q in (0.5, 0.9, 0.95, 0.98, 0.99, 1.0):
        print(f"  p{int(q * 100):>3}: {pct(vals, q):.3f}")
    for t in (0.5, 0.55, 0.6, 0.65, 0.7, 0.8):
        print(f"  share of documents with a pair >= {t}: {sum(v >= t for v in vals) / len(vals):.3%}"
              f"   planted one-word edits >= {t}: {sum(v >= t for v in planted) / max(1, len(planted)):.3%}")
    print("top documents:", sorted(maxima, reverse=True)[:8])
    print(f"Gopher thresholds exceeded in {len(gopher_over)} / {len(vals)} documents")
    for path, names in list(gopher_over.items())[:15]:
        print("  ", path, names)


if __name__ == "__main__":
    sys.exit(main())
