"""Summaries from ``findings.jsonl`` (so a resumed run summarises every document, not just its own):
``summary.json``, ``summary.csv`` (one row per document) and the data the HTML report draws.

Records are read in input order (``n``), not in the file's completion order, and every ranking
breaks ties by name or ordinal: a fresh run, a resumed one, ``-j 1``, ``-j 8`` and Dask give the
same files."""
from __future__ import annotations

import csv
import heapq
import json
from collections import Counter
from pathlib import Path

from ..findings import CATEGORIES, SEVERITIES
from .crossdup import CrossDup
from .resume import FINDINGS, iter_jsonl_by_n

SEVERITY_WEIGHT = {"error": 3.0, "warning": 1.0, "info": 0.2}
COPIED = 0.5          # a document with at least this share of its paragraphs in clusters is "mostly copied"
SPIN_BINS = [0, 1, 2, 5, 10, 20, 40, float("inf")]


def badness(record: dict) -> float:
    """Ranking of the worst documents: severity-weighted findings per 1,000 words, plus volume."""
    weight = sum(SEVERITY_WEIGHT.get(f["severity"], 0) for f in record.get("findings", []))
    return round(weight * 1000.0 / max(record.get("words") or 0, 300) + weight / 10.0, 3)


def _most_common(counter: Counter, n: int | None = None) -> list[tuple[str, int]]:
    """Like ``Counter.most_common``, but ties in name order, not in the order first seen."""
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    return items if n is None else items[:n]


def summarise(out: Path, crossdup: CrossDup | None, ids: dict[int, str] | None = None, worst_n: int = 25,
              top_n: int = 20) -> dict:
    by_category, by_severity, by_rule = Counter(), Counter(), Counter()
    docs_with = Counter()
    errors = Counter()
    drugs, phrases = Counter(), Counter()
    spin_hist = [0] * (len(SPIN_BINS) - 1)
    spun_docs = verdicts = 0
    documents = words = findings_total = flagged = copied_docs = 0
    worst: list = []
    share = crossdup.copied_share if crossdup else {}
    with open(out / "summary.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["n", "id", "url_or_path", "words", "error", "findings", *CATEGORIES,
                         "spin_score", "spun", "drugs", "copied_share", "badness"])
        for rec in iter_jsonl_by_n(out / FINDINGS):
            documents += 1
            stats = rec.get("stats") or {}
            err = rec.get("error")
            if err:
                errors[err.get("code", "?")] += 1
            words += rec.get("words") or 0
            fs = rec.get("findings") or []
            findings_total += len(fs)
            cats = Counter(f["category"] for f in fs)
            for f in fs:
                by_category[f["category"]] += 1
                by_severity[f["severity"]] += 1
                by_rule[f["rule"]] += 1
            for c in cats:
                docs_with[c] += 1
            if any(f["severity"] in ("warning", "error") for f in fs):
                flagged += 1
            score = stats.get("spin_score")
            if isinstance(score, (int, float)):
                for i in range(len(spin_hist)):
                    if SPIN_BINS[i] <= score < SPIN_BINS[i + 1]:
                        spin_hist[i] += 1
                        break
            if stats.get("spun") is not None:
                verdicts += 1
                spun_docs += bool(stats["spun"])
            drugs.update(d.lower() for d in stats.get("drugs") or [])
            phrases.update(stats.get("spun_phrases") or [])
            if len(phrases) > 200_000:  # keep the long tail bounded
                phrases = Counter(dict(_most_common(phrases, 20_000)))
            copied = share.get(rec["n"])
            if copied is not None and copied >= COPIED:
                copied_docs += 1
            bad = badness(rec)
            item = (bad, -rec["n"], {"n": rec["n"], "id": rec["id"], "url": rec.get("url"), "path": rec.get("path"),
                                     "words": rec.get("words"), "badness": bad, "spin_score": score,
                                     "copied_share": copied, "by_category": dict(cats), "findings": fs[:60],
                                     "more_findings": max(0, len(fs) - 60)})
            if fs and (len(worst) < worst_n or item[:2] > worst[0][:2]):
                (heapq.heappush if len(worst) < worst_n else heapq.heapreplace)(worst, item)
            writer.writerow([rec["n"], rec["id"], rec.get("url") or rec.get("path") or "", rec.get("words") or 0,
                             err.get("code") if err else "", len(fs), *[cats.get(c, 0) for c in CATEGORIES],
                             "" if score is None else score, "" if stats.get("spun") is None else int(bool(stats["spun"])),
                             "; ".join(stats.get("drugs") or []), "" if copied is None else copied, bad])
    summary = {
        "schema": "healthlint-audit/1",
        "documents": documents, "words": words, "errors": dict(sorted(errors.items())), "findings": findings_total,
        "documents_flagged": flagged,
        "by_category": {c: by_category.get(c, 0) for c in CATEGORIES},
        "documents_by_category": {c: docs_with.get(c, 0) for c in CATEGORIES},
        "by_severity": {s: by_severity.get(s, 0) for s in SEVERITIES},
        "by_rule": dict(_most_common(by_rule)),
        "spin": {"bins": [[lo, None if hi == float("inf") else hi] for lo, hi in zip(SPIN_BINS, SPIN_BINS[1:])],
                 "histogram": spin_hist, "spun_documents": spun_docs,
                 "verdicts": verdicts},
        "top_drugs": _most_common(drugs, top_n),
        "top_spun_phrases": _most_common(phrases, top_n),
        "worst_documents": [item[2] for item in sorted(worst, reverse=True)],
    }
    if crossdup is not None:
        summary["duplication"] = {
            "paragraphs": crossdup.paragraphs, "documents": crossdup.documents,
            "clusters": len(crossdup.clusters), "mostly_copied_documents": copied_docs,
            "mostly_copied_threshold": COPIED,
            "top_clusters": [{"docs": len(c.docs), "paragraphs": c.paragraphs, "text": c.text,
                              "members": [{"n": n, "id": (ids or {}).get(n)} for n in c.docs[:50]]}
                             for c in crossdup.clusters[:50]],
        }
    return summary


def write_duplicates(out: Path, crossdup: CrossDup, ids: dict[int, str]) -> None:
    with open(out / "duplicates.jsonl", "w", encoding="utf-8") as fh:
        for i, c in enumerate(crossdup.clusters):
            fh.write(json.dumps({"cluster": i, "docs": len(c.docs), "paragraphs": c.paragraphs, "text": c.text,
                                 "members": [{"n": n, "id": ids.get(n)} for n in c.docs]}, ensure_ascii=False) + "\n")
