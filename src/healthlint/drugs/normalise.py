"""A normalised copy of the text for drug-name matching, with a map back to the original.

Words are lower-cased, stripped of accents and folded so that look-alikes meet: 0/o, 1/l/i, 5/s,
3/e, 4/a, @/a, $/s. A digit is only read as a letter when it stands alone between letters
("tram4dol", "pain0soma"), never in a strength ("waklert150", "5mg"). Words separated by
spaces, a single line break, a hyphen or a lone dot are joined ("Pain-O-Soma", "pain o soma"
and "painosoma" all read ``palnosoma``); any other punctuation becomes a hard separator, so a
name never runs across a sentence end. ``pos[i]`` is the original offset of canonical char i.
"""
from __future__ import annotations

import re
import unicodedata

_RUN = re.compile(r"(?:[^\W_]|[@$|])+")
_JOIN_SPACE = re.compile(r"[ \t\u00a0]*\n?[ \t\u00a0]*")
_JOIN_MARK = re.compile(r" ?[-‐–_'’·] ?|\.")
_UNIT_AFTER = re.compile(r"(?:mg|mcg|ml|g)$")
_LEET = {"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "@": "a", "$": "s", "|": "l"}
_FOLD = str.maketrans({"i": "l", "ı": "l", "í": "l", "ï": "l"})
SEPARATOR = "#"


def _fold_char(c: str) -> str:
    if c.isascii():
        return c
    base = unicodedata.normalize("NFKD", c)[:1]
    return base if base and base.isalnum() else c


def canon_word(word: str) -> str:
    """The canonical form of one run of letters/digits (same length as ``word``)."""
    if word.isascii():
        low = word.lower()
    else:  # one char for one char, so offsets stay aligned ("İ".lower() has two)
        low = "".join(_fold_char(c.lower()[:1] or c) for c in word)
    if any(c in _LEET for c in low):
        chars = list(low)
        n = len(chars)
        for i, c in enumerate(chars):
            if c not in _LEET:
                continue
            if c.isdigit():
                left = low[i - 1] if i else ""
                right = low[i + 1] if i + 1 < n else ""
                if left.isdigit() or right.isdigit():
                    continue        # part of a number
                if not (left.isalpha() or right.isalpha()):
                    continue
                if _UNIT_AFTER.match(low[i + 1:]) and not left.isalpha():
                    continue        # "5mg"
            chars[i] = _LEET[c]
        low = "".join(chars)
    return low.translate(_FOLD)


def canon_text(text: str) -> tuple[str, list[int], set[int]]:
    """(canonical text, original offset of each canonical char, offsets where a space was skipped)."""
    parts: list[str] = []
    pos: list[int] = []
    spaces: set[int] = set()
    length = 0
    prev_end = None
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
    return "".join(parts), pos, spaces
