"""The fast annotation pipeline (sentences, lemmas) and the trained model on demand."""
import pytest

from healthlint.formats import parse
from healthlint.nlp import get_model, get_nlp


def sentences(text):
    return [s.text for s in get_nlp()(text).sents]


def test_sentences_end_at_full_stops_and_blank_lines():
    assert sentences("Title\n\nOne two. Three four! Five") == ["Title\n\n", "One two.", "Three four!", "Five"]
    # a single line break inside a paragraph is not a boundary
    assert sentences("Hold for thirty\nseconds. Rest.") == ["Hold for thirty\nseconds.", "Rest."]


def test_quotes_and_brackets_go_with_their_sentence():
    assert sentences('He left. "Quote here." Next (one. two). Done.') == [
        "He left.", '"Quote here."', "Next (one.", "two).", "Done."]
    assert sentences('Hello world.\n\n(Bracket) para.') == ["Hello world.\n\n", "(Bracket) para."]


def test_sentences_with_other_full_stops_and_quotes():
    assert sentences('Ends.  «Guillemets» here. ‘Single’ ok. Next “one… two。 Three！ four') == [
        "Ends.  ", "«Guillemets» here.", "‘Single’ ok.", "Next “one…", "two。", "Three！", "four"]
    # as spaCy's sentencizer: only a quote or bracket after a space moves to the next sentence
    assert sentences('He left. ("Quote" here.) Done.') == ['He left. ("', 'Quote" here.)', "Done."]


def test_full_stops_are_uncased_punctuation():
    # the splitter looks for them among IS_PUNCT tokens, by LOWER
    from healthlint.nlp import SentenceSplitter
    getters = get_nlp().vocab.lex_attr_getters
    from spacy.attrs import IS_PUNCT
    for char in SentenceSplitter.PUNCT_CHARS:
        assert getters[IS_PUNCT](char) and char.lower() == char == char.upper(), char


def test_a_list_number_does_not_make_a_sentence():
    assert sentences("1. Pain-O-Soma 500 works fast. Take 2. Then go.") == [
        "1. Pain-O-Soma 500 works fast.", "Take 2.", "Then go."]
    assert sentences("See 3. It works. 4.Take it") == ["See 3.", "It works.", "4.Take it"]


def test_sentences_never_start_with_whitespace():
    doc = get_nlp()("First one.\n\n  Second one. Third.\n\n\n\nFourth")
    assert all(not s.text[:1].isspace() for s in list(doc.sents)[1:])


def test_lemmas_are_dictionary_forms():
    doc = get_nlp()("The runners were flushing toxins; studies show headaches and blazes")
    assert [t.lemma_ for t in doc if t.is_alpha] == [
        "the", "runner", "be", "flush", "toxin", "study", "show", "headache", "and", "blaze"]


def test_parse_is_aligned_with_the_fast_tokens():
    if get_model() is None:
        pytest.skip("no trained model installed")
    document = parse("Take it daily. The tablet works quickly because it dissolves.")
    document.doc = get_nlp()(document.text)
    second = list(document.sentences())[1]
    parsed = document.parse(second)
    assert [t.text for t in parsed] == [t.text for t in second]
    assert {t.dep_ for t in parsed} >= {"nsubj", "ROOT"} and any(t.tag_ == "VBZ" for t in parsed)
    assert document.parse(second) is not None and len(document.cache["document.parsed"]) == 1  # parsed once


def test_parse_without_a_model_is_none(monkeypatch):
    from healthlint import nlp
    monkeypatch.setattr(nlp, "get_model", lambda: None)
    document = parse("The tablet works quickly.")
    document.doc = get_nlp()(document.text)
    assert document.parse(document.doc[0:2]) is None


def test_tagging_skips_the_parser_but_reuses_a_parse():
    if get_model() is None:
        pytest.skip("no trained model installed")
    document = parse("Take it daily. The tablet works quickly.")
    document.doc = get_nlp()(document.text)
    first, second = list(document.sentences())
    tagged = document.tag(second)
    assert [t.tag_ for t in tagged][:3] == ["DT", "NN", "VBZ"] and not any(t.dep_ for t in tagged)
    document.parse(first)
    assert document.tag(first)[0].dep_  # the parse made for another check serves


