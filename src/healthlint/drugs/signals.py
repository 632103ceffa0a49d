"""Cue phrases (``rules/lexicons/promotion_cues.yaml``) found in a sentence, by kind."""
from __future__ import annotations

import functools
import re

import ahocorasick_rs
import yaml

from ..resources import lexicon_path

SCORED = ("efficacy", "endorsement", "commerce", "no_prescription", "neutral", "caution")


class Cues:
    def __init__(self, data: dict):
        self.weights: dict[str, float] = {}
        self.caps: dict[str, float] = {}
        self._patterns: dict[str, re.Pattern] = {}     # whole kinds, compiled when first used
        self._phrases: dict[str, list[str]] = {}
        # Literal pieces ("atoms") a match of a phrase must contain, as a list of options (one
        # atom of each option occurs in every match). One Aho-Corasick pass over a sentence finds
        # the atoms present; only the phrases they allow are then tried (see ``possible``).
        self._needs: dict[str, list[list[frozenset]]] = {}
        self._users: dict[str, list[tuple[str, int]]] = {}
        self._always: dict[str, set[int]] = {}
        self._compiled: dict[tuple, re.Pattern] = {}
        self._given: dict[frozenset, dict] = {}
        self._atoms = None      # an automaton of every atom (all occurrences, overlapping)
        atoms: set[str] = set()
        for kind, spec in data.items():
            phrases = [p for p in spec.get("phrases") or []]
            if not phrases:
                continue
            self._phrases[kind] = phrases
            self._needs[kind] = [_atom_options(p) if kind in SCORED else [] for p in phrases]
            for i, options in enumerate(self._needs[kind] if kind in SCORED else ()):
                if not options:
                    self._always.setdefault(kind, set()).add(i)
                for atom in options[0] if options else ():
                    self._users.setdefault(atom, []).append((kind, i))
                atoms.update(*options)
            if "weight" in spec:
                self.weights[kind] = float(spec["weight"])
            if "cap" in spec:
                self.caps[kind] = float(spec["cap"])
        if atoms:
            self._atoms = ahocorasick_rs.AhoCorasick(sorted(atoms))

    def possible(self, text: str) -> dict[str, tuple[int, ...]]:
        """Per kind, the phrases that may match in ``text`` (their atoms occur in it); pass them
        to ``find``. Phrases not listed cannot match, so leaving them out changes no match."""
        return self.possible_given(self._present(text.translate(_CASE_EXTRA).lower()))

    def _present(self, low: str) -> set:
        """The atoms occurring in ``low``."""
        if not self._users:
            return set()
        return set(self._atoms.find_matches_as_strings(low, overlapping=True))

    def lowered(self, text: str) -> str | None:
        """``text`` as the atoms are searched in (see ``possible_in``), or None when lower-casing
        changes its length (offsets would not line up)."""
        low = (text.translate(_CASE_EXTRA) if any(c in text for c in _CASE_CHARS) else text).lower()
        return low if len(low) == len(text) else None

    def possible_in(self, low: str, start: int, end: int) -> dict[str, tuple[int, ...]]:
        """``possible(text[start:end])`` from ``low = lowered(text)``, without slicing."""
        return self.possible_given(self._present(low[start:end]))

    def possible_given(self, present: set) -> dict[str, tuple[int, ...]]:
        """``possible`` from the set of atoms present in the text (memoised per set: sentences
        share a few sets; the result is shared too, read it only)."""
        key = frozenset(present)
        found = self._given.get(key)
        if found is None:
            found = self._possible_given(key)
            if len(self._given) < 50_000:
                self._given[key] = found
        return found

    def _possible_given(self, present: frozenset) -> dict[str, tuple[int, ...]]:
        out = {kind: set(idx) for kind, idx in self._always.items()} if self._always else {}
        if self._users:
            users, needs = self._users, self._needs
            for atom in present:
                for kind, i in users.get(atom, ()):
                    if all(not option.isdisjoint(present) for option in needs[kind][i]):
                        out.setdefault(kind, set()).add(i)
        return {kind: tuple(sorted(idx)) for kind, idx in out.items()}

    def find(self, kind: str, text: str, phrases: tuple[int, ...] | None = None) -> list[str]:
        """The hits of ``kind`` in ``text``; with ``phrases`` (from ``possible``), trying only those."""
        if phrases is None:
            pattern = self.pattern(kind)
            return [m.group(0) for m in pattern.finditer(text)] if pattern else []
        if len(phrases) == 1:
            return [m.group(0) for m in self._phrase(kind, phrases[0]).finditer(text)]
        # what ``\b(?:p1|p2|...)\b`` finds: from each position the leftmost match, the first
        # phrase (in the lexicon's order) among those matching there, then on from its end
        patterns = [self._phrase(kind, i) for i in phrases]
        found: list[str] = []
        nxt = [p.search(text) for p in patterns]
        while True:
            starts = [m.start() for m in nxt if m is not None]
            if not starts:
                return found
            first = min(starts)
            m = next(m for m in nxt if m is not None and m.start() == first)
            found.append(m.group(0))
            end = max(m.end(), first + 1)
            nxt = [p.search(text, end) if m2 is not None and m2.start() < end else m2
                   for p, m2 in zip(patterns, nxt)]

    def _phrase(self, kind: str, i: int) -> re.Pattern:
        pattern = self._compiled.get((kind, i))
        if pattern is None:
            pattern = self._compiled[(kind, i)] = re.compile(rf"\b(?:{self._phrases[kind][i]})\b", re.IGNORECASE)
        return pattern

    def pattern(self, kind: str) -> re.Pattern | None:
        """All of a kind's phrases as one pattern (None for an unknown or empty kind)."""
        pattern = self._patterns.get(kind)
        if pattern is None and kind in self._phrases:
            phrases = self._phrases[kind]
            if kind.startswith("reference"):
                pattern = re.compile("|".join(f"(?:{p})" for p in phrases), re.IGNORECASE)
            else:
                pattern = _word_pattern(phrases)
            self._patterns[kind] = pattern
        return pattern

    def search(self, kind: str, text: str) -> bool:
        pattern = self.pattern(kind)
        return bool(pattern and pattern.search(text))

    def score(self, kind: str, hits: list[str]) -> float:
        """One hit counts once, except for the neutral kind (each hit, down to its cap)."""
        if not hits:
            return 0.0
        weight = self.weights.get(kind, 0.0)
        if kind in ("neutral", "caution"):
            return max(self.caps.get(kind, -2.5), weight * len(hits))
        return weight


