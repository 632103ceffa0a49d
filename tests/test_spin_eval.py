"""Measured quality of the spin family: corpus precision/recall, false positives on real health news.

Both need data that a user's checkout may not have (the lexicon built by
scripts/build_spin_lexicon.py, the team corpus, ../shared/data): they skip cleanly without it.
The thresholds are the floors measured when the rules were tuned (docs/spin.md), with a margin.
"""
import json
import os
from pathlib import Path

import pytest

from healthlint import Linter
from healthlint.evaluate import evaluate_corpus
from healthlint.findings import severity_at_least
from healthlint.formats import parse
from healthlint.resources import lexicon_path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
NEWS = Path(os.environ.get("HEALTHLINT_SHARED_DATA", ROOT.parent / "shared" / "data")) / "health-news-dev.jsonl"
MIN_PRECISION, MIN_RECALL = 0.90, 0.75  # measured 0.99 / 0.83 (24 Nov lexicon with tier 3)
MAX_NEWS_SHARE, NEWS_SAMPLE = 0.01, 300

needs_lexicon = pytest.mark.skipif(not lexicon_path("spin.tsv").exists(),
                                   reason="rules/lexicons/spin.tsv not built (scripts/build_spin_lexicon.py)")


@pytest.fixture(scope="module")
def spin_linter():
    return Linter(select=["spin"])


@needs_lexicon
def test_corpus_precision_and_recall(spin_linter):
    spun = sorted(CORPUS.glob("*spin*.expected.yaml")) if CORPUS.is_dir() else []
    if len(spun) < 3:
        pytest.skip("spin corpus articles missing")
    report = evaluate_corpus(CORPUS, linter=spin_linter)
    spin = report["categories"]["spin"]
    assert spin["precision"] >= MIN_PRECISION, spin
    assert spin["recall"] >= MIN_RECALL, spin
    # the machine-spun verdict: every article the corpus calls spun gets it, no other article does
    missed = [d["file"] for d in report["details"] for m in d.get("missed", [])
              if m["category"] == "spin" and m["snippet"] == "(document-level)"]
    wrong = [d["file"] for d in report["details"] for u in d.get("unexpected", []) if u["rule"] == "HL150"]
    assert not missed and not wrong, (missed, wrong)


@needs_lexicon
def test_health_news_false_positive_share(spin_linter):
    if not NEWS.exists():
        pytest.skip(f"{NEWS} not available")
    texts = []
    with open(NEWS, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                texts.append(json.loads(line).get("text") or "")
            if len(texts) >= NEWS_SAMPLE:
                break
    documents = [parse(t, "text", f"news-{i}") for i, t in enumerate(texts)]
    flagged = 0
    tier3 = []  # context-only entries: found in news (ordinary English), never counted there
    for i in range(0, len(documents), 32):
        for findings in spin_linter.lint_documents(documents[i:i + 32]):
            flagged += any(severity_at_least(f.severity, "warning") for f in findings)
            tier3 += [f.excerpt for f in findings if (f.data or {}).get("tier") == 3]
    assert flagged / len(documents) <= MAX_NEWS_SHARE, f"{flagged}/{len(documents)} news articles flagged"
    assert tier3 == []
    assert any(m["tier"] == 3 for d in documents for m in d.cache["spin"]["matches"])  # (they do occur)


@needs_lexicon
def test_lexicon_entries_match_themselves_in_running_text():
    """The builder writes lemma forms; the matcher must find them (a guard on the two agreeing)."""
    import random

    from healthlint.nlp import get_nlp
    from healthlint.spin import load_lexicon
    lexicon = load_lexicon()
    keys = sorted(lexicon.entries)
    sample = random.Random(7).sample(keys, min(300, len(keys)))
    missed = []
    for key, doc in zip(sample, get_nlp().pipe(f"We read about {' '.join(k)} in the report." for k in sample)):
        if not any(m.value is lexicon.entries[key] for m in lexicon.index.finditer(doc)):
            missed.append(" ".join(key))
    assert len(missed) <= 0.02 * len(sample), missed
