"""The HL4xx speed-ups must not change results: each fast path is compared with the plain
computation it replaces (per-word folding, the full cue alternation, the fuzzy-token regex)."""
import random

from healthlint.drugs.matcher import _FUZZY_TOKEN, _fuzzy_tokens
from healthlint.drugs.normalise import _JOIN_MARK, _JOIN_SPACE, _RUN, SEPARATOR, canon_text, canon_word
from healthlint.drugs.signals import SCORED, load_cues

TRICKY = ["Pain-O-Soma 350mg", "pain o\nsoma", "p@in0soma", "tram4dol 5mg", "waklert150", "İSTANBUL ıi",
          "Ärzte — Modalert 200.", "a \t\u00a0\n b", "x\n\ny", "a . b", "a ' b", "a  -  b", "ﬁ ＡＢ ³x",
          "5 mg 5mg 5m9 m5g", "@$| a@b", "end.", "  lead", "a" + " " * 1500 + "b", "", "...", "$0ma",
          "𝕏𝟙 t𝟘m 😀x ①a ａ１ｂ", "a \u2028 b\u3000c", "a\n\nb. c .. d - - e"]


def reference_canon(text):
    """The per-word loop canon_text replaced."""
    parts, pos, spaces, length, prev_end = [], [], set(), 0, None
    for m in _RUN.finditer(text):
        s, e = m.span()
        if prev_end is not None:
            gap = text[prev_end:s]
            if _JOIN_SPACE.fullmatch(gap):
                spaces.add(length)
            elif not _JOIN_MARK.fullmatch(gap):
                parts.append(SEPARATOR)
                pos.append(prev_end)
                length += 1
        word = canon_word(m.group(0))
        parts.append(word)
        pos.extend(range(s, e))
        length += len(word)
        prev_end = e
    return "".join(parts), pos, sorted(spaces)


def random_texts(n, seed):
    rnd = random.Random(seed)
    alphabet = list("aio01345@$|mgl T-.\n\t\u00a0_'’·‐–,#İıíé³\r\u2009") + ["  ", " - ", "5mg", "Soma", "9"]
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 25))) for _ in range(n)]


def gap_texts(n, seed):
    """Words with gaps of every short mix of spaces, tabs, line breaks, marks, dots and others."""
    rnd = random.Random(seed)
    gap = list(" \t\u00a0\n-–'’·_.,;#\r")
    return ["".join(rnd.choice(["ab", "x", "5", "@"]) + "".join(rnd.choice(gap) for _ in range(rnd.randint(1, 5)))
                    for _ in range(rnd.randint(1, 8))) for _ in range(n)]


def test_vectorised_canon_text_equals_the_per_word_fold():
    for text in TRICKY + random_texts(3000, 7) + gap_texts(3000, 11):
        canon, pos, spaces = canon_text(text)
        assert (canon, pos.tolist(), spaces.tolist()) == reference_canon(text), text


SENTENCES = ["Doctors recommend it: order online today with fast delivery and no prescription needed.",
             "In the trial, patients reported side effects, according to the FDA; one study said so.",
             "It works fast, relieves your pain, and is the best pill for back pain. Buy now!",
             "DOCTORS RECOMMEND ıT, İN DAYS", "Save up to 50% off, 100 % safe, in stock, free shipping.",
             "The overdose deaths were illegal and dangerous; counterfeit pills were seized.", ""]


def test_cue_prefilter_finds_what_the_full_patterns_find():
    cues = load_cues()
    for sentence in SENTENCES + random_texts(500, 8):
        possible = cues.possible(sentence)
        for kind in SCORED:
            assert cues.find(kind, sentence, possible.get(kind, ())) == cues.find(kind, sentence), (kind, sentence)


def test_fuzzy_tokens_equal_the_regex():
    for text in ["Etizolla 1 mg and Modalret200", "x@abcdefg 5", "January 15, Mercedes-300", "abcdefg1hijklmn2",
                 "short 5", "Abcdefg１", "Abcdefg٣ mg", "Abcdefg 	-	 5", "Abcdefg²"] + TRICKY + random_texts(2000, 9):
        assert [m.span(1) for m in _fuzzy_tokens(text)] == [m.span(1) for m in _FUZZY_TOKEN.finditer(text)], text


def test_a_misspelt_name_alone_is_found():
    from healthlint.drugs.matcher import find_mentions
    text = "Modalret 200"        # no exact name anywhere: only the fuzzy pass sees it
    assert [(text[m.start:m.end], m.entry.ingredient) for m in find_mentions(text)] == [(text, "modafinil")]


def test_has_link_equals_the_url_search():
    from healthlint.drugs.context import _URL, has_link
    rnd = random.Random(10)
    pieces = ["href=", "HREF='", '"', "'", "](", ")", " ", "http", "HTTPS://", "www.", "WwW.", "x", "/", "<", "İ", "\n"]
    texts = ["", "plain text", "see [shop](https://x.example/buy)", "<a href='/pills'>", "İİ www.x.org", "](  )",
             "http:/ nope", "HtTp://A"] + ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(3000)]
    for text in texts:
        assert has_link(text) == bool(_URL.search(text)), text
    assert has_link(None) is False


