"""The lookup lemmatizer that annotates every document (nlp.FallbackLemmatizer)."""
import pytest

from healthlint.nlp import FallbackLemmatizer, get_nlp


@pytest.fixture(scope="module")
def lemmatizer():
    return FallbackLemmatizer()


@pytest.mark.parametrize("form, lemma", [
    # -es plurals: the stem + "e" when that is the word, else the bare stem
    ("blazes", "blaze"), ("headaches", "headache"), ("doses", "dose"), ("boxes", "box"),
    ("focuses", "focus"), ("classes", "class"), ("churches", "church"), ("ups", "up"),
    ("studies", "study"), ("women", "woman"), ("years", "year"),
    # words ending in s that are lemmas, and function words
    ("news", "news"), ("analysis", "analysis"), ("diabetes", "diabetes"), ("always", "always"),
    ("this", "this"), ("does", "do"), ("them", "they"),
    # -ed / -ing: a verb of WordNet; doubling tells "hoped" from "hopped"
    ("compared", "compare"), ("based", "base"), ("added", "add"), ("noted", "note"), ("treated", "treat"),
    ("stopped", "stop"), ("hoped", "hope"), ("hopped", "hop"), ("hoping", "hope"), ("singing", "sing"),
    ("taking", "take"), ("seeing", "see"), ("tried", "try"), ("died", "die"), ("agreed", "agree"),
    ("during", "during"), ("something", "something"), ("morning", "morning"),
    # comparatives; nouns in -er stay
    ("larger", "large"), ("bigger", "big"), ("number", "number"), ("customer", "customer"),
    ("offer", "offer"),
    # irregular forms (WordNet exception lists)
    ("went", "go"), ("feet", "foot"), ("children", "child"),
    # unknown words: conservative suffix rules
    ("biomarkers", "biomarker"), ("gummies", "gummy"),
])
def test_lemmas(lemmatizer, form, lemma):
    assert lemmatizer.lemma(form) == lemma


def test_pipeline_sets_lemmas_per_token():
    doc = get_nlp()("Hot blazes and headaches worried more established grown-ups.")
    assert [t.lemma_ for t in doc if t.is_alpha] == ["hot", "blaze", "and", "headache", "worry", "more",
                                                      "establish", "grow", "up"]
