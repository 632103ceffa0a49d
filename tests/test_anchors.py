"""The anchor gate must find exactly what matching the whole document finds."""
from types import SimpleNamespace

import pytest

from healthlint import Linter
from healthlint.checks.anchors import AnchorGate, _literals
from healthlint.checks.pattern import MatcherCheck, matches_outside
from healthlint.formats import parse

CROSS_SENTENCE = [[{"LOWER": "cure"}, {"IS_ALPHA": False, "OP": "{0,3}"}, {"LOWER": "everything"}]]
CASES = {
    "literal": ([[{"LOWER": {"IN": ["experts", "doctors"]}}, {"LEMMA": {"IN": ["say", "recommend"]}}]], None),
    # a match may run across a sentence boundary: windows, not sentences, must still find it
    "cross-sentence": (CROSS_SENTENCE, None),
    # overlapping candidates: the greedy LONGEST filter must choose as over the whole document
    "greedy": ([[{"LOWER": "detox"}, {"LOWER": "tea", "OP": "?"}, {"LOWER": "cleanse", "OP": "?"}],
                [{"LOWER": "tea"}, {"LOWER": "cleanse"}, {"LOWER": "kit", "OP": "?"}]], None),
    "regex": ([[{"LOWER": {"REGEX": "^(detox|purif)"}}, {"LOWER": {"REGEX": "^(body|liver)$"}}]], None),
    "antipattern": ([[{"LEMMA": "flush"}, {"LOWER": "toxins"}]],
                    [[{"LOWER": {"IN": ["liver", "kidneys"]}}, {"IS_ALPHA": True, "OP": "{0,2}"}, {"LEMMA": "flush"}]]),
    # no literal token, or unbounded length: the gate falls back to the whole document
    "no-literal": ([[{"LIKE_NUM": True}, {"LOWER": {"NOT_IN": ["a"]}}]], None),
    "unbounded": ([[{"LOWER": "never"}, {"IS_ALPHA": True, "OP": "+"}, {"LOWER": "again"}]], None),
}
TEXTS = [
    "Experts say detox tea cleanse kits work. Doctors recommended rest. Experts said so, doctors say.",
    "Our drink will cure... everything! It does cure everything. Cure. Everything. It will cure. Everything else fails.",
    "A detox tea cleanse kit; tea cleanse kit; detox detox tea. Purifies your body and detoxifies the liver.",
    "Your liver naturally flushes toxins. This tea flushes toxins. The kidneys then flush toxins out.",
    "In 30 days you will never, ever get sick again. Take 2 pills. 100 percent.",
    "",
    "Nothing to see here.",
]


def _document(text, linter):
    document = parse(text, "text")
    linter.annotate([document])
    return document


@pytest.fixture(scope="module")
def linter():
    return Linter(select=["HL5"])


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("text", TEXTS)
def test_gated_matches_equal_whole_document_matches(linter, name, text):
    patterns, anti = CASES[name]
    rule = SimpleNamespace(id="T1", options={"patterns": patterns, **({"antipatterns": anti} if anti else {})})
    check = MatcherCheck(rule)
    document = _document(text, linter)
    assert list(check.matches(document)) == list(matches_outside(document.doc, check.matcher, check.anti))


def test_cross_sentence_match_is_found(linter):
    rule = SimpleNamespace(id="T1", options={"patterns": CROSS_SENTENCE})
    document = _document("Our drink will cure. Everything else fails.", linter)
    assert len(list(document.doc.sents)) == 2
    assert [document.doc[s:e].text for s, e in MatcherCheck(rule).matches(document)] == ["cure. Everything"]


def test_gate_skips_documents_without_the_required_words(linter):
    gate = AnchorGate(CASES["literal"][0])
    assert gate.regions(_document("Nothing to see here. Experts disagree.", linter)) == []
    assert gate.regions(_document("Nothing here. Experts say so.", linter)) == [(3, 5)]
    assert AnchorGate(CASES["unbounded"][0]).regions(_document("I never get sick again.", linter)) is None


def test_regex_literals_are_a_superset():
    assert _literals("^(detox|purif)") == {"detox", "purif"}
    assert _literals("^immun(e|ity)-boost") == {"immun"}
    assert _literals("^kidneys?$") == {"kidney"}
    assert _literals("[ab]c") is None and _literals("(?i)abc") is None