def test_a_huge_sentence_is_never_given_to_the_model():
    if get_model() is None:
        pytest.skip("no trained model installed")
    from healthlint.nlp import MAX_PARSE_CHARS
    document = parse("Take it daily, " * (MAX_PARSE_CHARS // 10) + "since it works.")
    document.doc = get_nlp()(document.text)
    [sent] = list(document.sentences())
    assert len(sent.text) > MAX_PARSE_CHARS
    assert document.parse(sent) is None and document.tag(sent) is None


def test_chunk_cache_gives_spacy_tokens_whatever_the_order():
    """The tokenizer wrapper fills spaCy's chunk cache ahead of each text (spaCy stops caching
    after a special case, #1250); the tokens must be exactly spaCy's own, on first and later sight."""
    import spacy
    reference = spacy.blank("en").tokenizer
    tok = get_nlp().tokenizer
    texts = ["Dr. Smith said: don't take 2x the dose (U.S. data), it's risky :) ",
             "\"Health,\" he wrote — e-mail me at a@b.org or see https://x.org/a?b=1... ok?!",
             "Brand X 350mg, 10am.\n\nAnother  line\twith 'quotes' and ’curly’ ones; can't won't.",
             "Health, health. HEALTH! (health) “health” Dr Dr. gonna"]
    for _ in range(2):
        for text in texts + [t.upper() for t in texts]:
            got = [(t.text, t.whitespace_) for t in tok(text)]
            assert got == [(t.text, t.whitespace_) for t in reference(text)], text


def test_pattern_on_an_uncomputed_attribute_is_refused():
    from healthlint.checks.pattern import build_matcher
    with pytest.raises(ValueError, match="SHAPE"):
        build_matcher([[{"LOWER": "a"}, {"SHAPE": "Xxx"}]], "HL999")
    assert build_matcher([[{"LOWER": "a"}, {"IS_TITLE": True}]], "HL999") is not None


def test_prepare_loads_what_checks_load_on_first_need():
    from healthlint import Linter
    from healthlint.drugs.lexicon import load_lexicon
    load_lexicon.cache_clear()
    linter = Linter(select=["HL401"])
    assert load_lexicon.cache_info().currsize == 0   # lazy: nothing linted yet
    linter.prepare()
    assert load_lexicon.cache_info().currsize == 1
    assert linter.lint_text("Plain words about walking.") == []


def test_token_table_equals_to_array_and_is_read_only():
    import numpy
    from spacy.attrs import IDS
    from healthlint.nlp import TABLE_ATTRS, column, columns
    doc = get_nlp()("Dr. Smith's 2 trials (2019) don't show it.\n\n“Walk daily,” she said. 3 km!")
    for attr in TABLE_ATTRS + ("LEMMA", "SENT_START", "NORM"):
        assert numpy.array_equal(column(doc, attr), doc.to_array(IDS[attr])), attr
        with pytest.raises(ValueError):
            column(doc, attr)[0] = 1
    both = columns(doc, ("LOWER", "SENT_START"))
    assert numpy.array_equal(both, doc.to_array([IDS["LOWER"], IDS["SENT_START"]]))
    assert columns(get_nlp()(""), ("LOWER",)).shape == (0, 1)


def test_model_analyses_are_reused_by_sentence_text(monkeypatch):
    from healthlint import nlp
    if get_model() is None:
        pytest.skip("no trained model")
    monkeypatch.setattr(nlp, "_analyses", nlp._Analyses(size=2))
    one, two, three = "Take it daily.", "Walk for ten minutes.", "Sleep well tonight."
    parsed = nlp.parse_sentences([one, two, one])
    assert parsed[0] is parsed[2] and parsed[0].has_annotation("DEP")
    assert nlp.parse_sentences([one], parse=False)[0] is parsed[0]   # a parse answers a tag request
    tagged = nlp.parse_sentences([three], parse=False)[0]             # evicts the least recent (two)
    assert not tagged.has_annotation("DEP") and tagged.has_annotation("TAG")
    assert nlp.parse_sentences([two])[0] is not parsed[1]
    assert len(nlp._analyses.docs) == 2
