"""Cue phrases (``rules/lexicons/promotion_cues.yaml``) found in a sentence, by kind."""
from __future__ import annotations

import functools
import re

import yaml

from ..resources import lexicon_path

SCORED = ("efficacy", "endorsement", "commerce", "no_prescription", "neutral", "caution")


class Cues:
    def __init__(self, data: dict):
        self.weights: dict[str, float] = {}
        self.caps: dict[str, float] = {}
        self.patterns: dict[str, re.Pattern] = {}
        for kind, spec in data.items():
            phrases = [p for p in spec.get("phrases") or []]
            if not phrases:
                continue
            if kind.startswith("reference"):
                self.patterns[kind] = re.compile("|".join(f"(?:{p})" for p in phrases), re.IGNORECASE)
            else:
                self.patterns[kind] = _word_pattern(phrases)
            if "weight" in spec:
                self.weights[kind] = float(spec["weight"])
            if "cap" in spec:
                self.caps[kind] = float(spec["cap"])

    def find(self, kind: str, text: str) -> list[str]:
        pattern = self.patterns.get(kind)
        return [m.group(0) for m in pattern.finditer(text)] if pattern else []

    def search(self, kind: str, text: str) -> bool:
        pattern = self.patterns.get(kind)
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


@functools.lru_cache(maxsize=1)
def load_cues() -> Cues:
    return Cues(yaml.safe_load(lexicon_path("promotion_cues.yaml").read_text(encoding="utf-8")) or {})
