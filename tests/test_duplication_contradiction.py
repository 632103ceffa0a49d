"""Duplication (HL2xx) and contradiction (HL3xx) families: behaviour beyond the rule examples."""
import json
import time
from pathlib import Path

import pytest

from conftest import ROOT, SHARED_DATA, run_cli
from healthlint import Linter
from healthlint.evaluate import evaluate_corpus, false_positive_rates
from healthlint.fixes import apply_fixes
from healthlint.repetition import GOPHER_THRESHOLDS, exceeded, repetition_stats
from healthlint.formats import parse
from healthlint.sentunits import bigram_pairs, candidate_pairs, unit_table

FAMILIES = ["duplication", "contradiction"]
CORPUS = ROOT / "corpus"
# the shared data sits next to the checkout (or next to its parent, from a worktree in wt/)
DATA = next((p for p in (SHARED_DATA, ROOT.parent.parent / "shared" / "data" / SHARED_DATA.name) if p.exists()),
            SHARED_DATA)


@pytest.fixture(scope="module")
def linter():
    return Linter(select=FAMILIES)


def rules_of(findings):
    return sorted({f.rule for f in findings})


# -- duplication ---------------------------------------------------------------------------

def test_repeated_lines_exceed_gopher_thresholds_and_prose_does_not():
    prose = ("Walking is one of the simplest ways to stay active and it needs no equipment at all. "
             "A brisk walk most days lowers blood pressure, helps sleep and lifts mood for many people. ") * 1
    page = "\n".join(["Share this article", prose, "Share this article", "Related: walking tips",
                      "Share this article", "Related: walking tips", "Share this article"])
    assert "dup_line_frac" in exceeded(repetition_stats(page), GOPHER_THRESHOLDS)
    assert not exceeded(repetition_stats(prose), GOPHER_THRESHOLDS)


def test_candidate_index_is_bounded_for_boilerplate_shingles():
    # sets sharing one very common feature ("of the"): once its posting list is full it is no
    # longer used, so the number of candidate pairs stops growing with the number of sentences
    def pairs(n):
        feats = [frozenset({("of", "the"), ("unique", str(i))}) for i in range(n)]
        return len(list(candidate_pairs(feats, min_shared=1, max_postings=40)))
    assert pairs(500) == pairs(5000) <= 41 * 40 // 2
    assert pairs(2) == 1


def test_exact_repeat_points_at_later_copy_and_quotes_first(linter):
    text = ("Stretching after a walk, when your muscles are warm, is the safest time to stretch.\n\n"
            "Safety\n\nStop if it hurts. Stretching after a walk, when your muscles are warm, is the safest time to stretch.")
    findings = [f for f in linter.lint_text(text) if f.rule == "HL201"]
    assert len(findings) == 1
    f = findings[0]
    assert f.start > text.index("Stop")
    assert f.related and f.related[0].start == 0 and "safest time" in f.related[0].message
    fixed, _ = apply_fixes(text, findings)
    assert fixed == text[:text.index(" Stretching", 100)] and "  " not in fixed


def test_spun_copy_is_found_and_plain_paraphrase_is_not(linter):
    spun = "Poor posture is a common cause of neck pain.\n\nUnfortunate stance is a typical offender for neck torment."
    assert "HL203" in rules_of(linter.lint_text(spun))
    plain = "Poor posture is a common cause of neck pain.\n\nSlumped sitting is a frequent reason for sore necks."
    assert "HL203" not in rules_of(linter.lint_text(plain))


def test_duplication_work_is_near_linear(linter):
    """The near-repeat index enumerates at most max_postings holder pairs per (bigram, sentence)
    row, so 10x the text costs about 10x the pairs (not 100x), even when every sentence repeats."""
    source = (CORPUS / "dupcon-01-neck-posture-repeats.md").read_text(encoding="utf-8")
    body = source.split("---", 2)[2]
    work = {}
    for copies in (30, 300):
        doc = parse(body * copies, "markdown")
        linter.annotate([doc])
        table = unit_table(doc)
        counts = {}
        pairs = bigram_pairs(table, 0.35, table.sizes >= 10, max_postings=40, work=counts)
        assert counts["pairs"] <= 40 * counts["rows"]
        assert len(pairs) <= 40 * len(table.units)
        work[copies] = counts["pairs"]
        assert len({f.rule for f in linter.check_document(doc)} & {"HL201", "HL202"}) == 2
    assert work[30] > 0 and work[300] < 4 * 10 * work[30], work  # quadratic growth would be ~100x


# -- contradiction -------------------------------------------------------------------------

