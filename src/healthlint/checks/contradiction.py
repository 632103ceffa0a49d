"""Types for contradictory instructions, built on ``instructions.extract``:

position-conflict    a heading names one body position, the steps start in another
value-conflict       two hold times / repetition counts / weekly frequencies for the same exercise
negation-conflict    "do not round your back" and "let your back round" for the same exercise
breathing-conflict   inhale and exhale swapped for the same movement of the same exercise
side-conflict        "repeat on the other side" for a symmetric pose that has no side
medication-conflict  advice against medicines in one place, a recommendation to take one in another
dose-conflict        two different strengths recommended for the same drug

Each finding points at the later statement and names the earlier one in ``related`` (quoted).
Ranges ("20-30 seconds"), progressions ("build up to 60 seconds") and values for *different*
exercises are never compared.
"""
from __future__ import annotations

import re
from collections import defaultdict

from ..findings import Related
from ..instructions import (BOTH, POSITION_WORDS, SIDED, SYMMETRIC, Statement, dose_sentences, extract, exercises_of,
                            group_of, layout, medication_recommendations, positions_compatible)
from ..phrases import PhraseIndex
from . import Check, register


MAX_EARLIER = 50  # statements compared per exercise: keeps pathological pages linear


def _quote(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


class _Conflict(Check):
    def conflict(self, later: Statement, earlier_span: tuple[int, int], earlier_text: str, what: str,
                 confidence: float, **fields):
        return self.finding(later.start, later.end, confidence=confidence,
                            related=[Related(earlier_span[0], earlier_span[1], f"{what}: \"{_quote(earlier_text)}\"")],
                            data={"kind": later.kind}, other=_quote(earlier_text), this=_quote(later.text), **fields)


@register("position-conflict")
class PositionConflict(_Conflict):
    def run(self, document):
        for st in extract(document):
            if st.kind != "position":
                continue
            ex = st.extra.get("lead") or exercises_of(document).get(st.section)
            if st.explicit:  # a sentence naming an exercise of another section
                ex = next((e for e in exercises_of(document).values() if e.key == st.exercise), None)
            if ex is None or ex.position is None or positions_compatible(ex.position, st.value):
                continue
            yield self.conflict(st, ex.heading, ex.name, "the heading", 0.85,
                                heading=ex.name, named=POSITION_WORDS[ex.position], done=POSITION_WORDS[st.value])


def _fmt(kind: str, value: tuple[float, float]) -> str:
    lo, hi = value
    unit = {"hold": " s", "hold_breaths": " breaths", "reps": " reps", "frequency": " a week"}[kind]
    num = (lambda x: f"{x:g}")
    return (num(lo) if lo == hi else f"{num(lo)}-{num(hi)}") + unit


@register("value-conflict")
class ValueConflict(_Conflict):
    KINDS = ("hold", "hold_breaths", "reps", "frequency")

    def run(self, document):
        groups: dict = defaultdict(list)
        for st in extract(document):
            if st.kind in self.KINDS and st.exercise:
                groups[(st.kind, st.exercise)].append(st)
        for (kind, _), items in groups.items():
            for j, later in enumerate(items):
                for earlier in items[:min(j, MAX_EARLIER)]:
                    if earlier.start == later.start:
                        continue  # one sentence giving two values is a choice, not a conflict
                    if earlier.section == later.section and not (earlier.explicit or later.explicit):
                        continue  # values within one exercise's own steps: sets, variations
                    (a, b), (c, d) = earlier.value, later.value
                    if b < c or d < a:  # ranges that do not overlap
                        yield self.conflict(later, (earlier.start, earlier.end), earlier.text, "earlier value",
                                            0.8, exercise=later.exercise, value=_fmt(kind, later.value),
                                            other_value=_fmt(kind, earlier.value))
                        break


@register("negation-conflict")
class NegationConflict(_Conflict):
    def run(self, document):
        firsts: dict = {}
        for st in extract(document):
            if st.kind != "action":
                continue
            key = ("document" if st.extra.get("wide") else group_of(st), st.value)
            negated = st.extra.get("negated", False)
            other = firsts.get((key, not negated))
            if other is not None and (st.extra.get("implied") or other.extra.get("implied")) \
                    and other.section == st.section and not st.explicit:
                other = None  # "keep your heels down ... then lift your heels" may be two phases of one move
            if other is not None and other.start != st.start:
                verb, part = st.value
                yield self.conflict(st, (other.start, other.end), other.text, "contradicted by", 0.8,
                                    action=f"{verb} your {part}")
                continue
            firsts.setdefault((key, negated), st)


@register("breathing-conflict")
class BreathingConflict(_Conflict):
    def run(self, document):
        seen: dict = defaultdict(list)
        for st in extract(document):
            if st.kind != "breath":
                continue
            group = group_of(st)
            for other in seen[group][:MAX_EARLIER]:
                shared = other.extra["moves"] & st.extra["moves"]
                if other.value != st.value and shared and other.start != st.start:
                    verb, part = sorted(shared)[0]
                    yield self.conflict(st, (other.start, other.end), other.text, "opposite breathing cue", 0.8,
                                        movement=f"{verb} your {part}")
                    break
            seen[group].append(st)


@register("side-conflict")
class SideConflict(_Conflict):
    def run(self, document):
        text = document.text
        for st in extract(document):
            if st.kind != "other_side" or st.explicit:
                continue
            exercises = exercises_of(document)
            ex = exercises.get(st.section)
            if ex is None:
                continue
            lay = layout(document)
            body = " ".join(text[b.start:b.end] for b in document.blocks
                            if exercises.get(lay.section_of(b.index)) is ex and lay.section_of(b.index) != b.index).lower()
            body = body.replace(st.extra["cue"], " ")
            symmetric = BOTH.search(body) or SYMMETRIC.search(ex.name.lower())
            if symmetric and not SIDED.search(body):
                yield self.conflict(st, ex.heading, ex.name, "exercise without sides", 0.7, heading=ex.name)


class _Medication(_Conflict):
    def __init__(self, rule, options=None):
        super().__init__(rule, options)
        self.drugs = _drug_index(self.options.get("lexicon"), tuple(self.options.get("drugs") or ()))

    def recommendations(self, document):
        key = "instruction_med_recommend"
        if key not in document.cache:
            document.cache[key] = medication_recommendations(document, extract(document), self.drugs)
        return document.cache[key]


@register("medication-conflict")
class MedicationConflict(_Medication):
    def run(self, document):
        against = [st for st in extract(document) if st.kind == "med_against"]
        if not against:
            return
        for rec in self.recommendations(document):
            other = min(against, key=lambda a: abs(a.start - rec.start))
            if other.start == rec.start:
                continue
            yield self.conflict(rec, (other.start, other.end), other.text, "advice against medicines", 0.75,
                                drug=rec.value)


@register("dose-conflict")
class DoseConflict(_Medication):
    def run(self, document):
        if dose_sentences(document) < 2:
            return  # two strengths need two sentences that give one
        first: dict = {}
        for rec in self.recommendations(document):
            dose = rec.extra.get("dose")
            if rec.value == "medicine" or dose is None or rec.extra.get("population"):
                continue
            other = first.get(rec.value)
            if other is not None and other.extra["dose"] != dose and other.start != rec.start:
                yield self.conflict(rec, (other.start, other.end), other.text, "other strength", 0.7,
                                    drug=rec.value, dose=f"{dose:g} mg", other_dose=f"{other.extra['dose']:g} mg")
                continue
            first.setdefault(rec.value, rec)


_DRUG_CACHE: dict = {}


def _drug_index(lexicon: str | None, extra: tuple) -> PhraseIndex:
    """Drug names from drugs.tsv (when present) and the rule's list; names that are ordinary
    English words ("relief", "advance") are left out, so "use relief" is not a drug."""
    key = (lexicon, extra)
    if key in _DRUG_CACHE:
        return _DRUG_CACHE[key]
    index = PhraseIndex()
    for name in extra:
        index.add(name, name)
    if lexicon:
        from .phrase import read_lexicon
        try:
            rows = read_lexicon(lexicon)
        except OSError:
            rows = ()
        common = _english_words()
        for row in rows:
            name = (row.get("name") or "").strip().lower()
            if len(name) > 3 and re.fullmatch(r"[a-z][a-z0-9 -]+", name) and name not in common:
                index.add(name, name)
    _DRUG_CACHE[key] = index
    return index


def _english_words() -> frozenset[str]:
    """drugs.tsv names that are ordinary English words per WordNet ("relief", "advance"; not
    "aspirin"), from rules/lexicons/drug_common_words.txt (scripts/build_drug_common_words.py)."""
    from ..resources import lexicon_path
    try:
        with open(lexicon_path("drug_common_words.txt"), encoding="utf-8") as fh:
            return frozenset(line.strip() for line in fh if line.strip() and not line.startswith("#"))
    except OSError:
        return frozenset()
