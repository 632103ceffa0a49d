"""Hyphenation points of many words at once: Liang's algorithm as pyphen runs it.

textstat counts a word missing from the CMU dictionary as pyphen's en_US hyphenation points + 1.
pyphen tries every substring of ".word." against ~11,000 patterns in Python; here the words of a
batch are joined and every pattern occurrence is found in one pass by an Aho-Corasick automaton
(ahocorasick-rs, as for drug names); the patterns' digits are then applied in one loop.

The patterns file is read with numpy too (one pass over its characters, no Python step per
pattern), so loading takes a few milliseconds where pyphen's reader takes ~35.
"""
from __future__ import annotations

import re

import ahocorasick_rs
import numpy

IGNORED = ("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN", "COMPOUNDRIGHTHYPHENMIN")
_UNSUPPORTED = re.compile(r"\^\^|/|\d\d|[^\D0-9]")  # ^^hh escapes, alternatives, digit pairs, other digits


def pattern_lines(raw: bytes) -> list[str] | None:
    """The pattern lines of a hyph_*.dic as pyphen.HyphDict reads them (stripped, comments and
    settings skipped); None when a line uses syntax handled here only by pyphen itself."""
    encoding, _, body = raw.partition(b"\n")
    encoding = encoding.decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    lines = [line for line in map(str.strip, body.decode(encoding).split("\n")) if line and not line.startswith(IGNORED)]
    return None if _UNSUPPORTED.search("\n".join(lines)) else lines


def lines_of(patterns: dict) -> list[str]:
    """Pattern lines from pyphen's parsed form {letters: (start, values)} (for its own reader's output)."""
    lines = []
    for key, (start, values) in patterns.items():
        digits = [0] * start + [int(v) for v in values] + [0] * (len(key) + 1)
        lines.append("".join(f"{d or ''}{ch}" for d, ch in zip(digits, key)) + str(digits[len(key)] or ""))
    return lines


_ODD = bytes(i & 1 for i in range(256))


class Patterns:
    """Liang patterns (from pattern lines such as ``.ad4der``): an automaton finding them, and
    their digits as numpy arrays grouped by pattern."""

    def __init__(self, lines: list[str]) -> None:
        joined = "\n".join(lines) + "\n"
        cp = numpy.frombuffer(joined.encode("utf-32-le"), dtype=numpy.uint32)
        digit = (cp >= 48) & (cp <= 57)
        at = numpy.flatnonzero(~digit)  # every letter, and the newline after each pattern's last one
        before = numpy.zeros(len(at), dtype=numpy.int64)  # the digit before it (0 if none)
        has = at > 0
        has[has] = digit[at[has] - 1]
        before[has] = cp[at[has] - 1].astype(numpy.int64) - 48
        newline = cp[at] == 10
        line = numpy.cumsum(newline) - newline          # pattern number of each entry
        first = numpy.flatnonzero(numpy.concatenate(([True], newline[:-1])))  # entry index of each line start
        j = numpy.arange(len(at)) - first[line]          # position in the pattern (a gap before letter j)
        keys = cp[~digit].tobytes().decode("utf-32-le").split("\n")[:-1]  # the letters of each pattern
        # pyphen skips a pattern of zeros only; a repeated pattern replaces the earlier one
        nonzero = numpy.maximum.reduceat(before, first) > 0 if len(first) else numpy.zeros(0, dtype=bool)
        last = {key: i for i, key in enumerate(keys) if nonzero[i]}
        ids = numpy.full(len(keys), -1, dtype=numpy.int64)
        kept = numpy.fromiter(last.values(), dtype=numpy.int64, count=len(last))
        ids[kept] = kept
        # values: (key, gap, value) for the non-zero digits of kept keys, grouped by key
        live = (before > 0) & (ids[line] >= 0)
        self.value_gap, self.value = j[live], before[live]
        counts = numpy.bincount(line[live], minlength=len(keys))
        self.value_start = numpy.concatenate(([0], numpy.cumsum(counts)[:-1]))
        self.value_count = counts
        self.kept = kept
        self.automaton = (ahocorasick_rs.AhoCorasick([keys[i] for i in kept.tolist()])
                          if len(kept) else None)
        # pyphen starts no pattern at the closing "." of ".word.": only a pattern "." could
        self.closing = "." in last
        # the digits as (gap, value) pairs per automaton pattern
        starts, gaps, values = self.value_start.tolist(), self.value_gap.tolist(), self.value.tolist()
        self.pairs = [tuple(zip(gaps[starts[k]:starts[k] + c], values[starts[k]:starts[k] + c]))
                      for k, c in zip(kept.tolist(), self.value_count[kept].tolist())]

    def points(self, words: list[str]) -> list[int]:
        """``len(pyphen.Pyphen(lang=...).positions(word))`` of each word (left and right minimum 2)."""
        if not words or self.automaton is None:
            return [0] * len(words)
        # The digits are applied in plain Python: a batch is a document's new words (~16), where
        # numpy's fixed cost per array operation outweighed the ~10 pattern digits found per word
        # (and even for 126,000 words the loop is faster than converting the matches to arrays).
        pointed = [f".{w.lower()}." for w in words]
        text = "\n".join(pointed)
        level = bytearray(len(text) + 2)
        pairs = self.pairs
        closing = self.closing
        for k, where, end in self.automaton.find_matches_as_indexes(text, overlapping=True):
            if closing and text[where] == "." and (where + 1 == len(text) or text[where + 1] == "\n"):
                continue
            for gap, value in pairs[k]:
                if value > level[where + gap]:
                    level[where + gap] = value
        odd = level.translate(_ODD)
        found = []
        start = 0
        for w, p in zip(words, pointed):  # points after letters 2 .. len(word) - 2
            found.append(odd.count(1, start + 3, max(start + len(w), start + 3)))
            start += len(p) + 1
        return found