def test_links_in_equals_the_url_scan():
    from healthlint.drugs.context import _URL, links_in
    from healthlint.formats import parse
    source = ("# Title\n\nBuy [pills](https://rx.example/buy) now. Plain sentence here. "
              "<a href='https://shop.example'>shop</a> and www.example.org too. HTTP://UP.EXAMPLE ok.\n")
    document = parse(source, "markdown")
    text = document.text
    for start in range(0, len(text), 3):
        for end in range(start, min(len(text), start + 60), 7):
            s, e = document.to_source(start, end)
            a = source.rfind("<a ", max(0, s - 400), s)
            if a != -1 and "</a>" not in source[a:s]:
                s = a
            expected = [next(g for g in m.groups() if g) for m in _URL.finditer(source, s, e)]
            assert links_in(document, start, end) == expected, (start, end)


def test_canon_bytes_equals_canon_text_up_to_repeated_separators():
    """canon_bytes may leave several separators in a hard gap (and some before the first run);
    collapsed, its text and offsets are canon_text's."""
    import re

    from healthlint.drugs.normalise import canon_bytes
    fast_paths = 0
    for text in TRICKY + random_texts(3000, 12) + gap_texts(3000, 13):
        fast = canon_bytes(text)
        if fast is None:        # a letter that does not fold to ASCII: the caller uses canon_text
            assert any(not c.isascii() and c.isalnum() for c in text), text
            continue
        fast_paths += 1
        canon, pos, classes = fast
        assert len(classes) == len(text) and len(pos) == len(canon)
        expected, expected_pos, _ = canon_text(text)
        assert re.sub(f"{SEPARATOR}+", SEPARATOR, canon).lstrip(SEPARATOR) == expected, text
        assert [p for c, p in zip(canon, pos.tolist()) if c != SEPARATOR] == \
            [p for c, p in zip(expected, expected_pos.tolist()) if c != SEPARATOR], text
    assert fast_paths > 5000


def test_mentions_on_canon_bytes_equal_those_on_canon_text(monkeypatch):
    """Both candidate paths of find_mentions, on a small lexicon with spaced, partial, ambiguous
    and separator-ending names, over texts mixing their pieces with every kind of gap."""
    from healthlint.drugs import matcher
    from healthlint.drugs.lexicon import DrugLexicon
    lexicon = DrugLexicon(
        [{"name": "Pain O Soma", "aliases": ["Pain-O-Soma 350"], "ingredient": "carisoprodol", "strengths": [350]},
         {"name": "Tylenol with Codeine", "aliases": ["Tylenol #3"], "ingredient": "codeine"},
         {"name": "Modalert", "ingredient": "modafinil", "strengths": [200]},
         {"name": "Soma", "ambiguous": True, "ingredient": "carisoprodol"},
         {"name": "Super Kamagra Oral Jelly", "ingredient": "sildenafil"}],
        [{"name": "zinc gluconate"}, {"name": "tramadol"}, {"name": "ab cd ef"}])
    rnd = random.Random(14)
    pieces = ["pain", "Pain", "p@in", "o", "O", "0", "soma", "S0ma", "tylenol", "Tylenol", "#", "3", "modal", "ert",
              "Modalert", "kamagra", "oral", "jelly", "zinc", "gluconate", "tram", "4", "dol", "ab", "cd", "ef", "buy",
              "mg", "200", "Ache"]
    gaps = ["", " ", "  ", "-", " - ", ".", ". ", "\n", "\n\n", "\t", "\u00a0", "–", "’", ",", "#", " #", "--", "_",
            "é", "İ", "²"]
    texts = ["".join(rnd.choice(pieces) + rnd.choice(gaps) for _ in range(rnd.randint(1, 7))) for _ in range(4000)]

    def mentions():
        return [[(m.start, m.end, m.name_end, m.entry.name, m.strength) for m in matcher.find_mentions(t, lexicon)]
                for t in texts]

    fast = mentions()
    monkeypatch.setattr(matcher, "canon_bytes", lambda text: None)
    assert fast == mentions()
    assert sum(map(len, fast)) > 500


def test_document_has_link_equals_has_link():
    from healthlint.drugs.context import document_has_link, has_link
    from healthlint.formats import parse
    for source, fmt in [("Buy [pills](https://rx.example/buy) now.", "markdown"), ("<p>see <a href='/x'>x</a></p>", "html"),
                        ("Plain text, no link.", "text"), ("Visit WWW.EXAMPLE.ORG today", "text"), ("İİ http://x.org", "text"),
                        ("a ](b) c", "markdown"), ("", "text")]:
        document = parse(source, fmt)
        assert document_has_link(document) == has_link(document.source), source
