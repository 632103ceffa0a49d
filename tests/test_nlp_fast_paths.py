"""The annotation pipeline's fast paths (nlp.install_fast_affixes / install_fast_getters) must give
exactly spaCy's answers: same tokens, same affix matches, same lexical attributes."""
import json
import random
import re
from pathlib import Path

import pytest
import spacy

from healthlint import nlp as hl_nlp

ROOT = Path(__file__).resolve().parents[1]
NEWS = [ROOT.parent / "shared" / "data" / "health-news-dev.jsonl", Path("/work/shared/data/health-news-dev.jsonl")]
WORDNET = Path("/usr/share/wordnet")

VARIED = """Dr. Smith's "miracle" cure—it's 100% natural!—cut LDL by 30mg/dL (p<0.05) in 3½ weeks.
Take 2-3 tablets/day; don't exceed 1,500 mg. Cost: $49.99 (US$55), €45 or £39... Really?!
E-mail info@example.com or visit https://example.com/a?b=c. ¿Qué? naïve café résumé Ärzte ΑΒΓ λόγος
Москва 5км 10кг 2½ ¼ ⅔ 1/2 3rd 21st +5 -3 ±2 ~4 °F 98.6°F. U.S.A. e.g. i.e. etc. A.M. 9a.m. 5pm
😀👍🏽 ❤️ ™ © ® § ¶ † ‡ • … “quoted” ‘single’ «guillemets» „low“ 『CJK』 東京 ١٢٣ ๓ ½-dose
well-being, X-ray, COVID-19, SARS-CoV-2, 24/7, 9:30, 3x, x3, 1e5, 0.5%, 50%-off, hello...world
(parenthetical) [bracketed] {braced} <angled> #hashtag @mention *starred* _under_ `tick`
can't won't shouldn't y'all o'clock rock'n'roll 'em 90's '90s the '80s ’tis Jones’ Jones's
"""


