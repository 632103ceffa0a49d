"""Time the duplication and contradiction checks on an article and on it concatenated 10 times.

usage: python scripts/bench_dupcon.py FILE [--times 10]
Prints NLP time and check time separately (the checks must stay near-linear in length).
"""
import argparse
import time

from healthlint.engine import Linter
from healthlint.formats import format_for, parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--times", type=int, default=10)
    args = ap.parse_args()
    text = open(args.file, encoding="utf-8").read()
    fmt = format_for(args.file)
    linter = Linter(select=["duplication", "contradiction"])
    for n in (1, args.times):
        doc = parse("\n\n".join([text] * n), fmt, args.file)
        t0 = time.perf_counter()
        linter.annotate([doc])
        t1 = time.perf_counter()
        findings = linter.check_document(doc)
        t2 = time.perf_counter()
        print(f"x{n:<3} {len(doc.text):>8} chars  nlp {t1 - t0:6.2f} s  checks {t2 - t1:6.3f} s  findings {len(findings)}")


if __name__ == "__main__":
    main()
