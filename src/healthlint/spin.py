"""Spun-phrase analysis shared by the spin rules, the duplication family and the batch audit.

One job: find synonym-spun phrases in a document, decide which ones count (tiers + context),
and score the whole article. The rule type ``spin`` (checks/spin.py) only turns the result
into findings. See docs/spin.md for the method and the measurements behind the thresholds.

Lexicon: ``rules/lexicons/spin.tsv`` (columns ``spun plain tier kind pos``; built by
scripts/build_spin_lexicon.py), then ``rules/lexicons/spin_overrides.tsv`` (ours: drops,
tier changes and additions, each with a reason), then inline ``phrases`` from the rule.
A spun phrase with several plain forms keeps all of them (the fix is then unsafe).

``document.cache["spin"]`` (filled once per document by :func:`analyse`)::

    {"matches": [                      # every lexicon hit, in text order
        {"start": int, "end": int,      # offsets in document.text
         "text": str,                   # the words as written
         "spun": str,                   # lexicon key (lemma form)
         "plain": [str, ...],           # plain form(s), dictionary form
         "replacement": str,            # first plain form, re-inflected and re-cased like the text
         "tier": 1 | 2 | 3, "kind": str, "pos": str,
         "counted": bool,               # tier 1, or tier 2/3 with corroboration (see below; tier 3 =
                                        # context-only, counted by "section" or "document" alone)
         "corroboration": str,          # why it counts: "tier1" (tier 1 itself); for tier 2: "section"
                                        # (tier-1 hit in its section), "document" (enough tier-1 hits in
                                        # the document), "tier2" (enough distinct tier-2 phrases); "" = not
         "block": int, "section": int, "sentence": int},
        ...],
     "words": int, "sentences": int,
     "counted": int,                    # hits that count (the ones HL101 reports)
     "tier1": int, "tier2": int,        # raw tier-1 / other hits (tier 2 and 3, counted or not)
     "distinct": int,                   # distinct counted spun phrases
     "per_1000_words": float,           # counted hits per 1,000 words
     "sentence_share": float,           # share of sentences with a counted hit
     "score": float,                    # per_1000_words (the document verdict uses it + share + distinct)
     "spun": bool,                      # the document-level verdict (HL150's threshold)
     "top": [[spun, plain, count], ...]}  # most frequent counted phrases
"""
from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass, field

import numpy

from .phrases import PhraseIndex, inflect_like, match_case, normalise_words, token_columns
from .readability import alpha_num_columns
from .resources import read_lexicon

DEFAULTS = {
    "lexicon": "spin.tsv",
    "overrides": "spin_overrides.tsv",
    # tier-2 corroboration: a tier-2 hit counts when its section has this many tier-1 hits, or ...
    "tier2_section_tier1": 2,
    # ... when the document has this many tier-1 hits (any section), or ...
    "tier2_document_tier1": 3,
    # ... when the document has this many distinct multiword tier-2 phrases (they corroborate each other)
    "tier2_document_tier2": 3,
    # document verdict (HL150): all three must hold
    "doc_min_per_1000": 8.0,
    "doc_min_distinct": 4,
    "doc_min_sentence_share": 0.05,
    "doc_min_tier1": 0,        # tier-1 hits required (0: distinct tier-2 phrases may carry the verdict)
    "min_words": 100,          # per-1,000 rates use at least this many words (short texts)
}


@dataclass(frozen=True)
class Entry:
    spun: str
    plain: tuple[str, ...]
    tier: int
    kind: str = ""
    pos: str = ""


@dataclass
class Lexicon:
    index: PhraseIndex
    entries: dict[tuple[str, ...], Entry] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entries)


def _rows(name: str) -> tuple[dict, ...]:
    return read_lexicon(name, optional=True)  # the lexicon is optional: inline phrases still work


def _tier(value, default: int = 2) -> int:
    try:
        tier = int(str(value).strip() or default)
    except ValueError:
        return default
    return tier if tier in (1, 3) else 2