ROUTINE = """# Routine

## Seated hamstring stretch

1. Lie on your back on a mat and raise one leg.
2. Hold for 30 seconds, then switch legs.

## Standing forward fold

1. Stand with your feet apart.
2. Do not round your back; hinge from the hips.
3. Let your back round as you reach down.

## Tips

For the seated stretch, hold for 60 seconds on each leg.
"""


@pytest.mark.parametrize("no_model", ["0", "1"])
def test_contradictions_found_with_and_without_model(no_model):
    proc = run_cli("check", "--format", "json", "--select", "contradiction", "--stdin-filename", "r.md", "-",
                   input=ROUTINE, env={"HEALTHLINT_NO_MODEL": no_model})
    data = json.loads(proc.stdout)
    findings = data["files"][0]["findings"]
    assert {"HL301", "HL302", "HL303"} <= {f["rule"] for f in findings}, findings
    for f in findings:
        assert f["related"] and f["related"][0]["message"]


def test_different_exercises_ranges_and_progressions_are_not_conflicts(linter):
    text = ("# Routine\n\n## Standing calf stretch\n\nStand facing a wall. Hold for 20 seconds.\n\n"
            "## Seated figure-four stretch\n\nSit on a chair. Hold for 60 seconds.\n\n"
            "## Tips\n\nFor the calf stretch, 15-25 seconds is plenty. For the figure-four stretch, "
            "build up from 20 to 60 seconds over a few weeks.\n")
    assert not [f for f in linter.lint_text(text, "markdown") if f.category == "contradiction"]


def test_medication_mentioned_neutrally_is_not_a_conflict(linter):
    text = ("Many headaches ease without medicine. Drinking water and resting help.\n\n"
            "Paracetamol or ibuprofen can help if the pain stays. Ask a pharmacist which suits you.")
    assert not [f for f in linter.lint_text(text) if f.category == "contradiction"]


# -- measurement -----------------------------------------------------------------------------

def test_corpus_floor():
    if not any(CORPUS.glob("*.expected.yaml")):
        pytest.skip("no corpus")
    report = evaluate_corpus(CORPUS, linter=Linter(select=FAMILIES))
    for cat in FAMILIES:
        stats = report["categories"].get(cat)
        assert stats and stats["expected"], cat
        assert stats["precision"] >= 0.85, (cat, stats)
        assert stats["recall"] >= 0.8, (cat, stats)


@pytest.mark.skipif(not DATA.exists(), reason="shared health-news data absent")
def test_health_news_sample_false_positives(tmp_path):
    # every 10th record: a sample spread over both sources (press releases, news stories)
    lines = [line for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    sample = tmp_path / "sample.jsonl"
    sample.write_text("\n".join(lines[::10]), encoding="utf-8")
    t0 = time.perf_counter()
    report = false_positive_rates(sample, linter=Linter(select=FAMILIES))
    assert time.perf_counter() - t0 < 60
    assert report["categories"]["contradiction"]["share"] <= 0.02, report["rules"]
    # repeated sentences are common in scraped news (captions, pull quotes, disclaimers): the
    # near/spun rules, which do not need a literal repeat, must stay rare
    near = {r: v for r, v in report["rules"].items() if r in ("HL202", "HL203")}
    assert sum(v["documents"] for v in near.values()) / report["documents"] <= 0.05, near


def test_spun_duplicate_index_leaves_out_context_only_spin_entries():
    """Tier-3 entries ("actual work" for physical activity) are ordinary English: un-spinning
    them would rewrite plain sentences too, so the spun-duplicate rule does not use them."""
    from healthlint.phrases import normalise_words
    from healthlint.resources import lexicon_path, read_lexicon
    if not lexicon_path("spin.tsv").exists():
        pytest.skip("spin.tsv not built")
    rows = read_lexicon("spin.tsv")
    tier3 = [r["spun"] for r in rows if r["tier"] == "3"]
    tier1 = [r["spun"] for r in rows if r["tier"] == "1"]
    assert tier3 and tier1
    check = next(c for c in Linter().checks if type(c).__name__ == "SpunDuplicateSentence")
    # (a tier-3 key may also be written as another tier's key or as one of the rule's own phrases)
    elsewhere = {normalise_words(r["spun"]) for r in rows if r["tier"] != "3"}
    elsewhere |= {normalise_words(p) for p in check.options.get("phrases") or {}}
    assert all(check.index.get(s) is not None for s in tier1[:200])
    assert all(check.index.get(s) is None for s in tier3 if normalise_words(s) not in elsewhere)


def test_doses_with_thousands_separators_are_read_whole():
    from healthlint import Linter
    text = "Take 2,000 mg paracetamol with water. Rest in a dark room. If the pain returns, take 500 mg paracetamol.\n"
    (finding,) = [f for f in Linter(select=["HL307"]).lint_text(text)]
    assert "500 mg of paracetamol here but 2000 mg elsewhere" in finding.message
