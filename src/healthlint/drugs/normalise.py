"""A normalised copy of the text for drug-name matching, with a map back to the original.

Words are lower-cased, stripped of accents and folded so that look-alikes meet: 0/o, 1/l/i, 5/s,
3/e, 4/a, @/a, $/s. A digit is only read as a letter when it stands alone between letters
("tram4dol", "pain0soma"), never in a strength ("waklert150", "5mg"). Words separated by
spaces, a single line break, a hyphen or a lone dot are joined ("Pain-O-Soma", "pain o soma"
and "painosoma" all read ``palnosoma``); any other punctuation becomes a hard separator, so a
name never runs across a sentence end. ``pos[i]`` is the original offset of canonical char i.
``canon_text`` works on any text (numpy per code point); ``canon_bytes``, the matcher's usual
path, gives the same runs and joins from a few C-level passes over an ASCII byte copy.
"""
from __future__ import annotations

import re
import unicodedata

import numpy

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


def canon_text(text: str) -> tuple[str, "numpy.ndarray", "numpy.ndarray"]:
    """(canonical text, original offset of each canonical char, sorted canonical offsets where a
    space was skipped). Vectorised over the code points with numpy: the rules of ``canon_word``
    applied to all the text's runs of letters/digits at once (the same result as word by word)."""
    codes = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    n = len(codes)
    if not n:
        return "", _EMPTY, _EMPTY
    info, low = _lookup(codes)
    cls = info & _CLASS
    run = cls == _RUNC
    if not run.any():
        return "", _EMPTY, _EMPTY
    _leet_digits(text, info, low, run, n)
    # gaps between runs: spaces (one line break at most) and "-", "'", "." join, others separate
    edges = numpy.flatnonzero(run[1:] != run[:-1]) + 1
    opens = run[edges]
    g1 = edges[opens]                          # runs starting after a gap
    if not run[0]:
        g1 = g1[1:]                            # the text opens with a gap: not between two runs
    if not len(g1):
        return low[run].tobytes().decode("utf-32-le", "surrogatepass"), numpy.flatnonzero(run), _EMPTY
    g0 = edges[~opens][:len(g1)]               # where the run before each of those gaps ends
    # a gap of up to 3 characters is judged from its classes (the run after it reads as 0):
    # 1 soft space, 2 soft mark, 0 hard
    sig = cls[g0] | (cls[g0 + 1] << 3) | (cls[numpy.minimum(g0 + 2, n - 1)] << 6)
    verdict = _GAP_VERDICT.take(sig)
    for k in numpy.flatnonzero(g1 - g0 > 3).tolist():   # longer gaps: only whitespace can join
        verdict[k] = 1 if _JOIN_SPACE.fullmatch(text, int(g0[k]), int(g1[k])) else 0
    hard = g0[verdict == 0]
    keep = run.copy()
    keep[hard] = True
    low[hard] = ord(SEPARATOR)
    pos = numpy.flatnonzero(keep)
    canon = low.take(pos).tobytes().decode("utf-32-le", "surrogatepass")
    # a skipped space's canonical offset: how many kept characters come before the run after it
    return canon, pos, pos.searchsorted(g1[verdict == 1])


def _leet_digits(text: str, info, low, run, n: int) -> None:
    """Read 0/1/3/4/5 as letters when alone between letters of one word ("tram4dol"), never in a
    number or a strength ("waklert150", "5mg"); ``low`` is changed in place."""
    at = numpy.flatnonzero(info & _LEETBIT)
    if not len(at):
        return
    # the neighbours' bits (letter/digit bits are only ever set on run characters)
    left = info[at - 1]
    if at[0] == 0:
        left[0] = 0                 # no character before
    right = info[numpy.minimum(at + 1, n - 1)]
    if at[-1] == n - 1:
        right[-1] = 0               # no character after
    both = left | right
    ok = ((both & _DIGIT) == 0) & ((both & _ALPHA) != 0)
    if not ok.any():
        return
    l_alpha = (left & _ALPHA) != 0
    for i, after_letter in zip(at[ok].tolist(), l_alpha[ok].tolist()):
        if not after_letter:
            j = i + 1
            while j < n and run[j]:
                j += 1
            if _UNIT_AFTER.match("".join(map(_pre_fold, text[i + 1:j]))):
                continue        # "5mg"
        low[i] = _LEET_CODES[int(low[i])]


# -- tables for canon_text: per code point, packed in one uint32, a bit field (class, letter,
# digit, leet digit: bits 24-31) and the folded code point (the letters of ``canon_word``);
# a direct table for ASCII, one for the Basic Multilingual Plane (filled for the code points
# seen; Latin letters with accents up front), a dict of the distinct code points seen beyond ------------
_CLASS, _ALPHA, _DIGIT, _LEETBIT = 7, 8, 16, 32
_RUNC, _SP, _TAB, _NL, _MARK, _DOT, _OTHER = range(7)
_EMPTY = numpy.zeros(0, dtype=numpy.int64)
_LEET_CODES = {ord(c): ord(_LEET[c]) for c in "01345"}
_TABLE_SIZE = 0x250         # Latin letters with accents
_FINAL = {"@": "a", "$": "s", "|": "l", "i": "l", "ı": "l", "í": "l", "ï": "l"}
_CODE = (1 << 24) - 1


