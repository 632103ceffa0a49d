"""Gopher-style repetition statistics for scraped pages.

Follows the repetition filter of Rae et al. (2021), "Scaling Language Models: Methods, Analysis &
Insights from Training Gopher", appendix A.1.1 / table A1, as implemented by datatrove's
``GopherRepetitionFilter``: duplicate line and paragraph fractions (by count and by characters),
the character share of the most frequent 2/3/4-gram, and the character share of words inside
duplicated 5..10-grams. ``GOPHER_THRESHOLDS`` are the published values (a document is removed
when any statistic is *above* its threshold).

Speed: words are found with one ``re.findall`` and numbered with numpy; n-grams are compared as
integer codes, never as strings. ``may_exceed`` is a cheap exact gate (upper bounds for the
n-gram shares) so a check computes the full statistics only for pages that can fail.
"""
from __future__ import annotations

import re
from collections import Counter
from operator import mul

import numpy as np

GOPHER_THRESHOLDS: dict[str, float] = {
    "dup_line_frac": 0.30, "dup_para_frac": 0.30,
    "dup_line_char_frac": 0.20, "dup_para_char_frac": 0.20,
    "top_2gram": 0.20, "top_3gram": 0.18, "top_4gram": 0.16,
    "dup_5gram": 0.15, "dup_6gram": 0.14, "dup_7gram": 0.13, "dup_8gram": 0.12,
    "dup_9gram": 0.11, "dup_10gram": 0.10,
}

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_ASCII_WORD = re.compile(r"\w+(?:'\w+)*", re.ASCII)  # the same words in ASCII text, found faster
_GATED = set(GOPHER_THRESHOLDS)
_TOP_NAMES = tuple((n, f"top_{n}gram") for n in (2, 3, 4))
_DUP_NAMES = tuple(f"dup_{n}gram" for n in range(5, 11))
_MULT = np.uint64(0x9E3779B97F4A7C15)


def _duplicates(items: list[str]) -> tuple[int, int]:
    """(number of repeated elements, characters in them) — first occurrences do not count."""
    if len(set(items)) == len(items):
        return 0, 0
    seen: set[str] = set()
    count = chars = 0
    for item in items:
        if item in seen:
            count += 1
            chars += len(item)
        else:
            seen.add(item)
    return count, chars


def _pieces(text: str, sep: str) -> list[str]:
    # same pieces as splitting on runs of "\n" ("\n\n" for paragraphs), stripped, empties dropped
    return list(filter(None, map(str.strip, text.split(sep))))


def _words(text: str) -> list[str]:
    if text.isascii():
        return _ASCII_WORD.findall(text.lower())
    return list(map(str.lower, _WORD.findall(text)))


def _line_stats(text: str, total: int, stats: dict[str, float]) -> None:
    lines = _pieces(text, "\n")
    line_count, line_chars = _duplicates(lines)
    # two equal paragraphs hold two equal (first) lines: without a repeated line no paragraph
    # repeats, and the paragraphs need not be split (both their shares are then 0)
    paras = _pieces(text, "\n\n") if line_count else []
    count, chars = _duplicates(paras)
    stats["dup_para_frac"] = count / len(paras) if paras else 0.0
    stats["dup_para_char_frac"] = chars / total
    stats["dup_line_frac"] = line_count / len(lines) if lines else 0.0
    stats["dup_line_char_frac"] = line_chars / total


def _word_ids(words: list[str]) -> np.ndarray:
    """Dense word numbers (equal words, equal numbers), from the words' string hashes."""
    if not words:
        return np.zeros(0, dtype=np.int64)
    hashes = np.fromiter(map(hash, words), dtype=np.int64, count=len(words))
    uniq, inverse = np.unique(hashes, return_inverse=True)
    if len(uniq) != len(set(words)):  # two words with one hash: number them one by one
        index: dict[str, int] = {}
        return np.fromiter((index.setdefault(w, len(index)) for w in words), dtype=np.int64, count=len(words))
    return inverse.astype(np.int64)


