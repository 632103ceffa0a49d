"""The drug lexicon: ``rules/lexicons/drugs.tsv`` (every known name) enriched by the curated
``rules/lexicons/pharmacy_brands.yaml`` (export brands with aliases, strengths, uses, spam risk).

Each name is reduced to a *key* (see ``normalise.canon_word``) so that spacing, hyphens, case,
look-alike digits and a trailing strength ("aspadol 100mg") do not matter. Several names may
share a key; the curated entry wins.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field


from ..resources import lexicon_path, load_yaml, read_lexicon
from .normalise import canon_word

_TRAILING_STRENGTH = re.compile(r"(?:[\s-]*\d+(?:[.,]\d+)?\s*(?:mg|mcg|ml)?)+$")
MIN_KEY = 4                     # shorter keys match too much by chance
# Words of product-line names that say nothing on their own: a name missing its first word
# ("Ache O Soma") is only matched when what is left still has a distinctive word.
PRODUCT_WORDS = {"oral", "jelly", "super", "extra", "active", "power", "plus", "force", "p", "o", "soft",
                 "strong", "forte", "max", "gold", "pro", "professional", "with", "and", "dose", "low", "high"}


@dataclass
class DrugEntry:
    name: str                   # display name
    ingredient: str
    kind: str = "generic"       # generic | brand
    status: str = "unknown"     # rx | controlled | otc | unknown
    schedule: str = ""
    uses: tuple[str, ...] = ()
    strengths: frozenset = frozenset()
    spam_risk: str = ""         # high | medium | "" (not in the curated list)
    ambiguous: bool = False     # the bare name is also an ordinary word: needs drug context
    curated: bool = False

    @property
    def regulated(self) -> bool:
        return self.status in ("rx", "controlled")

    @property
    def display_name(self) -> str:
        """The name for messages: lexicon keys are lower case, but a brand is written capitalised."""
        if self.kind in ("brand", "alias") and self.name.islower():
            return self.name[:1].upper() + self.name[1:]
        return self.name

    def describe(self) -> str:
        status = {"rx": "prescription-only", "controlled": "controlled substance", "otc": "over the counter"}
        text = status.get(self.status, "regulatory status not on file")
        if self.schedule:
            text += f", US Schedule {self.schedule[1:] if self.schedule.startswith('C') else self.schedule}"
        return text


@dataclass
class Key:
    entry: DrugEntry
    breaks: set = field(default_factory=set)   # canonical offsets where the written name had a space
    partial: bool = False                      # a multiword name missing its first word


def _strip_strength(name: str) -> str:
    stripped = _TRAILING_STRENGTH.sub("", name.strip().lower())
    return stripped or name.strip().lower()


def _breaks(name: str) -> tuple[str, set]:
    words = re.split(r"[\s\-‐–_.']+", name)
    key, breaks = "", set()
    for w in words:
        c = canon_word(w)
        if not c:
            continue
        if key:
            breaks.add(len(key))
        key += c
    return key, breaks


def _floats(values) -> frozenset:
    out = set()
    for v in values or ():
        try:
            out.add(float(v))
        except (TypeError, ValueError):
            pass
    return frozenset(out)


class DrugLexicon:
    def __init__(self, brands: list[dict], rows: list[dict]):
        self.keys: dict[str, Key] = {}
        self.by_ingredient: dict[str, DrugEntry] = {}
        for raw in brands:
            entry = DrugEntry(
                name=str(raw["name"]), ingredient=str(raw.get("ingredient") or raw["name"]).lower(),
                kind=str(raw.get("kind") or "brand"), status=str(raw.get("status") or "rx"),
                schedule=str(raw.get("schedule") or ""), uses=tuple(str(u).lower() for u in raw.get("uses") or ()),
                strengths=_floats(raw.get("strengths")), spam_risk=str(raw.get("spam_risk") or "medium"),
                ambiguous=bool(raw.get("ambiguous")), curated=True)
            if entry.kind == "generic":
                self.by_ingredient.setdefault(entry.ingredient, entry)
            names = [entry.name, *map(str, raw.get("aliases") or ())]
            for name in names:
                self._add(name, entry)
                words = _strip_strength(name).split()
                if len(words) >= 3 and not set(words[1:]) <= PRODUCT_WORDS:
                    # "Pain O Soma" spun into "Ache O Soma": match the distinctive rest
                    self._add(" ".join(words[1:]), entry, partial=True)
        for row in rows:
            name = (row.get("name") or "").strip()
            if not name:
                continue
            ingredient = (row.get("ingredient") or name).strip().lower()
            curated = self.by_ingredient.get(ingredient)
            entry = DrugEntry(
                name=name, ingredient=ingredient, kind=row.get("kind") or "generic",
                status=row.get("status") or "unknown", schedule=row.get("schedule") or "",
                uses=curated.uses if curated else (), strengths=curated.strengths if curated else frozenset())
            self._add(name, entry, keep_existing=True)

    def _add(self, name: str, entry: DrugEntry, partial: bool = False, keep_existing: bool = False) -> None:
        key, breaks = _breaks(_strip_strength(name))
        if len(key) < MIN_KEY + (1 if partial else 0):
            return
        current = self.keys.get(key)
        if current is None:
            self.keys[key] = Key(entry, set(breaks), partial)
        elif keep_existing or (current.entry.curated and not entry.curated):
            current.breaks |= breaks
        elif current.partial and not partial:
            self.keys[key] = Key(entry, current.breaks | breaks, False)
        else:
            current.breaks |= breaks

    def __len__(self) -> int:
        return len(self.keys)


@functools.lru_cache(maxsize=1)
def load_lexicon() -> DrugLexicon:
    brands: list[dict] = []
    try:
        data = load_yaml(lexicon_path("pharmacy_brands.yaml").read_text(encoding="utf-8")) or {}
        brands = list(data.get("entries") or [])
    except OSError:
        pass
    return DrugLexicon(brands, list(read_lexicon("drugs.tsv", optional=True)))
