"""PhraseIndex: the numpy gate must not change what the trie walk finds (compared with a walk
from every token), for Docs and Spans, across hyphens, line breaks, apostrophes and case."""
import pytest

from healthlint import phrases
from healthlint.nlp import get_nlp
from healthlint.phrases import PhraseIndex, _forms, _SKIP, _END

PHRASES = ["heart assault", "neck torment", "torment", "in the event that", "in the event",
           "child's play", "do n't know", "bosom malignant growth", "malignant growth", "profound rest",
           "circulatory strain", "a ton of"]

TEXTS = [
    "Neck torments after a HEART-ASSAULT. In The Event That it persists, see a doctor.",
    "The heart-\nassault came; neck\ntorment followed.\n\nNeck\n\ntorment is not one phrase.",
    "It was child’s play; I don’t know. Bosom malignant growths and malignant growth.",
    "In the event, nothing happened. in the event that. A ton of profound resting and profound rest.",
    "Heart - assault, heart – assault, heart‐assault, circulatory strains, Circulatory Strain.",
    "",
    "No spun words here at all, only ordinary news about a study.",
]


def reference(index, doc, start=0, end=None):
    """The walk from every token (phrases.PhraseIndex.finditer before the gate)."""
    toks = list(doc[start:end if end is not None else len(doc)])
    forms = [_forms(t) for t in toks]
    n, i, out = len(toks), 0, []
    while i < n:
        if forms[i] is None or toks[i].text in _SKIP:
            i += 1
            continue
        best, stack = None, [(index.root, i)]
        while stack:
            node, k = stack.pop()
            while k < n and k > i and (toks[k].text in _SKIP or (forms[k] is None and "\n\n" not in toks[k].text)):
                k += 1
            if k >= n or forms[k] is None:
                continue
            for form in forms[k]:
                child = node.get(form)
                if child is not None:
                    if _END in child and (best is None or k > best[0]):
                        best = (k, child[_END])
                    stack.append((child, k + 1))
        if best is None:
            i += 1
            continue
        out.append((toks[i].idx, toks[best[0]].idx + len(toks[best[0]].text), best[1]))
        i = best[0] + 1
    return out


@pytest.fixture(scope="module")
def index():
    idx = PhraseIndex()
    for p in PHRASES:
        idx.add(p, p)
    return idx


@pytest.mark.parametrize("gate", [True, False])
@pytest.mark.parametrize("text", TEXTS)
def test_gate_finds_what_a_full_walk_finds(index, text, gate, monkeypatch):
    if not gate:  # an index too big for a gate walks from every token
        monkeypatch.setattr(phrases, "GATE_MAX_WORDS", 0)
    doc = get_nlp()(text)
    got = [(m.start, m.end, m.value) for m in index.finditer(doc)]
    assert got == reference(index, doc)
    for start, end in [(0, len(doc) // 2), (len(doc) // 3, None), (1, 3)]:  # token ranges
        got = [(m.start, m.end, m.value) for m in index.finditer(doc, start, end)]
        assert got == reference(index, doc, start, end)


def test_expected_matches(index):
    doc = get_nlp()(TEXTS[0] + " " + TEXTS[1])
    values = [m.value for m in index.finditer(doc)]
    # "heart-\nassault" and "neck\ntorment" match; the paragraph break splits "Neck\n\ntorment"
    assert values == ["neck torment", "heart assault", "in the event that", "heart assault", "neck torment",
                      "torment"]


def test_span_and_later_additions(index):
    doc = get_nlp()("Mild neck torment. A heart assault.")
    span = doc[2:]
    assert [m.value for m in index.finditer(span)] == ["torment", "heart assault"]
    assert [m.first for m in index.finditer(span)] == [2, 5]  # token indexes of the Doc
    grown = PhraseIndex()
    grown.add("neck torment", 1)
    assert [m.value for m in grown.finditer(doc)] == [1]
    grown.add("heart assault", 2)  # the cached candidates of this Doc must not hide the new phrase
    assert [m.value for m in grown.finditer(doc)] == [1, 2]
