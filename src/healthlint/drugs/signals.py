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
                self.patterns[kind] = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in phrases) + r")\b",
                                                 re.IGNORECASE)
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


@functools.lru_cache(maxsize=1)
def load_cues() -> Cues:
    return Cues(yaml.safe_load(lexicon_path("promotion_cues.yaml").read_text(encoding="utf-8")) or {})
