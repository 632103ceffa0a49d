"""The whole rule set against the team's corpus: minimum precision and recall per category.

Raise these floors as the rules improve (measured figures are in the README)."""
import pytest

from conftest import ROOT
from healthlint.evaluate import evaluate_corpus, format_report

FLOORS = {  # category: (precision, recall) at warning or above
    "spin": (0.90, 0.58),
    "duplication": (0.90, 0.85),
    "contradiction": (0.90, 0.90),
    "drug-promotion": (0.95, 0.95),
    "health-claim": (0.90, 0.80),
    "attribution": (0.90, 0.90),
    "boilerplate": (0.90, 0.85),
    "readability": (0.90, 0.90),
    "structure": (0.90, 0.90),
}


@pytest.fixture(scope="module")
def report(linter):
    return evaluate_corpus(ROOT / "corpus", "warning", linter=linter)


def test_corpus_is_big_enough(report):
    assert report["files"] >= 24
    assert all(not d.get("error") for d in report["details"])


@pytest.mark.parametrize("category", sorted(FLOORS))
def test_category_floor(report, category):
    figures = report["categories"][category]
    precision, recall = FLOORS[category]
    assert figures["precision"] >= precision, format_report(report, verbose=True)
    assert figures["recall"] >= recall, format_report(report, verbose=True)


def test_overall(report):
    assert report["overall"]["precision"] >= 0.95
    assert report["overall"]["recall"] >= 0.75


def test_clean_articles_stay_clean(report):
    clean = [d for d in report["details"] if "/clean" in d["file"]]
    assert len(clean) >= 10
    assert [d for d in clean if d["unexpected"]] == []