def _gram_ids(gram: np.ndarray, ids: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dense numbers of the n-grams from those of the (n-1)-grams: (ids, first positions, counts)."""
    # the multiplier must exceed every word number too (there can be more words than (n-1)-grams)
    keys = gram[:-1] * (max(int(gram.max()), int(ids.max())) + 1) + ids[n - 1:] if len(gram) > 1 else gram[:0]
    _uniq, first, inverse, counts = np.unique(keys, return_index=True, return_inverse=True, return_counts=True)
    return inverse.astype(np.int64), first, counts


def _top_ngram_chars(words: list[str], gram: np.ndarray, first: np.ndarray, counts: np.ndarray, n: int) -> int:
    """Characters of the most frequent n-gram times its count (first seen wins ties, as Counter)."""
    if not len(counts):
        return 0
    top = int(counts.max())
    p = int(first[counts == top].min())
    return (sum(map(len, words[p:p + n])) + n - 1) * top


def _dup_ngram_chars(words: list[str], candidates: list[int], n: int) -> int:
    """Characters of words covered by n-grams seen before (greedy, non-overlapping, as datatrove).

    Only ``candidates`` (ascending positions, a superset of those whose n-gram occurs twice or
    more) are visited: an n-gram seen once is never "seen before", and skipping it changes nothing.
    """
    seen: set[tuple] = set()
    chars = i = 0
    last = len(words) - n
    for p in candidates:
        if p > last:
            break
        if p < i:
            continue
        gram = tuple(words[p:p + n])
        if gram in seen:
            chars += sum(map(len, gram))
            i = p + n
        else:
            seen.add(gram)
    return chars


def _5gram_hashes(words: list[str], hashes: np.ndarray | None = None) -> np.ndarray:
    """One 64-bit code per 5-gram; equal 5-grams get equal codes (unequal ones almost never do).
    ``hashes``: the words' hash() values if already computed."""
    if hashes is None:
        hashes = np.fromiter(map(hash, words), dtype=np.int64, count=len(words))
    h = hashes.view(np.uint64)  # (integer arrays wrap around without a warning)
    codes = h[:-4] * _MULT + h[1:-3]
    for k in (2, 3, 4):
        codes = codes * _MULT + h[k:len(h) - 4 + k]
    return codes


def _repeated_5gram_positions(words: list[str]) -> list[int]:
    """Ascending positions whose 5-gram may occur twice or more (a superset of the true ones).
    Every repeated n-gram with n >= 5 starts with a repeated 5-gram."""
    if len(words) < 5:
        return []
    codes = _5gram_hashes(words)
    order = codes.argsort(kind="stable")
    ordered = codes[order]
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return []
    dup = np.zeros(len(ordered), dtype=bool)
    dup[1:] |= same
    dup[:-1] |= same
    return np.sort(order[dup]).tolist()


def _later_5gram_positions(words: list[str], hashes: np.ndarray | None = None,
                           all_repeated: bool = False) -> np.ndarray:
    """Positions whose 5-gram may have occurred before (a superset of the true ones), in no order;
    with ``all_repeated`` (cheaper, a looser superset), every position of a repeated 5-gram."""
    if len(words if hashes is None else hashes) < 5:
        return np.zeros(0, dtype=np.int64)
    codes = _5gram_hashes(words, hashes)
    order = codes.argsort()  # not stable (3x faster): each group's first position is found below
    ordered = codes[order]
    same = ordered[1:] == ordered[:-1]
    if not same.any():
        return np.zeros(0, dtype=np.int64)
    if all_repeated:
        return np.concatenate([order[1:][same], order[:-1][same]])  # (some twice)
    follows = np.concatenate(([False], same))  # equal to the code before it in sorted order
    dup = follows.copy()
    dup[:-1] |= same
    positions, new = order[dup], ~follows[dup]  # the repeated codes' positions, group by group
    firsts = np.minimum.reduceat(positions, new.nonzero()[0])
    return positions[positions != firsts[new.cumsum() - 1]]


def repetition_stats(text: str) -> dict[str, float]:
    text = text.strip()
    total = len(text) or 1
    stats: dict[str, float] = {}
    _line_stats(text, total, stats)
    words = _words(text)
    ids = _word_ids(words)
    gram = ids
    for n in (2, 3, 4):
        if len(gram) > 1:
            gram, first, counts = _gram_ids(gram, ids, n)
            stats[f"top_{n}gram"] = _top_ngram_chars(words, gram, first, counts, n) / total
        else:
            stats[f"top_{n}gram"] = 0.0
    candidates = _repeated_5gram_positions(words)
    for n in range(5, 11):
        stats[f"dup_{n}gram"] = _dup_ngram_chars(words, candidates, n) / total if candidates else 0.0
    stats["words"] = len(words)
    return stats


def may_exceed(text: str, thresholds: dict[str, float], min_words: int = 0) -> bool:
    """False only when no statistic of ``repetition_stats(text)`` can be above its threshold
    (or the page has fewer than ``min_words`` words): a cheap exact gate.

    Lines and paragraphs are counted exactly. The top 2/3/4-gram share is first bounded: an
    n-gram seen c times covers, in each of its n slots, at most all occurrences of that slot's
    word, so c * len(gram) <= n * max_w(count(w) * len(w)) + (n - 1) * max_w count(w); it is
    counted only where the bound fails, then a tighter bound from bigram counts (an n-gram is
    no more frequent than each bigram in it) is tried first. Words (``_gate_words``) are found
    with bytes.translate; stand-ins for them only loosen the bounds. Words in duplicated n-grams (n >= 5) lie within n words
    after a later occurrence of a repeated 5-gram, which bounds all six shares at once.
    """
    if set(thresholds) - _GATED:
        return True  # a statistic this gate does not bound
    text = text.strip()
    total = len(text) or 1
    stats: dict[str, float] = {}
    _line_stats(text, total, stats)
    if any(stats[k] > t for k, t in thresholds.items() if k in stats):
        return True
    hashes, lengths, words = _gate_table(text)
    exact = words is not None
    n_words = len(lengths)
    if not n_words or n_words < min_words:
        return False
    # bounds from cheap to exact: word buckets, bigram buckets, exact bigram and word counts
    max_count, max_chars = _bucket_bounds(hashes, lengths)
    counted = False
    pairs = pair_codes = None
    for n, name in _TOP_NAMES:
        t = thresholds.get(name)
        if t is None or n_words < n or (n * max_chars + (n - 1) * max_count) / total <= t:
            continue
        # the n-gram's count is at most that of each bigram in it: bound by bigram counts
        if pairs is None:
            pair_codes = (hashes[:-1].view(np.uint64) * _MULT + hashes[1:].view(np.uint64)).view(np.int64)
            pairs, pairs_exact = _bucket_bounds(pair_codes, lengths[:-1] + lengths[1:] + 1), False
        while True:
            pair_count, pair_chars = pairs
            bound = {2: pair_chars, 3: pair_chars + pair_count + max_chars, 4: 2 * pair_chars + pair_count}[n]
            if bound / total <= t or (n * max_chars + (n - 1) * max_count) / total <= t:
                break
            if not pairs_exact:
                pairs, pairs_exact = _count_bounds(pair_codes, lengths[:-1] + lengths[1:] + 1), True
            elif not counted:
                max_count, max_chars = _count_bounds(hashes, lengths)
                counted = True
            else:
                if not exact:
                    words, exact = _words(text), True
                gram, count = Counter(zip(*(words[k:] for k in range(n)))).most_common(1)[0]
                if (sum(map(len, gram)) + n - 1) * count / total > t:
                    return True
                break
    dup_limits = [thresholds[name] for name in _DUP_NAMES if name in thresholds]
    if not dup_limits:
        return False
    # a duplicated n-gram (n >= 5) at p, seen before at q < p, has its 5-grams at p .. p+n-5 seen
    # at q .. q+n-5 before: its words lie in the 5-word windows of later 5-gram positions (first
    # bounded with the windows of all repeated 5-grams, cheaper to find)
    for all_repeated in (True, False):
        later = _later_5gram_positions(None, hashes, all_repeated)  # stand-ins: a superset
        if not len(later):
            return False
        edges = np.bincount(later, minlength=n_words + 1)
        edges[5:] -= edges[:-5].copy()  # each window [p, p + 5): +1 at p, -1 at p + 5 (p + 5 <= n_words)
        if int(lengths[edges[:n_words].cumsum() > 0].sum()) / total <= min(dup_limits):
            return False
    # the same, n by n: a duplicated n-gram at p has later 5-grams at each of p .. p+n-5
    is_later = np.zeros(n_words, dtype=bool)
    is_later[later] = True
    run = is_later
    for n in range(5, 11):
        if n > 5:
            run = run[:-1] & is_later[n - 5:]
        limit = thresholds.get(_DUP_NAMES[n - 5])
        if limit is None:
            continue
        at = run.nonzero()[0]
        if not len(at):
            break  # no longer run either
        edges = np.bincount(at, minlength=n_words + 1)
        edges[n:] -= edges[:-n].copy()
        if int(lengths[edges[:n_words].cumsum() > 0].sum()) / total > limit:
            return _dup_stats_exceed(words if exact else _words(text), thresholds, total)
    return False


# ASCII characters that are not word characters (\w) nor the apostrophe: word separators
_SEPARATORS = bytes(c if (chr(c).isalnum() or chr(c) in "_'") else 32 for c in range(256))
_LONE_APOSTROPHE = re.compile(rb"'(?![A-Za-z0-9_])")


def _gate_words(text: str) -> tuple[list, bool]:
    """The words of ``_words(text)`` (as bytes), or stand-ins for them: (words, exact).

    Stand-ins come in the same number and order with the same lengths, and equal words have
    equal stand-ins (distinct words may share one: "don’t" and "don't"), so counts and repeats
    of stand-ins bound those of the words from above. ASCII text is split with bytes.translate
    (much faster than the regex); other text first has its non-ASCII separators made spaces,
    ’ made ' and its non-ASCII letters made "x" (a single character in lower case); text with
    other characters uses the regex.
    """
    data, exact = _gate_bytes(text)
    if isinstance(data, list):
        return data, True
    return data.split(), exact


def _gate_bytes(text: str) -> tuple[bytes | list, bool]:
    """``_gate_words``' text before the split: (ASCII bytes whose words, separated by single
    spaces or runs of them, are the words or their stand-ins, exact), or (the words, True)
    when the regex had to be used."""
    exact, original = True, text
    if not text.isascii():
        points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        for c in map(chr, set(points[points > 127].tolist())):  # the distinct non-ASCII ones
            if c == "’":
                text, exact = text.replace(c, "'"), False
            elif not (c.isalnum() or c == "_"):
                text = text.replace(c, " ")
            elif len(c.lower()) == 1:
                text, exact = text.replace(c, "x"), False
            else:
                return _words(original), True
    data = text.encode("ascii").lower().translate(_SEPARATORS)
    if b"'" in data:  # an apostrophe joins words only between two word characters
        data = _LONE_APOSTROPHE.sub(b" ", b" " + data).replace(b" '", b"  ")
    return data, exact


_BASE = 0x100000001B3  # odd: invertible modulo 2**64
_POWERS = np.ones(1, dtype=np.uint64)      # _BASE ** k (wrapping), k = 0 ..
_INVERSES = np.ones(1, dtype=np.uint64)    # _BASE ** -k modulo 2**64


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    global _POWERS, _INVERSES
    if len(_POWERS) < n:
        size = max(n, 2 * len(_POWERS), 1 << 16)
        _POWERS = np.cumprod(np.full(size, _BASE, dtype=np.uint64)) * np.uint64(pow(_BASE, -1, 1 << 64))
        _INVERSES = np.cumprod(np.full(size, pow(_BASE, -1, 1 << 64), dtype=np.uint64)) * np.uint64(_BASE)
    return _POWERS[:n], _INVERSES[:n]


def _gate_table(text: str) -> tuple[np.ndarray, np.ndarray, list | None]:
    """(codes, lengths, words) of ``_gate_words(text)`` without making the words: the codes are
    polynomial hashes of the words' bytes (equal words, equal codes; distinct words may share
    one, which only loosens the bounds), found with numpy over the whole text. ``words``: the
    exact words when available for free (the regex path), else None."""
    data, _exact = _gate_bytes(text)
    if isinstance(data, list):
        if not data:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), data
        return (_gate_codes(data), np.fromiter(map(len, data), dtype=np.int64, count=len(data)), data)
    raw = np.frombuffer(data, dtype=np.uint8)
    n = len(raw)
    inside = np.zeros(n + 2, dtype=bool)
    np.not_equal(raw, 32, out=inside[1:-1])
    edges = (inside[1:] != inside[:-1]).nonzero()[0]  # word starts and ends, alternating
    starts, ends = edges[0::2], edges[1::2]
    if not len(starts):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), None
    powers, inverses = _powers(n)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    (raw * powers).cumsum(out=prefix[1:])  # (uint64: wraps)
    codes = (prefix[ends] - prefix[starts]) * inverses[starts] * _MULT2
    codes ^= codes >> np.uint64(29)
    return codes.view(np.int64), ends - starts, None


