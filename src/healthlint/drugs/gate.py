"""A cheap test that a text cannot hold an exact drug-name match of ``matcher.find_mentions``
(most health news names no drug), decided per whitespace-separated chunk with a cache.

``normalise.canon_text`` joins letter/digit runs across a soft mark ("Pain-O-Soma", "pain - soma",
"U.S.") or whitespace (one line break at most); any other gap is a hard separator. So a name found
by the matcher either lies inside one chunk of ``text.split()``, or crosses the whitespace between
two chunks (whitespace alone, or one mark beside it: "pain -soma", "pain – soma"). A candidate
starts where the matcher's start filter allows (a run's start, after "@", "$", "|", or after a glued
commerce word: "buyaspadol") and, inside one chunk, ends where its end filter allows. Across
whitespace the part before it must be a key's part before one of its word breaks (or any beginning
of a curated name of 8+ letters); across a mark, any beginning of a key.

``Gate.may_match`` is False only when no chunk and no pair of neighbouring chunks can hold such a
candidate: a superset of the matcher's test, so skipping the full search changes no result.
"""
from __future__ import annotations

import bisect
import functools
import re

from .lexicon import DrugLexicon
from .normalise import canon_text

_RUN = re.compile(r"(?:[^\W_]|[@$|])+")
_SIMPLE = re.compile(r"[^\w@$|]*([A-Za-z]+)[^\w@$|]*\Z")
MARKS = "-‐–_'’·"


def _runchar(c: str) -> bool:
    return c.isalnum() or c in "@$|"