@functools.lru_cache(maxsize=8)
def load_lexicon(lexicon: str | None = "spin.tsv", overrides: str | None = "spin_overrides.tsv",
                 inline: tuple[tuple[str, str, int, str], ...] = ()) -> Lexicon:
    """Build (once per process and argument set) the phrase index of every spun entry."""
    merged: dict[tuple[str, ...], dict] = {}

    def put(spun: str, plain: str, tier: int, kind: str = "", pos: str = "") -> None:
        key = normalise_words(spun)
        if not key or not plain:
            return
        cur = merged.get(key)
        if cur is None:
            merged[key] = {"spun": " ".join(key), "plain": [plain.strip()], "tier": tier, "kind": kind, "pos": pos}
        else:
            if plain.strip() not in cur["plain"]:
                cur["plain"].append(plain.strip())
            cur["tier"] = min(cur["tier"], tier)

    for row in _rows(lexicon) if lexicon else []:
        put(row.get("spun") or "", row.get("plain") or "", _tier(row.get("tier")), row.get("kind") or "",
            row.get("pos") or "")
    for row in _rows(overrides) if overrides else []:
        key = normalise_words(row.get("spun") or "")
        action, value = (row.get("action") or "").strip(), (row.get("value") or "").strip()
        if action == "drop":
            merged.pop(key, None)
        elif action == "tier" and key in merged:
            merged[key]["tier"] = _tier(value)
        elif action == "plain" and key in merged:
            merged[key]["plain"] = [value]
        elif action in ("add1", "add2"):
            put(row["spun"], value, 1 if action == "add1" else 2, row.get("kind") or "")
    for spun, plain, tier, pos in inline:  # kept in the given order (first plain form = the fix)
        put(spun, plain, tier, "", pos)
    index = PhraseIndex()
    entries = {}
    for key, e in merged.items():
        entry = Entry(e["spun"], tuple(e["plain"]), e["tier"], e["kind"], e["pos"])
        entries[key] = entry
        index.add(key, entry)
    return Lexicon(index, entries)


def lexicon_from_options(options: dict) -> Lexicon:
    inline = []
    for spun, value in (options.get("phrases") or {}).items():
        if isinstance(value, dict):
            inline.append((spun, value.get("plain", ""), _tier(value.get("tier", 1), 1), value.get("pos", "")))
        elif isinstance(value, list):  # several plain forms: an ambiguous entry
            inline.extend((spun, str(v), 1, "") for v in value)
        else:
            inline.append((spun, str(value), 1, ""))
    return load_lexicon(options.get("lexicon", DEFAULTS["lexicon"]) or None,
                        options.get("overrides", DEFAULTS["overrides"]) or None, tuple(inline))


_VERBAL_CUES = {"to", "will", "would", "can", "could", "may", "might", "should", "must", "shall", "did", "does",
                "do", "i", "we", "they", "you", "he", "she", "it"}
_NOMINAL_CUES = {"the", "a", "an", "your", "my", "our", "their", "his", "her", "its", "this", "that", "of"}


def _pos_ok(entry: Entry, span, prev) -> bool:
    """A tier-2 hit must sit where the plain phrase's part of speech fits.

    Spun text is mis-tagged by design (spinners swap in wrong-POS synonyms: "lower back" ->
    "decrease again"), so the tags of the match itself prove little; the word before it does:
    "to decrease again" / "you rest" read as verbs, "the decrease again" as a noun. Uses the
    tag when the model gives one, else the word itself (the fallback pipeline has no tags).
    """
    want = (entry.pos or "").upper()
    if want not in ("NOUN", "PROPN", "VERB"):
        return True
    last = span[-1]
    if want in ("NOUN", "PROPN") and last.lower_ != entry.spun.rsplit(" ", 1)[-1] and (
            last.tag_ in ("VBD", "VBN") or (not last.tag_ and last.lower_.endswith("ed"))):
        return False  # a noun entry ending in a past-tense verb: "bed rest used to be ..." is not "rest use"
    if prev is None or prev.is_space or prev.is_punct:
        return True
    low, tag = prev.lower_, prev.tag_
    if want in ("NOUN", "PROPN"):
        return not (tag in ("TO", "MD", "PRP") or (not tag and low in _VERBAL_CUES))
    return not (tag in ("DT", "PRP$") or (not tag and low in _NOMINAL_CUES))


