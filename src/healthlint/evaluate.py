"""Evaluation: precision/recall per category on the team's corpus, and false-positive rates on
real articles (a JSONL of clean health journalism)."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from .findings import CATEGORIES, severity_at_least
from .resources import load_yaml


def _expected_spans(source: str, items: list[dict], path: Path) -> list[dict]:
    out = []
    for item in items or []:
        cat = item.get("category")
        if cat not in CATEGORIES:
            raise ValueError(f"{path}: unknown category {cat!r}")
        if item.get("document"):
            out.append({"category": cat, "document": True, "rule": item.get("rule"), "snippet": None})
            continue
        snippet = item["snippet"]
        occurrence = int(item.get("occurrence", 1))
        pos = -1
        for _ in range(occurrence):
            pos = source.find(snippet, pos + 1)
            if pos < 0:
                raise ValueError(f"{path}: snippet not found (occurrence {occurrence}): {snippet!r}")
        out.append({"category": cat, "document": False, "start": pos, "end": pos + len(snippet),
                    "snippet": snippet, "rule": item.get("rule")})
    return out


def _overlaps(f, exp) -> bool:
    return f.start < exp["end"] and exp["start"] < f.end if f.end > f.start else exp["start"] <= f.start <= exp["end"]


def _one_to_one(candidates: list[list[int]]) -> dict[int, int]:
    """A maximum matching of predictions to the expected items they overlap (augmenting paths):
    each expected item accounts for one prediction at most, so two findings on one expected
    problem count one true positive and one false positive, never two true positives."""
    owner: dict[int, int] = {}          # expected index -> prediction index

    def place(k: int, seen: set[int]) -> bool:
        for i in candidates[k]:
            if i not in seen:
                seen.add(i)
                if i not in owner or place(owner[i], seen):
                    owner[i] = k
                    return True
        return False

    for k in range(len(candidates)):
        if candidates[k]:
            place(k, set())
    return {k: i for i, k in owner.items()}


def evaluate_corpus(corpus: Path, min_severity: str = "warning", linter=None) -> dict:
    from .engine import Linter
    from .inputs import expand_paths
    linter = linter or Linter()
    files = [p for p in expand_paths([str(corpus)]) if p.with_name(p.name.rsplit(".", 1)[0] + ".expected.yaml").exists()]
    tp_pred, n_pred, tp_exp, n_exp = Counter(), Counter(), Counter(), Counter()
    tp_strict = Counter()   # predictions matched one-to-one (see _one_to_one)
    details = []
    for result in linter.lint_paths(files):
        path = Path(result.path)
        expected_file = path.with_name(path.name.rsplit(".", 1)[0] + ".expected.yaml")
        data = load_yaml(expected_file.read_text(encoding="utf-8")) or {}
        if result.error:
            details.append({"file": str(path), "error": result.error.message})
            continue
        expected = _expected_spans(result.source, data.get("findings") or [], expected_file)
        predicted = [f for f in result.findings if severity_at_least(f.severity, min_severity)]
        candidates = [[i for i, e in enumerate(expected) if e["category"] == f.category and (
            (e["document"] and f.scope == "document") or (not e["document"] and f.scope != "document" and _overlaps(f, e)))]
            for f in predicted]
        pairs = _one_to_one(candidates)          # prediction index -> the expected item it accounts for
        matched_exp = set(pairs.values())
        missed, unexpected = [], []
        for k, f in enumerate(predicted):
            n_pred[f.category] += 1
            if candidates[k]:
                tp_pred[f.category] += 1
                tp_strict[f.category] += k in pairs
            else:
                unexpected.append({"rule": f.rule, "category": f.category, "line": f.line, "excerpt": f.excerpt[:120],
                                   "message": f.message[:160]})
        for i, e in enumerate(expected):
            n_exp[e["category"]] += 1
            if i in matched_exp:
                tp_exp[e["category"]] += 1
            else:
                missed.append({"category": e["category"], "snippet": e["snippet"] or "(document-level)"})
        details.append({"file": str(path), "missed": missed, "unexpected": unexpected})
    per_category = {}
    for cat in CATEGORIES:
        if not n_pred[cat] and not n_exp[cat]:
            continue
        precision = tp_pred[cat] / n_pred[cat] if n_pred[cat] else None
        recall = tp_exp[cat] / n_exp[cat] if n_exp[cat] else None
        per_category[cat] = {"predicted": n_pred[cat], "expected": n_exp[cat], "precision": precision,
                             "precision_one_to_one": tp_strict[cat] / n_pred[cat] if n_pred[cat] else None,
                             "recall": recall, "true_positives": tp_pred[cat], "found": tp_exp[cat]}
    all_pred, all_exp = sum(n_pred.values()), sum(n_exp.values())
    overall = {"precision": sum(tp_pred.values()) / all_pred if all_pred else None,
               "precision_one_to_one": sum(tp_strict.values()) / all_pred if all_pred else None,
               "recall": sum(tp_exp.values()) / all_exp if all_exp else None,
               "predicted": all_pred, "expected": all_exp}
    return {"kind": "corpus", "files": len(files), "min_severity": min_severity,
            "categories": per_category, "overall": overall, "details": details}


def false_positive_rates(jsonl: Path, min_severity: str = "warning", limit: int | None = None,
                         linter=None) -> dict:
    """Share of documents with any finding at/above min_severity, per category and rule."""
    from .engine import Linter
    from .formats import parse
    linter = linter or Linter()
    docs = []
    with open(jsonl, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            docs.append((str(rec.get("id", len(docs))), rec.get("text") or ""))
            if limit and len(docs) >= limit:
                break
    flagged_cat: dict[str, set] = defaultdict(set)
    flagged_rule: dict[str, set] = defaultdict(set)
    examples: dict[str, list] = defaultdict(list)
    for i in range(0, len(docs), 32):
        batch = docs[i:i + 32]
        documents = [parse(text, "text", doc_id) for doc_id, text in batch]
        for (doc_id, _), findings in zip(batch, linter.lint_documents(documents)):
            for f in findings:
                if severity_at_least(f.severity, min_severity):
                    flagged_cat[f.category].add(doc_id)
                    flagged_rule[f.rule].add(doc_id)
                    if len(examples[f.rule]) < 5:
                        examples[f.rule].append({"id": doc_id, "excerpt": f.excerpt[:120]})
    n = len(docs)
    return {"kind": "negatives", "documents": n, "min_severity": min_severity,
            "categories": {c: {"documents": len(flagged_cat[c]), "share": len(flagged_cat[c]) / n if n else 0}
                           for c in CATEGORIES},
            "rules": {r: {"documents": len(s), "share": len(s) / n if n else 0, "examples": examples[r]}
                      for r, s in sorted(flagged_rule.items())}}


def _pct(x) -> str:
    return "   -  " if x is None else f"{100 * x:5.1f}%"


def format_report(report: dict, verbose: bool = False) -> str:
    lines = []
    if report["kind"] == "negatives":
        lines.append(f"{report['documents']} documents; share with a finding at {report['min_severity']} or above:")
        for cat, v in report["categories"].items():
            lines.append(f"  {cat:<15} {v['documents']:5d}  {_pct(v['share'])}")
        lines.append("by rule:")
        for rid, v in sorted(report["rules"].items(), key=lambda kv: -kv[1]["documents"]):
            lines.append(f"  {rid}  {v['documents']:5d}  {_pct(v['share'])}")
            if verbose:
                for ex in v["examples"]:
                    lines.append(f"        {ex['id']}: {ex['excerpt']!r}")
        return "\n".join(lines)
    lines.append(f"{report['files']} articles; findings at {report['min_severity']} or above")
    lines.append(f"  {'category':<15} {'precision':>9} {'recall':>7}  predicted expected  precision 1:1")
    for cat, v in [*report["categories"].items(), ("overall", report["overall"])]:
        lines.append(f"  {cat:<15} {_pct(v['precision']):>9} {_pct(v['recall']):>7}  {v['predicted']:9d} {v['expected']:8d}"
                     f"  {_pct(v['precision_one_to_one']):>13}")
    lines.append("  (precision: a finding overlapping an expected item of its category is correct; precision 1:1:"
                 " each expected item accounts for one finding at most, so a second finding inside one expected"
                 " sentence counts as a false alarm)")
    if verbose:
        for d in report["details"]:
            if d.get("error"):
                lines.append(f"{d['file']}: ERROR {d['error']}")
            for m in d.get("missed", []):
                lines.append(f"{d['file']}: missed {m['category']}: {m['snippet'][:100]!r}")
            for u in d.get("unexpected", []):
                lines.append(f"{d['file']}:{u['line']}: unexpected {u['rule']} [{u['category']}]: {u['excerpt']!r}")
    return "\n".join(lines)