_MULT2 = np.uint64(0xD6E8FEB86659FD93)


def _gate_codes(words: list) -> np.ndarray:
    """One 64-bit code per word, equal for equal words; for ``_gate_words``' bytes, made from
    their first 16 bytes at once (distinct words may share a code: that only loosens the bounds)."""
    if not isinstance(words[0], bytes):
        return np.fromiter(map(hash, words), dtype=np.int64, count=len(words))
    raw = np.array(words, dtype="S16").view(np.uint64).reshape(-1, 2)  # longer words: cut
    codes = (raw[:, 0] * _MULT + raw[:, 1]) * _MULT2
    codes ^= codes >> np.uint64(29)
    return codes.view(np.int64)


def _bucket_bounds(hashes: np.ndarray, lengths: np.ndarray) -> tuple[int, int]:
    """Upper bounds of ``_count_bounds`` without a sort: items are put in 4,096 buckets by the top
    bits of their (mixed) codes; a bucket's count and characters bound those of each item in it."""
    key = (hashes.view(np.uint64) >> np.uint64(52)).astype(np.intp)
    return (int(np.bincount(key, minlength=4096).max()),
            int(np.bincount(key, weights=lengths, minlength=4096).max()))


def _count_bounds(hashes: np.ndarray, lengths: np.ndarray) -> tuple[int, int]:
    """(highest count of an item, highest count * length of an item) for items given by their
    hash codes, or upper bounds of them: an item's key is its hash with the low bits replaced by
    its length, so items sharing a key (equal items always do) have one length and are counted
    together."""
    bits = int(lengths.max()).bit_length()
    keys = (hashes & ~((1 << bits) - 1)) | lengths
    keys.sort()
    new = np.empty(len(keys), dtype=bool)
    new[:1] = True
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    firsts = new.nonzero()[0]
    counts = np.empty(len(firsts), dtype=np.int64)
    np.subtract(firsts[1:], firsts[:-1], out=counts[:-1])
    counts[-1:] = len(keys) - firsts[-1:]
    return int(counts.max()), int((counts * (keys[firsts] & ((1 << bits) - 1))).max())


def _dup_stats_exceed(words: list[str], thresholds: dict[str, float], total: int) -> bool:
    candidates = _repeated_5gram_positions(words)
    return bool(candidates) and any(
        _dup_ngram_chars(words, candidates, n) / total > thresholds[f"dup_{n}gram"]
        for n in range(5, 11) if f"dup_{n}gram" in thresholds)


def exceeded(stats: dict[str, float], thresholds: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Statistics above their threshold: {name: (value, threshold)}."""
    return {k: (stats[k], t) for k, t in thresholds.items() if k in stats and stats[k] > t}
