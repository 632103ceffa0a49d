"""Drug promotion (HL4xx): name matching, promotion scoring, findings, corpus and real-news figures."""
import json
import time

import pytest

from healthlint import Linter
from healthlint.drugs import analyse
from healthlint.drugs.matcher import find_mentions
from healthlint.evaluate import evaluate_corpus
from healthlint.fixes import apply_fixes
from healthlint.formats import parse

from conftest import ROOT, SHARED_DATA, run_cli

# the shared data sits beside the checkout (CI) or beside the worktrees folder (engineers)
NEWS = next((p for p in (SHARED_DATA, ROOT.parents[1] / "shared" / "data" / SHARED_DATA.name) if p.exists()),
            SHARED_DATA)


@pytest.fixture(scope="module")
def drug_linter():
    return Linter(select=["drug-promotion"])


def names(text):
    return [(text[m.start:m.end], m.entry.ingredient) for m in find_mentions(text)]


@pytest.mark.parametrize("text, surface, ingredient", [
    ("Pain O Soma 350 mg can help.", "Pain O Soma 350 mg", "carisoprodol"),
    ("Try pain-o-soma today.", "pain-o-soma", "carisoprodol"),
    ("Try PAINOSOMA today.", "PAINOSOMA", "carisoprodol"),
    ("Try pain0soma today.", "pain0soma", "carisoprodol"),
    ("Take waklert150 before work.", "waklert150", "armodafinil"),
    ("Aspadol100mg works.", "Aspadol100mg", "tapentadol"),
    ("M0dalert 200 keeps you up.", "M0dalert 200", "modafinil"),
    ("Ache-O-Soma 500 relaxes you.", "Ache-O-Soma 500", "carisoprodol"),   # spinner swapped a word
    ("Get Modalret 200 now.", "Modalret 200", "modafinil"),                 # misspelt, with a strength
    ("Order buytramadol online.", "tramadol", "tramadol"),                  # commerce word glued on
    ("Cen-force 100 for you.", "Cen-force 100", "sildenafil"),
])
def test_matcher_tolerates_spelling_games(text, surface, ingredient):
    assert (surface, ingredient) in names(text)


@pytest.mark.parametrize("text", [
    "The soma of a neuron holds its nucleus.",       # ambiguous brand without drug context
    "Agencies enforce 100 rules a year.",            # one edit from a brand, but lower case
    "He has a superpower for faces.",                # product-line words alone
    "We looked at or near the site. Mad dogs bark.",  # words never add up to a name by chance
    "Chromosomal changes were found.",               # a name inside a word
])
def test_matcher_stays_quiet_on_ordinary_words(text):
    assert names(text) == []


def test_matcher_is_linear_and_fast():
    text = "Stretch gently and breathe. Pain O Soma 350 mg can help. " * 20000   # ~1.1M characters
    start = time.perf_counter()
    found = find_mentions(text)
    assert len(found) == 20000
    assert time.perf_counter() - start < 10


@pytest.mark.parametrize("text, alias, ingredient", [
    ("Tramadex 100 mg tablets contain tramadol. Order Tramadex today.", "Tramadex", "tramadol"),
    ("That is when I found Zolnite 10, a zolpidem tablet. Zolnite works.", "Zolnite", "zolpidem"),
    ("Vigilex 200 contains modafinil. Get VIGILEX now.", "VIGILEX", "modafinil"),
    ("It is tramadol (sold as Paindex). Paindex ships fast.", "Paindex", "tramadol"),
])
def test_a_brand_the_text_defines_is_a_mention_of_its_drug(text, alias, ingredient):
    """An unknown brand said to be a known drug ("X contains tramadol") is that drug everywhere."""
    found = [(text[m.name_start:m.name_end], m.entry.ingredient, m.entry.kind) for m in find_mentions(text)]
    assert (alias, ingredient, "alias") in found


@pytest.mark.parametrize("text", [
    "Dr. Kowalczyk, a tramadol researcher, said Kowalczyk saw fewer falls.",   # a person, no product noun
    '"What (Addyi) does is give support," she said. What matters is sleep.',  # an English word
    "Relief 100 mg contains tramadol.",                                        # an English word
    "Leaflets about tramadol (Tramal) are here.",                              # a name the lexicon knows
])
def test_no_alias_from_people_or_ordinary_words(text):
    assert not [m for m in find_mentions(text) if m.entry.kind == "alias"]


def test_sentences_selling_a_defined_brand_are_reported(drug_linter):
    text = ("Stretch every morning. Tramadex 100 mg tablets contain tramadol and end back pain in as little "
            "as 20 minutes.\n\nOrder Tramadex 100 mg online today without a prescription and get free "
            "next-day delivery.")
    findings = [f for f in lint(drug_linter, text) if f.rule == "HL401" and f.severity in ("warning", "error")]
    assert [f.excerpt[:20] for f in findings] == ["Tramadex 100 mg tabl", "Order Tramadex 100 m"]
    assert "a brand name the article gives tramadol" in findings[1].message