def _words(span) -> tuple[str, ...]:
    return tuple(t.lower_.replace("’", "'") for t in span if not t.is_punct and not t.is_space)


def _replacement(span, entry: Entry) -> str:
    """The first plain form, inflected and cased like the text (as is when the text is in dictionary form)."""
    if _words(span) == normalise_words(entry.spun):
        return match_case(span.text, entry.plain[0])
    return inflect_like(span, entry.plain[0])


def _tagged(document, span):
    """The match's tokens and the token before it (None at a sentence start), tagged by the
    trained model (tagging its sentence) when there is one, else the fast pipeline's."""
    doc = document.doc
    sent = span.sent
    tagged = document.tag(doc[max(sent.start, span.start - 1):span.end])
    if tagged is not None:
        return (tagged[0], tagged[1:]) if span.start > sent.start else (None, tagged)
    return (doc[span.start - 1] if span.start > sent.start else None), span


def _counts(document):
    """Words (Document.word_count), non-blank sentences (as Document.sentences()) and the index
    among those of each token's sentence, counted with numpy instead of a Python step per token."""
    doc = document.doc
    if doc is None:
        return document.word_count, 0, None
    cols = token_columns(doc)  # LOWER, LEMMA, IS_SPACE, SENT_START
    sentence = numpy.cumsum(cols[:, 3] == 1)
    ids = sentence[cols[:, 2] == 0]  # sentence numbers of the non-space tokens, non-decreasing
    change = ids[1:] != ids[:-1]
    memo = []

    def sentence_of(token: int) -> int:  # (the sentence numbers of the non-blank sentences: made on demand)
        if not memo:
            memo.append(ids[numpy.concatenate(([0], numpy.flatnonzero(change) + 1))])
        return int(numpy.searchsorted(memo[0], sentence[token]))

    words = int(alpha_num_columns(document)[:, 0].sum())  # document.word_count, sharing one array
    return words, int(numpy.count_nonzero(change)) + 1 if len(ids) else 0, sentence_of


