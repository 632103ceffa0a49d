"""The duplication family's fast paths give the same answers as the plain computations they replace."""
import random
import re
from collections import Counter

import numpy as np
import pytest

from healthlint import Linter
from healthlint.formats import parse
from healthlint.repetition import GOPHER_THRESHOLDS, exceeded, may_exceed, repetition_stats
from healthlint.sentunits import BODY_KINDS, bigram_pairs, pairs_above, sentence_units, shingles, unit_table

SENTENCES = [
    "Regular exercise helps lower blood pressure in most adults over time.",
    "Walking after meals can lower blood sugar in people with diabetes.",
    "Read more of the news in the health section today.",
    "Subscribe.",
    "Poor posture is a common cause of neck pain and of back pain in the office.",
    "Don’t stop taking a heart-\nhealthy medicine without asking your doctor first.",
    "The study of the effects of the diet in the trial was small.",
    "Ask your doctor.",
]


@pytest.fixture(scope="module")
def linter():
    return Linter(select=["duplication"])


def annotated(linter, texts, fmt="text"):
    docs = [parse(t, fmt) for t in texts]
    linter.annotate(docs)
    return docs


def pages(seed, n):
    rng = random.Random(seed)
    return [" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 120))) for _ in range(n)]


def test_units_match_a_token_by_token_reading(linter):
    text = "  " + "\n\n".join(SENTENCES) + "\n\n# Heading words here\n\nLast one here. "
    (doc,) = annotated(linter, [text])
    expected = []
    for sent in doc.doc.sents:
        block = doc.block_at(sent.start_char)
        toks = [t for t in sent if not (t.is_space or t.is_punct)]
        if block is None or block.kind not in BODY_KINDS or not toks:
            continue
        lead = len(sent.text) - len(sent.text.lstrip())
        span = (sent.start_char + lead, sent.start_char + len(sent.text.rstrip()))
        expected.append((span, [t.lower_.replace("’", "'") for t in toks], [(t.lemma_ or t.lower_).lower() for t in toks]))
    units = sentence_units(doc)
    assert [((u.start, u.end), u.words, u.lemmas) for u in units] == expected
    for u in units:
        span = doc.doc.char_span(u.start, u.end, alignment_mode="expand")
        assert (u.first_token, u.end_token) == (span.start, span.end)
    assert units[5].words[:2] == ["do", "n't"]  # ’ read as '


@pytest.mark.parametrize("min_words,threshold,max_postings", [(10, 0.35, 40), (1, 0.2, 40), (3, 0.35, 5)])
def test_numpy_bigram_pairs_equal_the_posting_list_index(linter, min_words, threshold, max_postings):
    for doc in annotated(linter, pages(1, 12)):
        units = sentence_units(doc)
        ok = [u.n_words >= min_words for u in units]
        want = sorted((j, i, s) for i, j, s in pairs_above([shingles(u.lemmas, 2) for u in units], threshold, ok,
                                                           max_postings=max_postings))
        got = sorted((j, i, s) for i, j, s in bigram_pairs(unit_table(doc), threshold, np.array(ok, dtype=bool),
                                                           max_postings=max_postings))
        assert got == want


def reference_stats(text):
    """The Gopher statistics computed the plain way (datatrove's loops)."""
    text = text.strip()
    total = len(text) or 1
    stats = {}
    for name, sep in (("para", r"\n{2,}"), ("line", r"\n+")):
        items = [p.strip() for p in re.split(sep, text) if p.strip()]
        seen, count, chars = set(), 0, 0
        for item in items:
            if item in seen:
                count, chars = count + 1, chars + len(item)
            seen.add(item)
        stats[f"dup_{name}_frac"] = count / len(items) if items else 0.0
        stats[f"dup_{name}_char_frac"] = chars / total
    words = [w.lower() for w in re.findall(r"\w+(?:['’]\w+)*", text)]
    for n in (2, 3, 4):
        grams = Counter(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
        top = grams.most_common(1)
        stats[f"top_{n}gram"] = len(top[0][0]) * top[0][1] / total if top else 0.0
    for n in range(5, 11):
        seen, chars, i = set(), 0, 0
        while i < len(words) - n + 1:
            gram = tuple(words[i:i + n])
            if gram in seen:
                chars, i = chars + sum(map(len, gram)), i + n
            else:
                seen.add(gram)
                i += 1
        stats[f"dup_{n}gram"] = chars / total
    stats["words"] = len(words)
    return stats


def test_repetition_statistics_and_their_gate():
    rng = random.Random(2)
    vocab = ["a", "bb", "Ccc", "dd", "e", "ff", "ggg", "h’i", "ÉTÉ", "k"]
    texts = [" ".join(SENTENCES), "", "word", "ΟΔΟΣ ΑΣ'Β İstanbul don’t"]
    for _ in range(150):
        words = rng.sample(vocab, rng.randint(1, len(vocab)))
        texts.append("".join(rng.choice(words) + rng.choice([" ", " ", "\n", "\n\n", ", ", "\n\n\n"])
                             for _ in range(rng.randint(0, 150))))
    fired = 0
    for text in texts:
        stats = repetition_stats(text)
        assert stats == pytest.approx(reference_stats(text), rel=0, abs=0)
        for min_words in (0, 50):
            if stats["words"] >= min_words and exceeded(stats, GOPHER_THRESHOLDS):
                fired += 1
                assert may_exceed(text, GOPHER_THRESHOLDS, min_words)
    assert fired > 50
    assert not may_exceed(" ".join(SENTENCES), GOPHER_THRESHOLDS, 50)  # ordinary prose is cleared cheaply


def test_spin_gate_never_misses_a_spun_phrase(linter):
    check = next(c for c in linter.checks if c.rule.id == "HL203")
    rng = random.Random(3)
    spun = ["unfortunate stance", "typical offender", "neck torment", "bosom malignant growth", "protuberance",
            "heart assault", "circulatory strain"]
    texts = []
    for _ in range(60):
        words = " ".join(rng.sample(SENTENCES, 4)).split(" ")
        for _ in range(rng.randint(0, 2)):
            phrase = rng.choice(spun)
            phrase = rng.choice([phrase, phrase.title(), phrase.upper(), phrase.replace(" ", "-", 1),
                                 phrase.replace(" ", "-\n", 1), phrase.replace(" ", "\n\n", 1), phrase + "s"])
            words.insert(rng.randrange(len(words) + 1), phrase)
        texts.append(" ".join(words))
    seen = Counter()
    for doc in annotated(linter, texts):
        units = [u for u in sentence_units(doc) if u.n_words >= 6]
        swaps = any(check.canonical(doc, u)[1] for u in units)
        seen[swaps] += 1
        assert check.may_swap(doc, units) == swaps
    assert seen[True] > 10 and seen[False] > 5


def gate_pages(seed, n):
    """Short markdown pages: few sentences (so some have no repeat), headings now and then."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 8)):
            s = rng.choice(SENTENCES)
            if rng.random() < 0.3:  # a half-edited copy
                words = s.split(" ")
                words[rng.randrange(len(words))] = rng.choice(["also", "often", "many"])
                s = " ".join(words)
            parts.append(("# " + s.rstrip(".")) if rng.random() < 0.15 else s)
        out.append("\n\n".join(parts))
    return out


def test_sentence_gates_never_miss(linter):
    from healthlint.sentunits import repeated_sentences, sentence_bigram_pairs

    def may_repeat_sentence(doc, min_words):
        return bool(repeated_sentences(doc, min_words))

    def may_have_bigram_pairs(doc, threshold, min_words):  # None: "ask bigram_pairs"
        return sentence_bigram_pairs(doc, threshold, min_words) != []
    seen = Counter()
    for doc in annotated(linter, gate_pages(4, 150), fmt="markdown"):
        units = sentence_units(doc)
        table = unit_table(doc)
        for min_words in (1, 6, 8):
            codes = Counter(u.code for u in units if u.n_words >= min_words)
            repeat = any(c > 1 for c in codes.values())
            seen["repeat", repeat, may_repeat_sentence(doc, min_words)] += 1
            if repeat:
                assert may_repeat_sentence(doc, min_words)
        for min_words, threshold in ((10, 0.35), (3, 0.2), (8, 0.5)):
            pairs = bigram_pairs(table, threshold, table.sizes >= min_words, max_postings=40)
            gate = may_have_bigram_pairs(doc, threshold, min_words)
            seen["pairs", bool(pairs), gate] += 1
            if pairs:
                assert gate
    # the gates do reject documents without repeats (and there are some of both kinds)
    assert seen["repeat", False, False] > 20 and seen["repeat", True, True] > 20, seen
    assert seen["pairs", False, False] > 20 and seen["pairs", True, True] > 20, seen


def test_spin_phrase_starts_gate(linter):
    check = next(c for c in linter.checks if c.rule.id == "HL203")
    texts = ["Poor posture is a common cause of neck pain. Unfortunate stance is a typical offender for neck torment.",
             "Poor posture is a common cause of neck pain. Heavy bags are a common cause of shoulder pain."]
    spun, plain = annotated(linter, texts)
    assert len(check.phrase_starts(spun)) and not len(check.phrase_starts(plain))
    assert not check.may_swap(plain, sentence_units(plain))


def test_sentence_pairs_and_repeats_are_those_of_the_units(linter):
    """HL202 takes sentence_bigram_pairs instead of bigram_pairs when it gives an answer, and
    HL201 looks only at repeated_sentences: both must lose nothing the units have."""
    from healthlint.sentunits import repeated_sentences, sentence_bigram_pairs
    seen = Counter()
    for doc in annotated(linter, gate_pages(5, 150), fmt="markdown"):
        table = unit_table(doc)
        units = table.units
        for min_words, threshold, cap in ((10, 0.35, 40), (3, 0.2, 40), (8, 0.5, 1)):
            want = bigram_pairs(table, threshold, table.sizes >= min_words, max_postings=cap)
            got = sentence_bigram_pairs(doc, threshold, min_words, cap, 100)
            seen["pairs", got is None, bool(want)] += 1
            if got is not None:
                to_unit = table.unit_of_sent
                assert [(to_unit[i], to_unit[j], s) for i, j, s in got if to_unit[i] >= 0 and to_unit[j] >= 0] == want
        for min_words in (1, 6, 8):
            candidates = set(table.unit_of_sent[repeated_sentences(doc, min_words)].tolist())
            codes = Counter(u.code for u in units if u.n_words >= min_words)
            repeats = {u.index for u in units if u.n_words >= min_words and codes[u.code] > 1}
            assert repeats <= candidates
            seen["repeat", bool(repeats)] += 1
    assert seen["pairs", False, True] > 20 and seen["pairs", False, False] > 20, seen
    assert seen["pairs", True, True] > 0, seen  # (a cap of 1: answered by bigram_pairs)
    assert seen["repeat", True] > 20 and seen["repeat", False] > 20, seen


def test_bucket_bounds_bound_the_counts():
    from healthlint.repetition import _bucket_bounds, _count_bounds, _gate_codes
    rng = random.Random(6)
    for _ in range(200):
        words = [rng.choice([b"a", b"bb", b"ccc", b"a" * 20, b"a" * 21, b"dd"]) for _ in range(rng.randint(1, 300))]
        codes = _gate_codes(words)
        lengths = np.array([len(w) for w in words], dtype=np.int64)
        counts = Counter(words)
        exact = (max(counts.values()), max(c * len(w) for w, c in counts.items()))
        for bound in (_count_bounds(codes, lengths), _bucket_bounds(codes, lengths)):
            assert bound[0] >= exact[0] and bound[1] >= exact[1]


def test_gate_table_numbers_the_gate_words():
    from healthlint.repetition import _gate_table, _gate_words
    rng = random.Random(8)
    pool = ["a", "bb", "Ccc", "don't", "don’t", "x'", "'y", "é", "naïve", "—", "-", "\n", "  ", "42", "a_b"]
    for _ in range(300):
        text = " ".join(rng.choice(pool) for _ in range(rng.randint(0, 60)))
        words, _exact = _gate_words(text)
        codes, lengths, _ = _gate_table(text)
        assert lengths.tolist() == [len(w) for w in words]
        first_w, first_c = {}, {}
        assert ([first_w.setdefault(w, len(first_w)) for w in words]
                == [first_c.setdefault(c, len(first_c)) for c in codes.tolist()])