class Gate:
    def __init__(self, lexicon: DrugLexicon, glued: set[str]):
        self.keys = set(lexicon.keys)
        self.sorted_keys = sorted(self.keys)
        self.lengths = sorted({len(k) for k in self.keys})
        self.glued = set(glued)
        # u -> rests: the key after an allowed word break at len(u)
        space: dict[str, set] = {}
        for key, info in lexicon.keys.items():
            if info.entry.curated and len(key) >= 8:
                cuts = range(1, len(key))
            elif info.breaks:
                cuts = [b for b in info.breaks if 0 < b < len(key)]
            else:
                continue
            for b in cuts:
                space.setdefault(key[:b], set()).add(key[b:])
        self.space = space
        self.chunks: dict[str, tuple] = {}             # every chunk seen -> what it may hold
        self.single: set[str] = set()                   # chunks holding a whole name
        self.tailed: set[str] = set()                   # chunks a name may run out of
        self.tailed_space: set[str] = set()             # ... across whitespace alone
        self.firsts: set[tuple[str, str]] = set()        # ... into a chunk beginning so (see scan)
        self.mark_end: set[str] = set()                 # tailed chunks ending in a mark ("pain-")
        self.mark_lead: set[str] = set()                # chunks beginning with a mark, or one mark
        self.pairs: dict[tuple, bool] = {}

    def scan(self, text: str):
        """True: a name may cross the whitespace between chunks (search the whole text); else the
        set of chunks of ``text.split()`` that may hold a whole name (empty: no name can be there)."""
        chunks = text.split()
        distinct = set(chunks)
        for ch in distinct.difference(self.chunks):
            self._chunk(ch)
        space = self.tailed_space
        marks = not (self.mark_lead.isdisjoint(distinct) and self.mark_end.isdisjoint(distinct))
        if space.isdisjoint(distinct) and not marks:
            return distinct & self.single
        cache, firsts, pair = self.chunks, self.firsts, self._pair
        mark_end, mark_lead, tailed = self.mark_end, self.mark_lead, self.tailed
        for a, b, c in zip(chunks, chunks[1:], chunks[2:] + [""]):
            if a in space:      # whitespace between: only a key's part before a word break may end a
                lead = cache[b][4]
                if ((a, lead[:2]) in firsts or (a, lead[:1] + "*") in firsts) and pair(a, b, c):
                    return True
            if marks and (a in mark_end or (b in mark_lead and a in tailed)) and pair(a, b, c):
                return True
        return distinct & self.single

    def may_match(self, text: str) -> bool:
        where = self.scan(text)
        return where is True or bool(where)

    def _pair(self, a: str, b: str, c: str) -> bool:
        """Can a name run from chunk ``a`` into ``b`` (or, past a lone mark ``b``, into ``c``)?"""
        cache = self.chunks
        ia, ib = cache[a], cache[b]
        if ib[3] == "joiner":                           # "pain – soma"
            ic = cache.get(c)
            return ia[1] == "run" and ic is not None and ic[3] == "run" and self._joins(ia, ic, True)
        return bool(ib[3]) and self._joins(ia, ib, False)

    def _joins(self, prev, info, joiner: bool) -> bool:
        end_kind, lead_kind = prev[1], info[3]
        if joiner and lead_kind != "run":
            return False
        mark = joiner or end_kind == "mark" or lead_kind == "mark"
        if end_kind == "mark" and lead_kind == "mark":
            return False
        key = (prev[2], info[4], mark)
        found = self.pairs.get(key)
        if found is None:
            found = any(self._compatible(u, info[4], mark) for u in prev[2])
            if len(self.pairs) < 200_000:
                self.pairs[key] = found
        return found

    def _compatible(self, u: str, lead: str, mark: bool) -> bool:
        """Can a key begin with ``u`` and go on with ``lead`` (or end inside it) across the gap?"""
        if not lead:
            return False
        if mark:   # any split: u + lead begins a key, or a key longer than u begins it
            s = u + lead
            i = bisect.bisect_left(self.sorted_keys, s)
            if i < len(self.sorted_keys) and self.sorted_keys[i].startswith(s):
                return True
            return any(s[:n] in self.keys for n in self.lengths if len(u) < n <= len(s))
        return any(r.startswith(lead) or lead.startswith(r) for r in self.space.get(u, ()))

    def _chunk(self, ch: str) -> tuple:
        """(a name inside, how it ends: run|mark|None, the canonical tails a name may start with
        and go on past its end, how it begins: run|mark|joiner|None, its canonical lead)"""
        simple = _SIMPLE.match(ch)
        if simple:      # letters alone (punctuation around): what canon_text gives, quickly
            canon = simple.group(1).lower().replace("i", "l")
            pos = list(range(simple.start(1), simple.end(1)))
        else:
            canon, pos, _ = canon_text(ch)
            pos = pos.tolist()
        starts = self._starts(ch, pos)
        single = False
        tails = set()
        for p in starts:
            u = canon[p:]
            seg = u.split("#", 1)[0]
            for n in self.lengths:
                if single or n > len(seg):
                    break
                if seg[:n] in self.keys:
                    end = pos[p + n - 1] + 1          # original offset after the key
                    if end >= len(ch) or not ch[end].isalpha() or ch[end:end + 2].lower() == "mg":
                        single = True
            if seg == u:
                tails.add(u)
        n = len(ch)
        if _runchar(ch[-1]):
            end_kind = "run"
        elif n > 1 and ch[-1] in MARKS and _runchar(ch[-2]):
            end_kind = "mark"
        else:
            end_kind = None
        if end_kind is None:
            tails = set()
        else:
            tails = {u for u in tails if u in self.space or self._begins_key(u)}
        if _runchar(ch[0]):
            lead_kind = "run"
        elif n == 1 and ch in MARKS:
            lead_kind = "joiner"
        elif n > 1 and ch[0] in MARKS and _runchar(ch[1]):
            lead_kind = "mark"
        else:
            lead_kind = None
        lead = canon.split("#", 1)[0] if lead_kind in ("run", "mark") else ""
        # only strings and flags: the garbage collector need not track thousands of these
        info = (single, end_kind, tuple(sorted(tails)), lead_kind, lead)
        self.chunks[ch] = info
        if single:
            self.single.add(ch)
        if tails:
            self.tailed.add(ch)
            if end_kind == "mark":
                self.mark_end.add(ch)
            heads = [u for u in tails if u in self.space]
            if heads and end_kind == "run":
                self.tailed_space.add(ch)
                for r in (r for u in heads for r in self.space[u]):
                    self.firsts.update(((ch, r[:2]), (ch, r[0])) if len(r) > 1 else ((ch, r), (ch, r + "*")))
        if lead_kind in ("mark", "joiner"):
            self.mark_lead.add(ch)
        return info

    def _begins_key(self, u: str) -> bool:
        """Is ``u`` the beginning of a longer key?"""
        i = bisect.bisect_right(self.sorted_keys, u)
        return i < len(self.sorted_keys) and self.sorted_keys[i].startswith(u)

    def _starts(self, chunk: str, pos: list[int]) -> list[int]:
        """Canonical offsets where the matcher's start filter lets a name begin."""
        at = {o: c for c, o in enumerate(pos)}          # original offset -> canonical offset
        out = set()
        for m in _RUN.finditer(chunk):
            s, e = m.span()
            out.add(at[s])
            stretch = s                                 # start of the current run of alphanumerics
            for i in range(s, e):
                if not chunk[i].isalnum():
                    if i + 1 < e:
                        out.add(at[i + 1])
                    stretch = i + 1
                elif i + 1 < e and chunk[stretch:i + 1].lower() in self.glued:
                    out.add(at[i + 1])
        return sorted(out)


@functools.lru_cache(maxsize=2)
def gate_for(lexicon: DrugLexicon, glued: frozenset) -> Gate:
    return Gate(lexicon, set(glued))