def _word_pattern(phrases: list[str]) -> re.Pattern:
    """``\\b(?:p1|p2|...)\\b``, case-insensitive, with the phrases grouped by the character they can
    start with behind a one-character lookahead, so most word starts skip most phrases. Each group
    keeps the phrases' order (and every phrase whose first character is unknown), so the matches
    are exactly those of the plain alternation."""
    plain = r"\b(?:" + "|".join(f"(?:{p})" for p in phrases) + r")\b"
    try:
        firsts = [_first_chars(p) for p in phrases]
        groups: dict[str, list[str]] = {}
        for chars in firsts:
            for c in chars or ():
                groups.setdefault(c, [])
        for p, chars in zip(phrases, firsts):
            for c, group in groups.items():
                if chars is None or c in chars:
                    group.append(p)
        branches = [f"(?={re.escape(c)})(?:" + "|".join(f"(?:{p})" for p in group) + ")" for c, group in groups.items()]
        unknown = [p for p, chars in zip(phrases, firsts) if chars is None]
        if unknown:
            branches.append("(?:" + "|".join(f"(?:{p})" for p in unknown) + ")")
        return re.compile(r"\b(?:" + "|".join(branches) + r")\b", re.IGNORECASE)
    except (re.error, ValueError, TypeError, AttributeError):
        return re.compile(plain, re.IGNORECASE)


def _first_chars(phrase: str) -> set[str] | None:
    """The lower-cased characters a match of ``phrase`` can start with (None: cannot tell)."""
    try:
        from re import _constants as c, _parser as parser
    except ImportError:  # Python < 3.11
        import sre_constants as c
        import sre_parse as parser

    def first(items) -> tuple[set[str] | None, bool]:
        chars: set[str] = set()
        for op, av in items:
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue                                # zero width
            if op is c.LITERAL:
                return chars | {chr(av).lower()}, False
            if op is c.IN:
                for o, a in av:
                    if o is c.LITERAL:
                        chars.add(chr(a).lower())
                    elif o is c.RANGE and a[1] - a[0] < 64:
                        chars.update(chr(x).lower() for x in range(a[0], a[1] + 1))
                    else:
                        return None, False
                return chars, False
            if op is c.SUBPATTERN:
                sub, nullable = first(av[-1])
            elif op is c.BRANCH:
                parts = [first(alt) for alt in av[1]]
                if any(p[0] is None for p in parts):
                    return None, False
                sub, nullable = set().union(*(p[0] for p in parts)), any(p[1] for p in parts)
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
                sub, nullable = first(av[2])
                nullable = nullable or av[0] == 0
            else:
                return None, False                      # \\d, \\w, "." ...: could be anything
            if sub is None:
                return None, False
            chars |= sub
            if not nullable:
                return chars, False
        return chars, True

    chars, nullable = first(parser.parse(phrase, re.IGNORECASE))
    return None if chars is None or nullable or not chars else chars


# non-ASCII characters that a case-insensitive pattern matches to an ASCII letter
_CASE_EXTRA = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_CASE_CHARS = "\u0130\u0131\u017f\u212a"


def _atom_options(phrase: str) -> list[frozenset]:
    """Required literal pieces of ``phrase`` (lower case): a list of options, each a set of strings
    one of which every match contains; the most selective option first. [] when none is known."""
    try:
        from re import _constants as c, _parser as parser
    except ImportError:  # Python < 3.11
        import sre_constants as c
        import sre_parse as parser

    def best(options: list[frozenset]) -> frozenset | None:
        return max(options, key=lambda o: min(map(len, o)), default=None)

    def options_of(items) -> list[frozenset]:
        options: list[frozenset] = []
        run = ""
        for op, av in items:
            if op is c.LITERAL and chr(av).isascii():
                run += chr(av).lower()
                continue
            if run:
                options.append(frozenset([run]))
                run = ""
            if op is c.SUBPATTERN:
                options.extend(options_of(av[-1]))
            elif op is c.BRANCH:
                parts = [best(options_of(alt)) for alt in av[1]]
                if all(parts):
                    options.append(frozenset().union(*parts))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
                options.extend(options_of(av[2]))
        if run:
            options.append(frozenset([run]))
        return options

    try:
        options = options_of(parser.parse(phrase, re.IGNORECASE))
    except (re.error, ValueError, TypeError, AttributeError):
        return []
    options.sort(key=lambda o: (-min(map(len, o)), -sum(map(len, o))))   # longest pieces first
    # short pieces ("ed", " of ") occur everywhere: they would cost more to find than they save
    return options[:1] + [o for o in options[1:] if min(len(a.strip()) for a in o) >= 4]


@functools.lru_cache(maxsize=1)
def load_cues() -> Cues:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)     # libyaml when present: 10x faster
    return Cues(yaml.load(lexicon_path("promotion_cues.yaml").read_text(encoding="utf-8"), Loader=loader) or {})
