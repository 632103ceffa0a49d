"""Gopher-style repetition statistics for scraped pages.

Follows the repetition filter of Rae et al. (2021), "Scaling Language Models: Methods, Analysis &
Insights from Training Gopher", appendix A.1.1 / table A1, as implemented by datatrove's
``GopherRepetitionFilter``: duplicate line and paragraph fractions (by count and by characters),
the character share of the most frequent 2/3/4-gram, and the character share of words inside
duplicated 5..10-grams. ``GOPHER_THRESHOLDS`` are the published values (a document is removed
when any statistic is *above* its threshold).
"""
from __future__ import annotations

import re
from collections import Counter

GOPHER_THRESHOLDS: dict[str, float] = {
    "dup_line_frac": 0.30, "dup_para_frac": 0.30,
    "dup_line_char_frac": 0.20, "dup_para_char_frac": 0.20,
    "top_2gram": 0.20, "top_3gram": 0.18, "top_4gram": 0.16,
    "dup_5gram": 0.15, "dup_6gram": 0.14, "dup_7gram": 0.13, "dup_8gram": 0.12,
    "dup_9gram": 0.11, "dup_10gram": 0.10,
}

_PARA = re.compile(r"\n{2,}")
_LINE = re.compile(r"\n+")
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def _duplicates(items: list[str]) -> tuple[int, int]:
    """(number of repeated elements, characters in them) — first occurrences do not count."""
    seen: set[str] = set()
    count = chars = 0
    for item in items:
        if item in seen:
            count += 1
            chars += len(item)
        else:
            seen.add(item)
    return count, chars


def _top_ngram_chars(words: list[str], n: int) -> int:
    grams = Counter(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    if not grams:
        return 0
    gram, count = grams.most_common(1)[0]
    return len(gram) * count


def _dup_ngram_chars(words: list[str], n: int) -> int:
    """Characters of words covered by n-grams seen before (greedy, non-overlapping, as datatrove)."""
    seen: set[tuple] = set()
    chars = i = 0
    while i < len(words) - n + 1:
        gram = tuple(words[i:i + n])
        if gram in seen:
            chars += sum(len(w) for w in gram)
            i += n
        else:
            seen.add(gram)
            i += 1
    return chars


def repetition_stats(text: str) -> dict[str, float]:
    text = text.strip()
    total = len(text) or 1
    stats: dict[str, float] = {}
    paras = [p.strip() for p in _PARA.split(text) if p.strip()]
    lines = [ln.strip() for ln in _LINE.split(text) if ln.strip()]
    for name, items in (("para", paras), ("line", lines)):
        count, chars = _duplicates(items)
        stats[f"dup_{name}_frac"] = count / len(items) if items else 0.0
        stats[f"dup_{name}_char_frac"] = chars / total
    words = [w.lower() for w in _WORD.findall(text)]
    for n in (2, 3, 4):
        stats[f"top_{n}gram"] = _top_ngram_chars(words, n) / total
    for n in range(5, 11):
        stats[f"dup_{n}gram"] = _dup_ngram_chars(words, n) / total
    stats["words"] = len(words)
    return stats


def exceeded(stats: dict[str, float], thresholds: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Statistics above their threshold: {name: (value, threshold)}."""
    return {k: (stats[k], t) for k, t in thresholds.items() if k in stats and stats[k] > t}
