"""Behaviour of the health-claim, attribution, boilerplate, readability and structure families
beyond their rule examples: hedging and citations lower severity, configuration is respected,
and real health journalism stays (nearly) clean."""
import json
import time
from pathlib import Path

import pytest

from healthlint import Linter
from healthlint.config import Config
from healthlint.findings import severity_at_least

ROOT = Path(__file__).resolve().parents[1]
NEWS_CANDIDATES = [ROOT.parent / "shared" / "data" / "health-news-dev.jsonl",
                   ROOT.parents[1] / "shared" / "data" / "health-news-dev.jsonl"]
NEWS = next((p for p in NEWS_CANDIDATES if p.exists()), None)


@pytest.fixture(scope="module")
def claims():
    return Linter(select=["health-claim"])


@pytest.fixture(scope="module")
def attribution():
    return Linter(select=["attribution"])


def _by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


# -- health claims: hedging and citations -----------------------------------------------------
def test_plain_claim_is_a_warning(claims):
    [f] = _by_rule(claims.lint_text("Elderberry syrup boosts immunity before winter."), "HL502")
    assert f.severity == "warning"


def test_hedged_claim_drops_to_info(claims):
    [f] = _by_rule(claims.lint_text("Elderberry syrup may boost immunity, but some evidence is weak."), "HL502")
    assert f.severity == "info"
    assert f.confidence < 0.85


def test_cited_claim_is_lowered_one_step(claims):
    text = ("Elderberry syrup boosts immunity in older adults, according to a 2019 review "
            "published in the Journal of Herbal Medicine.")
    [f] = _by_rule(claims.lint_text(text), "HL502")
    assert f.severity == "info"


def test_hedged_and_cited_error_rule_stays_below_error(claims):
    plain = _by_rule(claims.lint_text("You can stop taking your medication once the juice works."), "HL509")
    hedged = _by_rule(claims.lint_text("You might stop taking your medication once the juice works, "
                                       "according to Dr. Jane Hill of Leeds University."), "HL509")
    assert plain and plain[0].severity == "error"
    assert hedged and hedged[0].severity == "info"


@pytest.mark.parametrize("text", [
    "There is no miracle cure for back pain.",
    "Claims that detox teas flush toxins from the body have no basis in science.",
    'So-called "detox" teas are mostly laxatives.',
    "The clinic offers a supervised alcohol detox for people with severe withdrawal.",
    "The vaccine boosts immunity in older adults, the trial showed.",
    "In the study, patients lost 4 kg in 12 weeks.",
])
def test_negated_debunking_and_clinical_contexts_are_clean(claims, text):
    assert claims.lint_text(text) == []


def test_miracle_fix_removes_only_the_word(claims):
    from healthlint.fixes import apply_fixes
    text = "Beetroot juice is a miracle drink."
    findings = _by_rule(claims.lint_text(text), "HL505")
    assert findings and findings[0].fix is not None and not findings[0].fix.safe
    assert apply_fixes(text, findings, unsafe=True)[0] == "Beetroot juice is a drink."


# -- attribution ---------------------------------------------------------------------------------
def test_anonymous_authority_needs_no_nearby_source(attribution):
    assert _by_rule(attribution.lint_text("Experts say that stretching prevents injury."), "HL601")
    sourced = "Experts say that stretching prevents injury. The American College of Sports Medicine agrees."
    assert not _by_rule(attribution.lint_text(sourced), "HL601")


def test_link_in_markdown_source_counts_as_a_source(attribution):
    text = "Studies show that walking lowers blood pressure ([review](https://example.org/review))."
    assert not _by_rule(attribution.lint_text(text, "markdown"), "HL601")


def test_product_endorsement_is_an_error_and_not_double_reported(attribution):
    findings = attribution.lint_text("Doctors recommend Waklert 150 for long shifts.")
    assert [f.rule for f in findings] == ["HL603"]
    assert findings[0].severity == "error"


def test_anonymous_authority_in_a_sourced_article_is_only_info(attribution):
    text = ("Dr. Ann Lee, a cardiologist at Mercy Hospital, led the study. It was published in the "
            "Journal of Cardiology. Professor Tom Ray of Leeds University said the results were clear.\n\n"
            "The pills were cheap. Most people took them twice a day.\n\n"
            "Experts say that more work is needed before doctors change their advice.")
    [f] = _by_rule(attribution.lint_text(text), "HL601")
    assert f.severity == "info"


