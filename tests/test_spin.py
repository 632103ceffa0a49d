"""Spin rules (HL101 spun phrase, HL150 machine-spun article): matching, tiers, context, fixes, score."""
import pytest

from healthlint import Linter
from healthlint.fixes import apply_fixes
from healthlint.formats import parse
from healthlint.phrases import match_case
from healthlint.rulepack import parse_rule

# A private lexicon (no spin.tsv, no overrides) so these tests do not move with the shipped data.
PHRASES = {
    "bosom malignant growth": "breast cancer",
    "heart assault": "heart attack",
    "decrease again torment": "lower back pain",
    "circulatory strain": "blood pressure",
    "rest issue": "sleep disorder",
    "neck torment": {"plain": "neck pain", "tier": 1},
    "unfortunate stance": {"plain": "poor posture", "tier": 1},
    "profound breathing": {"plain": "deep breathing", "tier": 2},
    "on the off chance that": {"plain": "if", "tier": 2},
    "stance": {"plain": "posture", "tier": 2},
    "decrease again": {"plain": "lower back", "tier": 2, "pos": "NOUN"},
    "rest use": {"plain": "balance exercise", "tier": 2, "pos": "NOUN"},
    "regular cure": {"plain": "natural remedy", "tier": 3},
    "actual work": {"plain": "physical activity", "tier": 3},
    "way of life change": {"plain": "lifestyle change", "tier": 3},
}
BASE = {"lexicon": "", "overrides": "", "phrases": PHRASES}


def _rule(rid, report, **options):
    return parse_rule({"id": rid, "name": f"t{rid}", "type": "spin", "category": "spin", "severity": "warning",
                       "message": "Spun '{match}' -> '{replacement_text}'" if report == "phrases" else "spun {count}",
                       "rationale": "test", "fix": {"safe": True}, "scope": "span" if report == "phrases" else "document",
                       "options": {**BASE, "report": report, **options}}, "spin", "test")


@pytest.fixture(scope="module")
def linter():
    return Linter(rules=[_rule("HL101", "phrases"), _rule("HL150", "document")], select=["spin"])


def spans(linter, text, fmt="text", rule="HL101"):
    return [f for f in linter.lint_text(text, fmt) if f.rule == rule]


def test_inflection_case_and_fix_keep_the_original_shape(linter):
    text = "Screening finds Bosom malignant growths early. NECK TORMENT is common."
    found = spans(linter, text)
    assert [f.excerpt for f in found] == ["Bosom malignant growths", "NECK TORMENT"]
    fixed, _ = apply_fixes(text, found)
    assert fixed == "Screening finds Breast cancers early. NECK PAIN is common."


def test_title_case_heading_keeps_title_case():
    assert match_case("Decrease Again Torment", "lower back pain") == "Lower Back Pain"
    assert match_case("Decrease again torment", "lower back pain") == "Lower back pain"
    assert match_case("On the off chance that", "if") == "If"


def test_hyphen_and_line_break_inside_a_phrase(linter):
    text = "A heart-assault and a heart\nassault differ only in layout."
    found = spans(linter, text)
    assert [f.excerpt for f in found] == ["heart-assault", "heart\nassault"]
    assert found[0].fix.safe is True
    assert found[1].fix.safe is False  # a line break inside: a human must look


def test_markdown_emphasis_and_offsets_point_into_the_source(linter):
    src = "# Neck care\n\nAvoid *unfortunate stance* at the desk.\n"
    (f,) = spans(linter, src, "markdown")
    assert src[f.start:f.end] == "unfortunate stance" and f.fix.replacement == "poor posture"


def test_tier2_alone_is_silent(linter):
    text = "On the off chance that it rains, we stay in. Profound breathing is a phrase a poet might use."
    assert spans(linter, text) == []


def test_tier3_alone_is_silent_even_when_varied(linter):
    # three distinct multiword tier-2 phrases corroborate each other; tier-3 phrases never do
    text = ("Regular cures are popular. Actual work helps, and way of life changes help more. "
            "Regular cures again, and actual work again.")
    assert spans(linter, text) == []


def test_tier3_counts_only_where_tier1_spin_vouches_for_it(linter):
    alone = "Neck torment is common. Regular cures rarely help."
    assert [f.excerpt for f in spans(linter, alone)] == ["Neck torment"]
    text = "Neck torment after a heart assault. Regular cures rarely help; try profound breathing."
    found = {f.excerpt: f for f in spans(linter, text)}
    assert set(found) == {"Neck torment", "heart assault", "Regular cures", "profound breathing"}
    tier3, tier2 = found["Regular cures"], found["profound breathing"]
    assert tier3.severity == tier2.severity and tier3.fix.safe is False and tier3.fix.replacement == "Natural remedies"
    assert tier3.data["tier"] == 3 and tier3.data["corroboration"] == "section"
    assert tier3.confidence < tier2.confidence  # ordinary English elsewhere: less certain than tier 2


def test_lexicon_tiers_are_read_as_written():
    from healthlint.spin import _tier
    assert [_tier("1"), _tier("2"), _tier("3"), _tier(""), _tier("x"), _tier("7")] == [1, 2, 3, 2, 2, 2]


def test_one_tier1_hit_does_not_corroborate(linter):
    assert [f.excerpt for f in spans(linter, "Neck torment from a bad stance.")] == ["Neck torment"]