def _strings() -> list[str]:
    """Token strings and chunks from corpus/, health news, WordNet, plus odd strings."""
    words: set[str] = set(VARIED.split())
    for path in sorted((ROOT / "corpus").glob("*")):
        if path.suffix in (".md", ".txt", ".html"):
            words.update(path.read_text(encoding="utf-8", errors="replace").split())
    news = next((p for p in NEWS if p.exists()), None)
    if news is not None:
        with open(news, encoding="utf-8") as fh:
            for _, line in zip(range(300), fh):
                words.update((json.loads(line).get("text") or "").split())
    for name in ("index.noun", "index.verb", "index.adj", "index.adv"):
        if (WORDNET / name).exists():
            for line in (WORDNET / name).read_text(encoding="utf-8", errors="replace").splitlines():
                if not line.startswith(" "):
                    words.add(line.split(" ", 1)[0].replace("_", "-"))
    odd = ["", "0", "7", "42", "3.14", "1,000", "1,000.5", "1/2", "12/34", "1/2/3", "/", "½", "²", "١٢", "৩",
           "+1", "-1", "±1", "~1", "+", "-", "1st", "2nd", "3rd", "4th", "11th", "st", "th", "first",
           "Twenty", "MILLION", "twentyfirst", "ⅷ", "Ⅻ", "𝟘", "𝟙𝟚", "٣/٤", "💊", "😀", "👍🏽", "™", "ǅ", "ß",
           "İstanbul", "ﬁne", "Σίσυφος", "ΌΣΟΣ", "x²", "5km²", "10mg", "5'", "'s", "’s", "''", "``", "--",
           "...", "…", "....", "a.", "A.", "AB.", "°C.", "5+", "5$", "US$5", "C$", "\u00a0", "\u2009", "\t"]
    words.update(odd)
    # every token spaCy makes of these chunks (affix strings, pieces between infixes)
    plain = spacy.blank("en")
    for doc in plain.tokenizer.pipe(list(words)[:200_000]):
        words.update(t.text for t in doc)
    # random strings over the characters the affix rules are made of, and over letters/digits
    rng = random.Random(7)
    alphabet = sorted(set("".join(plain.Defaults.prefixes + plain.Defaults.suffixes + plain.Defaults.infixes))
                      | set("aZ09.,-'’$%°²"))
    for _ in range(30_000):
        words.add("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7))))
    return sorted(words)


@pytest.fixture(scope="module")
def strings():
    return _strings()


@pytest.fixture(scope="module")
def pipelines():
    """healthlint's pipeline and plain spaCy with the same rules (its infixes plus EXTRA_INFIXES)."""
    from spacy.util import compile_infix_regex
    plain = spacy.blank("en")
    plain.tokenizer.infix_finditer = compile_infix_regex(
        list(plain.Defaults.infixes) + list(hl_nlp.EXTRA_INFIXES)).finditer
    return hl_nlp.get_nlp(), plain


def _span(m):
    return None if m is None else (m.start(), m.end())


def test_fast_paths_are_installed(pipelines):
    fast, _ = pipelines
    tok = fast.tokenizer.tokenizer
    for attr in ("prefix_search", "suffix_search", "infix_finditer"):
        assert hasattr(getattr(tok, attr), "full"), attr
        assert getattr(tok, attr).__self__ is getattr(tok, attr).full.__self__   # to_bytes saves the pattern
    assert fast.tokenizer.to_bytes()
    getters = fast.vocab.lex_attr_getters
    from spacy.attrs import LIKE_NUM, IS_PUNCT
    assert getters[LIKE_NUM].__qualname__ == "_like_num.<locals>.like_num"
    assert getters[IS_PUNCT].__qualname__ == "_is_punct.<locals>.is_punct"


def test_affix_searches_match_spacy(pipelines, strings):
    fast, plain = pipelines
    ft, pt = fast.tokenizer.tokenizer, plain.tokenizer
    # every single character (the screens' character sets), then the word list
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for s in chars + [c + "x" for c in chars[:0x3000]] + strings:
        assert _span(ft.prefix_search(s)) == _span(pt.prefix_search(s)), s
        assert _span(ft.suffix_search(s)) == _span(pt.suffix_search(s)), s
        assert [_span(m) for m in ft.infix_finditer(s)] == [_span(m) for m in pt.infix_finditer(s)], s


def test_screen_refuses_rules_it_cannot_analyse():
    assert hl_nlp.affix_screen(["(?i)a"], "$") is None      # flags
    assert hl_nlp.affix_screen(["a*"], "$") is None          # may match the empty string
    assert hl_nlp.affix_screen([r"\w"], "$") is None         # a category, no character set
    screen = hl_nlp.affix_screen([r"(?<=[0-9])(?:km|mg)", r"\.\.+", "'s"], "$")
    assert screen("5mg") and screen("a..") and screen("it's") and not screen("mg") and not screen("naïve")
    assert not screen("5mgx") and not screen("2018")          # a suffix must end with a rule's last char
    prefix = hl_nlp.affix_screen([r"US\$", r"\("], "^")
    assert prefix("US$5") and prefix("(a") and not prefix("a(") and not prefix("xUS$") and not prefix("Under")


def test_tokens_identical_to_plain_spacy(pipelines, strings):
    fast, plain = pipelines
    texts = [VARIED] + [" ".join(strings[i:i + 2000]) for i in range(0, len(strings), 2000)]
    for text in texts:
        got = [t.text for t in fast.tokenizer(text)]
        want = [t.text for t in plain.tokenizer(text)]
        assert got == want


def test_lexeme_attributes_identical(pipelines, strings):
    fast, plain = pipelines
    fg, pg = fast.vocab.lex_attr_getters, plain.vocab.lex_attr_getters
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for attr, getter in fg.items():
        ref = pg[attr]
        if getter is ref:
            continue
        for s in chars + strings:
            assert getter(s) == ref(s), (attr, s)
    # the letters-only shortcuts rest on these facts about every character
    cats = __import__("unicodedata").category
    assert not any(c.isalnum() and cats(c).startswith("P") for c in chars)
    assert not any(c.isalpha() and c.isdigit() for c in chars)
    assert not any(c.isalpha() and re.search(r"\d", c.lower()) for c in chars)


def test_without_the_re_parser_spacys_regexes_stay(monkeypatch):
    """On a Python whose re module has no ``_parser`` (before 3.11) the screens are not installed:
    the tokenizer keeps spaCy's own affix functions and still tokenizes."""
    import sys
    plain = spacy.blank("en")
    before = plain.tokenizer.suffix_search
    monkeypatch.delattr(re, "_parser")
    monkeypatch.setitem(sys.modules, "re._parser", None)
    hl_nlp.install_fast_affixes(plain)
    assert plain.tokenizer.suffix_search == before
    assert [t.text for t in plain("Dr. Smith's cure (30mg).")] == ["Dr.", "Smith", "'s", "cure", "(", "30", "mg", ")", "."]


def test_full_width_stops_end_sentences():
    """Chinese/Japanese put no space after 。！？: each still ends a sentence, so a finding (and
    its deleting fix) covers one sentence, not the paragraph."""
    from healthlint import Linter
    text = "颈部疼痛很常见。喝绿茶可以排毒并治愈癌症！购买 Xanax 2mg 无需处方。\n"
    doc = hl_nlp.get_nlp()(text)
    assert [s.text.strip() for s in doc.sents] == ["颈部疼痛很常见。", "喝绿茶可以排毒并治愈癌症！", "购买 Xanax 2mg 无需处方。"]
    findings = [f for f in Linter().lint_text(text) if f.rule == "HL401"]
    assert findings and all(text[f.start:f.end].startswith("购买") for f in findings)
