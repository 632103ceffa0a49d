"""Blind held-out articles (heldout/README.md): written by a session that never saw healthlint's
code, rules or lexicons. ``spun/test`` is never looked at when tuning, so its figures estimate
how spin detection carries over to spinner output nobody fitted the lexicon to.

The floors sit a little under the figures measured when the set was added (in the README):
they catch regressions; raise them as the rules improve."""
import pytest

from conftest import ROOT
from healthlint.evaluate import evaluate_corpus, format_report

HELDOUT = ROOT / "heldout"


@pytest.fixture(scope="module")
def reports(linter):
    return {name: evaluate_corpus(HELDOUT / name, "warning", linter=linter)
            for name in ("spun/dev", "spun/test", "spun2", "mixed", "mixed2", "mixed3")}


def missed_verdicts(report) -> int:
    """Document-level spin verdicts expected but not given, over a report's articles."""
    return sum(1 for d in report["details"] for m in d["missed"]
               if m["category"] == "spin" and m["snippet"] == "(document-level)")


@pytest.mark.parametrize("split, files, precision, recall", [
    ("spun/dev", 6, 0.90, 0.55), ("spun/test", 6, 0.95, 0.25), ("spun2", 8, 0.85, 0.13)])
def test_spin_on_blind_spun_articles(reports, split, files, precision, recall):
    report = reports[split]
    assert report["files"] == files and all(not d.get("error") for d in report["details"])
    spin = report["categories"]["spin"]
    assert spin["precision"] >= precision, format_report(report, verbose=True)
    assert spin["recall"] >= recall, format_report(report, verbose=True)


def test_most_heavily_spun_articles_get_the_document_verdict(reports):
    # 9 of the 12 articles are heavily or medium spun (document: true); 7 got the verdict
    missed = sum(missed_verdicts(reports[s]) for s in ("spun/dev", "spun/test"))
    assert missed <= 3


def _is_clean(detail) -> bool:
    """The article's expected findings are empty (``findings: []``)."""
    import yaml
    from pathlib import Path
    path = Path(detail["file"])
    expected = path.with_name(path.name.rsplit(".", 1)[0] + ".expected.yaml")
    return not (yaml.safe_load(expected.read_text(encoding="utf-8")) or {}).get("findings")


@pytest.mark.parametrize("split, n", [("mixed", 12), ("mixed2", 7), ("mixed3", 8)])
def test_blind_clean_articles_stay_clean(reports, split, n):
    clean = [d for d in reports[split]["details"] if _is_clean(d)]
    assert len(clean) == n
    assert [(d["file"], d["unexpected"]) for d in clean if d["unexpected"]] == []


def test_blind_dirty_articles(reports):
    report = reports["mixed"]
    assert report["overall"]["precision"] >= 0.90, format_report(report, verbose=True)
    assert report["overall"]["recall"] >= 0.95, format_report(report, verbose=True)
    # made-up brands the article itself defines ("Tramadex 100 mg tablets contain tramadol")
    assert report["categories"]["drug-promotion"]["recall"] >= 0.9, format_report(report, verbose=True)


def test_second_blind_mixed_set(reports):
    """``mixed2`` was written after the fixes above and only its false positives were read."""
    report = reports["mixed2"]
    assert report["overall"]["precision"] >= 0.80, format_report(report, verbose=True)
    assert report["overall"]["recall"] >= 0.65, format_report(report, verbose=True)


def test_third_blind_mixed_set(reports):
    """``mixed3`` was written after this round of fixes; measured once unread (precision 67.0%,
    recall 72.5%, 3 of 8 clean articles with a finding), then read and used for fixes."""
    report = reports["mixed3"]
    assert report["files"] == 16
    assert report["overall"]["precision"] >= 0.72, format_report(report, verbose=True)
    assert report["overall"]["recall"] >= 0.78, format_report(report, verbose=True)