def test_tier2_with_tier1_in_the_same_section_is_info_and_unsafe(linter):
    text = "Neck torment after neck torment. On the off chance that it persists, try profound breathing."
    found = spans(linter, text)
    by_text = {f.excerpt: f for f in found}
    assert by_text["Neck torment"].severity == "warning" and by_text["Neck torment"].fix.safe
    for phrase in ("On the off chance that", "profound breathing"):
        assert by_text[phrase].severity == "info"
        assert by_text[phrase].fix.safe is False
        assert by_text[phrase].confidence < by_text["Neck torment"].confidence
    fixed, _ = apply_fixes(text, found, unsafe=True)
    assert fixed == "Neck pain after neck pain. If it persists, try deep breathing."


def test_tier2_in_another_section_needs_document_corroboration(linter):
    one = "# A\n\nNeck torment is common.\n\n# B\n\nTry profound breathing.\n"
    assert [f.excerpt for f in spans(linter, one, "markdown")] == ["Neck torment"]
    two = "# A\n\nNeck torment, heart assault, circulatory strain.\n\n# B\n\nTry profound breathing.\n"
    assert "profound breathing" in [f.excerpt for f in spans(linter, two, "markdown")]


SPUN = ("# Decrease Again Torment and Unfortunate Stance\n\n"
        "Decrease again torment often follows unfortunate stance. Sit tall and mind your stance.\n\n"
        "On the off chance that the neck torment persists, try profound breathing and check your circulatory strain."
        " A heart assault is rare, but a rest issue is common.\n")


def test_spun_article_gets_a_verdict_and_tier2_becomes_warning(linter):
    findings = linter.lint_text(SPUN, "markdown")
    (verdict,) = [f for f in findings if f.rule == "HL150"]
    assert verdict.scope == "document" and verdict.excerpt.startswith("Decrease Again Torment")
    assert verdict.related and 0.6 <= verdict.confidence <= 0.99
    tier2 = [f for f in findings if f.rule == "HL101" and f.excerpt == "profound breathing"]
    assert tier2 and tier2[0].severity == "warning"


def test_a_single_slip_is_not_a_spun_article(linter):
    text = ("# Blood pressure at home\n\n" + "Measure twice a day and write the numbers down. " * 20
            + "High circulatory strain has no symptoms.\n")
    findings = linter.lint_text(text, "markdown")
    assert [f.rule for f in findings] == ["HL101"]


def test_document_cache_holds_the_metrics(linter):
    document = parse(SPUN, "markdown")
    linter.lint_documents([document])
    spin = document.cache["spin"]
    assert spin["spun"] is True and spin["counted"] >= 8 and spin["distinct"] >= 6
    assert spin["words"] > 20 and 0 < spin["sentence_share"] <= 1 and spin["per_1000_words"] > 8
    m = spin["matches"][0]
    assert {"start", "end", "text", "spun", "plain", "replacement", "tier", "counted", "sentence", "section"} <= set(m)
    assert document.text[m["start"]:m["end"]] == m["text"] == "Decrease Again Torment" and m["plain"] == ["lower back pain"]
    assert spin["top"][0][0] == "decrease again torment"


def test_ambiguous_entries_give_unsafe_fixes_with_alternatives():
    linter = Linter(rules=[_rule("HL101", "phrases", phrases={"neck torment": ["neck pain", "neck ache"]})],
                    select=["spin"])
    (f,) = spans(linter, "Neck torment after work.")
    assert f.fix.replacement == "Neck pain" and f.fix.safe is False and "neck ache" in f.message


def test_shipped_rules_fix_the_starter_phrases():
    linter = Linter(select=["HL101"])
    found = linter.lint_text("Bosom malignant growth and neck torment.")
    assert [f.fix.replacement for f in found] == ["Breast cancer", "neck pain"]


def test_tier2_noun_entry_in_a_verbal_slot_is_not_spin(linter):
    base = "Neck torment and heart assault are common. "
    assert "decrease again" in [f.excerpt for f in spans(linter, base + "Stretch the decrease again daily.")]
    assert spans(linter, base + "Prices will decrease again next year.") == spans(linter, base)
    # a noun entry whose last word is used as a past-tense verb
    assert spans(linter, base + "Bed rest used to be advised.") == spans(linter, base)
    assert "rest use" in [f.excerpt for f in spans(linter, base + "Try a rest use daily.")]


def test_adjacent_hits_become_one_finding_and_one_fix():
    linter = Linter(rules=[_rule("HL101", "phrases", phrases={"decrease again": "lower back", "torment": "pain"})],
                    select=["spin"])
    text = "Decrease again torment is common. The torment eases; decrease again.\nTorment returns."
    found = spans(linter, text)
    assert [f.excerpt for f in found] == ["Decrease again torment", "torment", "decrease again", "Torment"]
    assert found[0].fix.replacement == "Lower back pain" and found[0].fix.safe
    fixed, _ = apply_fixes(text, found)
    assert fixed == "Lower back pain is common. The pain eases; lower back.\nPain returns."


def test_verdict_points_at_the_title_not_a_breadcrumb(linter):
    findings = linter.lint_text("Home » Health » Back\n\n" + SPUN, "markdown")
    (verdict,) = [f for f in findings if f.rule == "HL150"]
    assert verdict.excerpt.startswith("Decrease Again Torment")