def test_zero_side_effects_is_a_claim_not_reporting(drug_linter):
    text = "Focus better. Modalert 200 keeps you sharp with zero side effects."
    f = [f for f in lint(drug_linter, text) if f.rule == "HL401"]
    assert f and "neutral" not in f[0].message and f[0].severity == "warning"


def lint(drug_linter, text, fmt="text"):
    return drug_linter.lint_text(text, fmt)


def test_promotional_sentence_is_reported_with_drug_status_and_unsafe_fix(drug_linter):
    text = ("Stretch your hamstrings every morning. Pain O Soma 350 mg can ease your back pain in days, "
            "and many people order it online. Hold each stretch for 20 seconds.")
    findings = [f for f in lint(drug_linter, text) if f.rule == "HL401"]
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "warning"
    assert f.excerpt.startswith("Pain O Soma 350 mg") and f.excerpt.endswith("online.")
    assert "carisoprodol" in f.message and "Schedule IV" in f.message
    assert "efficacy" in f.message and "commerce" in f.message
    assert f.fix is not None and f.fix.safe is False
    fixed, _ = apply_fixes(text, findings, unsafe=True)
    assert fixed == "Stretch your hamstrings every morning. Hold each stretch for 20 seconds."


def test_selling_a_controlled_drug_without_prescription_is_an_error(drug_linter):
    text = "Sleep matters. Buy zopiclone 7.5 mg online without a prescription at the lowest price."
    findings = [f for f in lint(drug_linter, text) if f.rule == "HL401"]
    assert [f.severity for f in findings] == ["error"]


@pytest.mark.parametrize("text", [
    "Ask your doctor whether ibuprofen is right for you, especially if you take blood thinners.",
    "In the trial, tapentadol 100 mg reduced pain more than placebo, but nausea was a common side effect.",
    "The FDA approved Nucynta in 2008; patients should not combine it with alcohol.",
    "Pregabalin 75 mg twice a day is a usual starting dose; your doctor may start lower.",
    "Opioids such as tramadol are not recommended for migraine, said Dr. Haddad.",
])
def test_neutral_mentions_stay_below_warning(drug_linter, text):
    assert all(f.severity == "info" for f in lint(drug_linter, text))


WELLNESS = ("# Simple yoga poses for better sleep\n\nA few gentle poses before bed can calm your mind. "
            "Try child's pose for five minutes.\n\n{x}\n\nBreathe slowly and keep the room dark.\n")
NEWS_PIECE = ("Online pharmacies under scrutiny\n\nRegulators are looking at websites that sell medicines.\n\n{x}\n\n"
              "The agency said it would publish guidance next year.\n")


@pytest.mark.parametrize("sentence", [
    "Order Tapentadol 100mg with overnight delivery from a trusted vendor.",
    "Cenforce 200 is the secret weapon for a better love life.",
    "If poses are not enough, [buy Waklert online](https://cheap-meds.example/waklert) and feel the difference.",
    "Many yoga teachers quietly rely on Modafinil 200mg to stay energised.",
    "Ambien works great, I recommend it to all my friends.",
    "You can get Artvigil 150 at a huge discount this week only.",
])
def test_pitches_in_a_wellness_article_are_warnings(drug_linter, sentence):
    findings = [f for f in lint(drug_linter, WELLNESS.format(x=sentence), "markdown") if f.rule == "HL401"]
    assert [f.severity for f in findings] in (["warning"], ["error"])


@pytest.mark.parametrize("sentence", [
    "Sildenafil works by relaxing blood vessels, and it is available without a prescription in the UK as Viagra Connect.",
    "Patients who bought tramadol online from unregulated websites were more likely to overdose, the study found.",
    "Police seized 5,000 Pain O Soma 350 tablets ordered online.",
    "Buying Modalert 200 from an overseas website is illegal in the UK.",
    "Many students use Adderall to stay focused during exams, a survey of 2,000 undergraduates found.",
])
def test_reporting_on_drug_sales_stays_below_warning(drug_linter, sentence):
    assert all(f.severity == "info" for f in lint(drug_linter, NEWS_PIECE.format(x=sentence)))


def test_document_verdict_and_cache_for_the_batch_audit(drug_linter):
    text = ("Beat tiredness at work\n\nSleep at regular hours and get morning light.\n\n"
            "Modalert 200 is the number one choice for long shifts. Doctors recommend Waklert 150 for focus.\n\n"
            "You can order Modvigil 200 online with fast delivery and no prescription needed.\n")
    findings = lint(drug_linter, text)
    doc_level = [f for f in findings if f.rule == "HL402"]
    assert len(doc_level) == 1 and doc_level[0].excerpt == "Beat tiredness at work"
    assert "modafinil" in doc_level[0].message and "armodafinil" in doc_level[0].message
    assert len([f for f in findings if f.rule == "HL401" and f.severity != "info"]) == 3
    document = parse(text, "text")
    drug_linter.annotate([document])
    record = analyse(document).to_dict()
    assert document.cache["drugs"] is analyse(document)          # memoised for the other checks
    assert record["promotional"] is True and record["promotional_sentences"] == 3
    assert record["drugs"] == ["armodafinil", "modafinil"]
    assert {m["name"] for m in record["mentions"]} == {"Modalert", "Waklert", "Modvigil"}