def analyse(document, options: dict | None = None) -> dict:
    """Find, corroborate and score spun phrases; cached in ``document.cache["spin"]``.

    The trained model (``document.tag``) runs only for hits that are reported and need it:
    the part-of-speech guard of a tier-2 hit that context could count, and the re-inflected
    fix of a counted hit. The ``replacement`` of a hit that does not count is the untagged one.
    """
    cached = document.cache.get("spin")
    if cached is not None:
        return cached
    opts = {**DEFAULTS, **(options or {})}
    lexicon = lexicon_from_options(opts)
    doc = document.doc
    found = list(lexicon.index.finditer(doc)) if doc is not None else []
    words, n_sents, sentence_of = _counts(document)
    matches = []
    spans = {}  # id(match) -> (entry, span of document.doc)
    for m in found:
        entry: Entry = m.value
        block = document.block_at(m.start)
        match = {
            "start": m.start, "end": m.end, "text": document.text[m.start:m.end], "spun": entry.spun,
            "plain": list(entry.plain), "replacement": "",
            "tier": entry.tier, "kind": entry.kind, "pos": entry.pos,
            "counted": entry.tier == 1, "corroboration": "tier1" if entry.tier == 1 else "",
            "block": block.index if block else -1, "section": block.section if block else -1,
            "sentence": sentence_of(m.first),
        }
        matches.append(match)
        spans[id(match)] = (entry, doc[m.first:m.last])

    pos_memo: dict[int, bool] = {}

    def guard_needs_tags(m: dict) -> bool:
        """Whether the POS guard's answer depends on the tags (else it is True whatever they are:
        no guard, or a match ending on its entry's own last word after nothing, a space or a
        punctuation mark; see _pos_ok)."""
        entry, span = spans[id(m)]
        want = (entry.pos or "").upper()
        if want not in ("NOUN", "PROPN", "VERB"):
            return False
        if want != "VERB" and span[-1].lower_ != entry.spun.rsplit(" ", 1)[-1]:
            return True
        if span.start == span.sent.start:
            return False
        prev = doc[span.start - 1]
        return not (prev.is_space or prev.is_punct)

    def prefetch(ms) -> None:
        """Parse the sentences of these hits in one batch (twice as fast as one by one)."""
        sents = {spans[id(m)][1].sent.start: spans[id(m)][1].sent for m in ms}
        if len(sents) > 1:
            document.tag_sentences(list(sents.values()))

    def pos_ok(m: dict) -> bool:
        if not pos_memo:  # the first guard in this document: the others will likely be asked too
            prefetch(n for n in tier2 if guard_needs_tags(n))
        if id(m) not in pos_memo:
            if not guard_needs_tags(m):
                pos_memo[id(m)] = True
            else:
                entry, span = spans[id(m)]
                prev, tagged = _tagged(document, span)
                pos_memo[id(m)] = _pos_ok(entry, tagged, prev)
        return pos_memo[id(m)]

    tier1 = [m for m in matches if m["tier"] == 1]
    by_section = Counter(m["section"] for m in tier1)
    tier2 = [m for m in matches if m["tier"] == 2]
    # single ordinary words ("specialist", "stance") are too weak to corroborate each other
    multi = [m for m in tier2 if " " in m["spun"]]
    tier2_distinct = None
    for m in matches:
        if m["tier"] == 1:
            continue
        if by_section[m["section"]] >= opts["tier2_section_tier1"]:
            why = "section"
        elif len(tier1) >= opts["tier2_document_tier1"]:
            why = "document"
        elif m["tier"] == 3:  # context-only: tier-1 spin must vouch for it, other tier 2/3 cannot
            why = ""
        else:
            if tier2_distinct is None:  # distinct multiword tier-2 phrases that pass the POS guard
                tier2_distinct = 0 if len({n["spun"] for n in multi}) < opts["tier2_document_tier2"] else len(
                    {n["spun"] for n in multi if pos_ok(n)})
            why = "tier2" if tier2_distinct >= opts["tier2_document_tier2"] else ""
        if why and pos_ok(m):
            m["counted"], m["corroboration"] = True, why

    def needs_tags(m: dict) -> bool:
        """A counted hit's fix is re-inflected with tags, unless it is written in dictionary form
        (then _replacement only matches the case) or, for tier 1, no word of it is inflected."""
        if not m["counted"]:
            return False
        entry, span = spans[id(m)]
        return (_words(span) != normalise_words(entry.spun)
                and (entry.tier == 2 or any(t.lower_ != t.lemma_ for t in span)))

    prefetch(m for m in matches if needs_tags(m))
    for m in matches:
        entry, span = spans[id(m)]
        if needs_tags(m):
            span = _tagged(document, span)[1]  # tags for the inflected fix
        m["replacement"] = _replacement(span, entry)
    counted = [m for m in matches if m["counted"]]
    per_1000 = 1000.0 * len(counted) / max(words, opts["min_words"])
    share = len({m["sentence"] for m in counted}) / max(1, n_sents)
    distinct = Counter(m["spun"] for m in counted)
    result = {
        "matches": matches, "words": words, "sentences": n_sents, "counted": len(counted),
        "tier1": len(tier1), "tier2": len(matches) - len(tier1), "distinct": len(distinct), "per_1000_words": round(per_1000, 2),
        "sentence_share": round(share, 3), "score": round(per_1000, 2),
        "spun": False,
        "top": [[spun, next(m["plain"][0] for m in counted if m["spun"] == spun), n]
                for spun, n in distinct.most_common(5)],
    }
    result["spun"] = is_spun(result, opts)
    document.cache["spin"] = result
    return result


def is_spun(result: dict, options: dict | None = None) -> bool:
    """The document verdict: dense, varied and spread-out spin (all three thresholds)."""
    opts = {**DEFAULTS, **(options or {})}
    return (result["per_1000_words"] >= opts["doc_min_per_1000"] and result["distinct"] >= opts["doc_min_distinct"]
            and result["sentence_share"] >= opts["doc_min_sentence_share"] and result["tier1"] >= opts["doc_min_tier1"])