# -- readability: configuration --------------------------------------------------------------------
DENSE = ("Cardiovascular complications associated with uncontrolled hypertension include myocardial infarction "
         "and progressive renal insufficiency. Antihypertensive medication adherence remains suboptimal, "
         "attributable to asymptomatic presentation and inadequate comprehension of therapeutic rationale. "
         "Lifestyle modifications encompassing dietary sodium restriction and regular aerobic activity constitute "
         "foundational interventions recommended internationally. Combination pharmacotherapy utilizing "
         "angiotensin-converting enzyme inhibitors and thiazide-type diuretics demonstrates superior blood pressure "
         "reduction compared with monotherapy escalation strategies.")


def test_readability_target_grade_is_respected():
    strict = Linter(config=Config(readability_target_grade=6.0), select=["HL802"])
    lenient = Linter(config=Config(readability_target_grade=30.0), select=["HL802"])
    found = strict.lint_text(DENSE)
    assert found and "target 6.0" in found[0].message
    assert lenient.lint_text(DENSE) == []


def test_long_sentence_severity_steps():
    linter = Linter(select=["HL801"])
    words = " ".join(["word"] * 45)
    [info] = linter.lint_text(f"This sentence has {words} in it.")
    assert info.severity == "info"
    words = " ".join(["word"] * 70)
    [warning] = linter.lint_text(f"This sentence has {words} in it.")
    assert warning.severity == "warning"
    # the same length inside a list item or a quotation is not measured
    assert linter.lint_text(f"- This item has {words} in it.\n- Short item.") == []
    assert linter.lint_text(f'"This quote has {words} in it," she said.') == []


# -- structure ----------------------------------------------------------------------------------------
def test_metadata_rule_only_where_the_format_carries_it():
    linter = Linter(select=["HL904"])
    assert linter.lint_text("# Title\n\nText.\n", "markdown") == []
    assert linter.lint_text("---\ntitle: T\n---\n\n# Title\n\nText.\n", "markdown")
    html = "<html><head><meta name='author' content='Jane Hill'><meta name='date' content='2024-01-01'></head><body><p>Hi.</p></body></html>"
    assert linter.lint_text(html, "html") == []


# -- real health journalism stays clean --------------------------------------------------------------
@pytest.mark.skipif(NEWS is None, reason="shared health-news data not available")
def test_health_news_sample_has_few_claim_or_attribution_warnings():
    records = []
    with open(NEWS, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 5 == 0:  # every fifth article: ~210 documents, well under a minute
                records.append(json.loads(line))
    from healthlint.formats import parse
    linter = Linter(select=["health-claim", "attribution"])
    started = time.monotonic()
    flagged = {"health-claim": 0, "attribution": 0}
    for i in range(0, len(records), 32):
        docs = [parse(r["text"], "text", r["id"]) for r in records[i:i + 32]]
        for findings in linter.lint_documents(docs):
            for cat in flagged:
                if any(f.category == cat and severity_at_least(f.severity, "warning") for f in findings):
                    flagged[cat] += 1
    assert time.monotonic() - started < 60
    for cat, n in flagged.items():
        assert n / len(records) <= 0.03, (cat, n, len(records))


def test_readability_target_grade_from_config_file(tmp_path):
    from conftest import run_json
    article = tmp_path / "dense.txt"
    article.write_text(DENSE + "\n", encoding="utf-8")
    (tmp_path / "healthlint.toml").write_text("readability-target-grade = 6\nselect = [\"HL802\"]\n")
    _, strict = run_json(str(article))
    (tmp_path / "healthlint.toml").write_text("readability-target-grade = 30\nselect = [\"HL802\"]\n")
    _, lenient = run_json(str(article))
    assert [f["rule"] for f in strict["files"][0]["findings"]] == ["HL802"]
    assert lenient["files"][0]["findings"] == []


def test_fragment_rule_without_a_trained_model(monkeypatch):
    from healthlint import nlp
    fallback = nlp.fallback_nlp()
    monkeypatch.setattr(nlp, "get_nlp", lambda: fallback)
    from healthlint.checks import structure
    monkeypatch.setattr(nlp, "has_parser", lambda: False)
    from healthlint.formats import parse
    document = parse("Keep screens out of the bedroom. Since a tired brain reacts more strongly to stress.")
    document.doc = fallback(document.text)
    check = structure.Fragment(next(r for r in Linter(select=["HL901"]).rules if r.id == "HL901"))
    [finding] = list(check.run(document))
    assert document.text[finding.start:finding.end].startswith("Since")