def test_one_inserted_paragraph_is_not_a_sales_page(drug_linter):
    text = ("Five breathing exercises\n\nBreathe in for four counts and out for four.\n\n"
            "Etizola 1 mg melts away anxiety in minutes. Pharmacists recommend alprazolam 0.5 mg, "
            "and you can buy both online.\n\nHum gently as you breathe out.\n")
    findings = lint(drug_linter, text)
    assert not [f for f in findings if f.rule == "HL402"]
    assert len([f for f in findings if f.rule == "HL401" and f.severity != "info"]) == 2


def test_pharmacy_link_counts_in_html(drug_linter):
    page = ("<html><body><article><h1>Sleep better</h1><p>Keep a regular bedtime.</p>"
            "<p>One option is <a href=\"https://rx-meds.example/buy-zolpidem\">zolpidem 10 mg</a> "
            "at night.</p></article></body></html>")
    plain = page.replace("https://rx-meds.example/buy-zolpidem", "/sleep/zolpidem-facts")
    linked = [f for f in lint(drug_linter, page, "html") if f.rule == "HL401" and f.severity != "info"]
    unlinked = [f for f in lint(drug_linter, plain, "html") if f.rule == "HL401" and f.severity != "info"]
    assert len(linked) == 1 and "link" in linked[0].message
    assert unlinked == []


def test_without_a_trained_model_the_rules_still_work():
    proc = run_cli("check", "--select", "drug-promotion", "--format", "json",
                   str(ROOT / "corpus" / "drugs-03-stamina-listicle.md"), env={"HEALTHLINT_NO_MODEL": "1"})
    data = json.loads(proc.stdout)
    rules = [f["rule"] for f in data["files"][0]["findings"] if f["severity"] != "info"]
    assert rules.count("HL402") == 1 and rules.count("HL401") >= 4


def test_corpus_precision_and_recall_floor(drug_linter):
    report = evaluate_corpus(ROOT / "corpus", linter=drug_linter)
    cat = report["categories"]["drug-promotion"]
    assert cat["expected"] >= 20
    assert cat["precision"] >= 0.9, report
    assert cat["recall"] >= 0.85, report


@pytest.mark.skipif(not NEWS.exists(), reason="shared health-news data not available")
def test_real_health_news_rarely_flagged(drug_linter):
    with open(NEWS, encoding="utf-8") as fh:
        records = [json.loads(line) for _, line in zip(range(300), fh)]
    documents = [parse(r.get("text") or "", "text", r["id"]) for r in records]
    flagged = sum(1 for findings in drug_linter.lint_documents(documents)
                  if any(f.severity != "info" for f in findings))
    assert flagged / len(documents) <= 0.01


def test_a_dose_with_no_selling_cue_in_the_article_is_a_hint_at_most(drug_linter):
    """A personal account names a brand and its dose with nothing that sells; the same line in an
    article that sells elsewhere is part of the pitch."""
    account = "I was taking 20mg of Lexapro and Ambien 10 mg every night.\n"
    found = [f for f in drug_linter.lint_text(account) if f.rule == "HL401"]
    assert all(f.severity == "info" for f in found)
    pitch = account + "\nBuy Ambien online today without a prescription, cheap and fast.\n"
    found = [f for f in drug_linter.lint_text(pitch) if f.rule == "HL401"]
    assert [f.severity for f in found if f.start == 0] == ["warning"]


def test_messages_capitalise_brands_the_lexicon_keeps_in_lower_case(drug_linter):
    text = "Buy Lexapro 20 mg online without a prescription, cheap price.\n"
    (finding,) = [f for f in drug_linter.lint_text(text) if f.rule == "HL401"]
    assert "promotion of Lexapro (escitalopram;" in finding.message


def test_a_question_or_advice_against_buying_is_not_a_pitch(drug_linter):
    """A pharmacist's Q&A names "buy" and "without a prescription" while warning against it."""
    text = ("Q: Can I buy codeine without a prescription?\n\nA: Low-strength co-codamol can be sold in "
            "pharmacies after a conversation with the pharmacist. I would never recommend buying codeine "
            "from websites that offer it without a prescription. It is illegal.\n")
    assert [f.severity for f in drug_linter.lint_text(text) if f.rule == "HL401"] in ([], ["info"], ["info", "info"])
    pitch = "Why not buy codeine 30 mg online today without a prescription? Cheap prices, fast delivery.\n"
    assert any(f.severity in ("warning", "error") for f in drug_linter.lint_text(pitch) if f.rule == "HL401")


def test_first_aid_aspirin_is_not_shop_talk(drug_linter):
    text = ("Call 999 straight away. If they are not allergic to aspirin, give them one 300 mg aspirin "
            "tablet to chew slowly, if one is easily available.\n")
    assert not [f for f in drug_linter.lint_text(text) if f.rule == "HL401" and f.severity != "info"]