def _gap_verdicts():
    """Per gap signature (3 bits per class, up to 3 characters, the run after the gap reads as 0):
    1 = soft space (spaces/tabs, one line break at most), 2 = soft mark (one dot; one mark, alone or
    between single spaces), 0 = a hard separator. Signatures with 3 gap characters hold for gaps
    of exactly 3 (longer ones are read from the text)."""
    out = numpy.zeros(512, dtype=numpy.uint8)
    for sig in range(512):
        chars = []
        for k in range(3):
            c = (sig >> (3 * k)) & 7
            if c == _RUNC:
                break
            chars.append(c)
        if not chars:
            continue
        glen = len(chars)
        spaces = all(c in (_SP, _TAB, _NL) for c in chars) and chars.count(_NL) <= 1
        mark = (glen == 1 and chars[0] == _DOT) or (
            chars.count(_MARK) == 1 and chars.count(_SP) == glen - 1 and (glen < 3 or chars[1] == _MARK))
        out[sig] = 1 if spaces else (2 if mark else 0)
    return out


def _pre_fold(c: str) -> str:
    """One character as ``canon_word`` reads it before the look-alike folds."""
    return c.lower() if c.isascii() else _fold_char(c.lower()[:1] or c)


def _char_info(code: int) -> int:
    c = chr(code)
    if c.isalnum() or c in "@$|":
        low = _pre_fold(c)
        bits = _RUNC | (_LEETBIT if low in "01345" else 0)
        out = _FINAL.get(low, low)
    else:
        low = out = c
        bits = {" ": _SP, "\t": _TAB, "\u00a0": _TAB, "\n": _NL, ".": _DOT}.get(c, _OTHER)
        if c in "-‐–_'’·":
            bits = _MARK
    # letter/digit as the leet rule sees the character (before "@" -> "a" ...)
    bits |= (_ALPHA if low.isalpha() else 0) | (_DIGIT if low.isdigit() else 0)
    return (bits << 24) | ord(out)


def _table(size: int):
    return numpy.array([_char_info(i) for i in range(size)], dtype=numpy.uint32)


_ASCII_TABLE = _table(128)
_GAP_VERDICT = _gap_verdicts()
_BMP_SIZE = 0x10000
_UNSEEN = 0xFFFFFFFF        # no code point packs to this (its bit field would be 0xFF)
_bmp: list = []             # [direct table of the Basic Multilingual Plane, filled as code points are seen]
_beyond: dict[int, int] = {}


def _bmp_table():
    if not _bmp:
        table = numpy.full(_BMP_SIZE, _UNSEEN, dtype=numpy.uint32)
        table[:_TABLE_SIZE] = _table(_TABLE_SIZE)
        _bmp.append(table)
    return _bmp[0]


def _lookup(codes):
    """(bit fields, folded code points) of ``codes``."""
    top = int(codes.max())
    if top < 128:
        packed = _ASCII_TABLE.take(codes)
    else:
        table = _bmp_table()
        far = codes >= _BMP_SIZE if top >= _BMP_SIZE else None
        packed = table.take(codes if far is None else numpy.where(far, 0, codes))
        unseen = packed == _UNSEEN
        if unseen.any():
            for code in set(codes[unseen].tolist()):   # (numpy.unique's first call imports numpy.ma: 0.1 s)
                table[code] = _char_info(code)
            packed[unseen] = table.take(codes[unseen])
        if far is not None:
            at = numpy.flatnonzero(far)
            distinct, inverse = numpy.unique(codes[at], return_inverse=True)
            rows = [_beyond.get(code) or _beyond.setdefault(code, _char_info(code)) for code in distinct.tolist()]
            packed[at] = numpy.array(rows, dtype=numpy.uint32)[inverse]
    return packed >> 24, packed & _CODE


# -- the matcher's canonical text, quickly (``canon_bytes``) ------------------------------------
# The same runs and joins as ``canon_text``, computed with a few C-level passes over an ASCII
# byte copy of the text instead of numpy per code point (which cost ~100 us per document, mostly
# the fixed cost of ~30 array operations). Two differences, which the matcher allows for: a hard
# gap may give more than one SEPARATOR (a key never holds one, except at its end: see
# ``matcher``), and the map back to the original offsets is built only for the characters kept.
_GAP_CODES = b" \t\n-."         # the gap characters a soft join drops (one byte per class)


def _lower_bytes() -> bytes:
    """Per byte: letters lower-cased ("@$|" and "i" kept for the look-alike rule), digits kept,
    gap characters by class: " ", "\\t", "\\n", "." as they are, marks "-", the rest HARD."""
    out = bytearray(256)
    for b in range(256):
        c = chr(b)
        if b < 128 and (c.isalnum() or c in "@$|"):
            out[b] = ord(c.lower())
        elif c in " \t\n.":
            out[b] = b
        elif c in "-_'":
            out[b] = ord("-")
        else:
            out[b] = HARD
    return bytes(out)


HARD = ord("/")                 # a hard gap's characters, in ``canon_bytes``'s classes (> every gap code)
_LOWER_BYTES = _lower_bytes()
_FOLD_BYTES = bytes.maketrans(b"i@$|", b"lasl")    # then the look-alike folds
_NON_ASCII_CLASS = {"\u00a0": "\t", "\u2010": "-", "\u2013": "-", "\u2019": "-", "\u00b7": "-"}
# a digit read as a letter (see canon_word): after a letter, or before one unless what follows
# is a unit ("5mg"); never next to another digit
_LEET_AT = re.compile(rb"[01345](?:(?<=[a-z][01345])(?![0-9])|(?<![a-z0-9][01345])(?=[a-z])"
                      rb"(?!(?:mg|mcg|ml|g)(?![a-z0-9@$|])))")
# such a digit stands next to a letter: letters -> "a", 0/1/3/4/5 -> "1", the rest -> " "
_DIGIT_NEAR_LETTER = re.compile(rb"1(?:(?=a)|(?<=a1))")
_LEET_NEAR = bytes.maketrans(b"abcdefghijklmnopqrstuvwxyz01345", b"a" * 26 + b"11111").translate(
    bytes.maketrans(bytes(range(256)), bytes(b if b in b"a1" else 32 for b in range(256))))
_LEET_BYTES = {ord(c): ord(_LEET[c]) for c in "01345"}
# gap characters that make their gap hard, marked SEPARATOR (soft: one dot between two runs; one
# mark, alone or with single spaces, between two runs; whitespace with one line break at most)
_HARD_DOT = re.compile(rb"\.(?:(?![a-z0-9])|(?<![a-z0-9]\.))")
_HARD_MARK = re.compile(rb"-(?:(?![a-z0-9]| [a-z0-9])|(?<![a-z0-9]-)(?<![a-z0-9] -))")
_HARD_LINE = re.compile(rb"\n(?=[ \t]*\n)")
_GAP_TOP = max(_GAP_CODES)      # the classes kept (runs, HARD) are the bytes above it
_HARD_TO_SEPARATOR = bytes.maketrans(b"/", SEPARATOR.encode())
_TRAILING_GAP = bytes(b for b in range(256) if not (48 <= b < 58 or 97 <= b < 123))
_NON_ASCII_LIMIT = 400           # beyond this many non-ASCII characters: ``canon_text``


def canon_bytes(text: str):
    """(canonical text, original offset of each canonical char, gap classes) or None when the
    text has letters that do not fold to ASCII (use ``canon_text`` then). The canonical text
    differs from ``canon_text``'s only in how many SEPARATORs a hard gap leaves (at least one);
    ``classes`` (bytes, one per character of ``text``) holds ``[a-z0-9]`` for the characters of
    runs (folded), SEPARATOR and " \\t\\n-." for gap characters (the last five always dropped)."""
    if text.isascii():
        raw = text.encode("ascii")
    else:
        raw = bytearray(text.encode("ascii", "replace"))
        if raw.count(b"?") - text.count("?") > _NON_ASCII_LIMIT:
            return None
        at = raw.find(b"?")
        while at != -1:
            c = text[at]
            if c != "?":
                if c.isalnum():
                    low = _pre_fold(c)
                    if not (len(low) == 1 and low.isascii() and low.isalnum()) or low.isupper():
                        return None     # (an upper-case fold, "𝕏" -> "X", stays upper case)
                    raw[at] = ord(low)
                else:
                    raw[at] = ord(_NON_ASCII_CLASS.get(c, "/"))
            at = raw.find(b"?", at + 1)
    low = raw.translate(_LOWER_BYTES)
    leet = [m.start() for m in _DIGIT_NEAR_LETTER.finditer(low.translate(_LEET_NEAR)) if _LEET_AT.match(low, m.start())]
    if leet:
        low = bytearray(low)
        for i in leet:
            low[i] = _LEET_BYTES[low[i]]
    classes = low.translate(_FOLD_BYTES)
    if b"." in classes:
        classes = _HARD_DOT.sub(b"/", classes)
    if b"-" in classes:
        classes = _HARD_MARK.sub(b"/", classes)
    if b"\n" in classes:
        classes = _HARD_LINE.sub(b"/", classes)
    classes = bytes(classes)
    body = classes.rstrip(_TRAILING_GAP)      # a gap after the last run joins nothing
    pos = numpy.flatnonzero(numpy.frombuffer(body, dtype=numpy.uint8) > _GAP_TOP)
    return body.translate(_HARD_TO_SEPARATOR, _GAP_CODES).decode("ascii"), pos, classes
