"""Reading the context of a drug mention: sentences, the article's opening, links in the source,
and whether the drug is the grammatical subject of an efficacy verb."""
from __future__ import annotations

import bisect
import re

import numpy

from ..nlp import column, has_parser
from .matcher import Mention

EFFICACY_VERBS = {"ease", "relieve", "help", "relax", "calm", "boost", "cure", "banish", "eliminate", "fix",
                  "kill", "improve", "enhance", "restore", "work", "keep", "give", "start", "melt", "stop"}
_VERB_AFTER = re.compile(r"[ \t]*(?:\(\w[^)]{0,30}\)[ \t]*)?(?:can|will|really|quickly|gently|also|truly)?[ \t]*"
                         r"(?:eases?|relieves?|helps?|relax(?:es)?|calms?|boosts?|cures?|works?|keeps?|gives?|"
                         r"starts?|banish(?:es)?|kills?|stops?|melts?)\b", re.IGNORECASE)
_URL = re.compile(r"""href=["']([^"']+)["']|\]\(([^)\s]+)|((?:https?://|www\.)[^\s"'<>)]+)""", re.IGNORECASE)
# Every match of _URL holds one of these (lower case; no other character case-folds to their letters)
_URL_LITERALS = ("href=", "](", "http", "www.")
SHOP_URL = re.compile(r"pharmacy|\brx|meds|pills|buy|order|shop|store|cart|generic|online|cheap|discount", re.IGNORECASE)
_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’)]*|$)")


def sentence_spans(document) -> list[tuple[int, int]]:
    text = document.text
    out = _stripped(text, _doc_sentences(document)) if document.doc is not None else []
    if out:
        return out
    spans = []
    for block in document.blocks:
        for m in _SENT.finditer(text, block.start, block.end):
            if m.group(0).strip():
                spans.append((m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end()))
    return _stripped(text, spans)


def _stripped(text: str, spans) -> list[tuple[int, int]]:
    """The spans less the whitespace they open and end with; blank ones left out."""
    out = []
    append = out.append
    for s, e in spans:
        chunk = text[s:e]
        core = chunk.strip()
        if core:
            if chunk[0].isspace():      # (rare: sentences mostly open with a word)
                s += len(chunk) - len(chunk.lstrip())
            append((s, s + len(core)))
    return out


def _doc_sentences(document) -> list[tuple[int, int]]:
    """The spans of ``document.sentences()``, read from the Doc's arrays when no check has built
    them yet (making thousands of spaCy Span objects is slow). Blank sentences and trailing
    whitespace may be left in (``sentence_spans`` strips them)."""
    cached = document.cache.get("document.sentences")
    if cached is not None:
        return [(s.start_char, s.end_char) for s in cached]
    doc = document.doc
    if not len(doc):
        return []
    starts, idx = column(doc, "SENT_START"), column(doc, "IDX")
    # Doc.sents: a sentence starts at token 0 and at every later token whose SENT_START is 1. A
    # sentence is taken to run up to the next one: only its last token's trailing whitespace is
    # added, which ``sentence_spans`` strips off anyway.
    begin = idx[numpy.flatnonzero(starts[1:] == 1) + 1].tolist()
    begin.insert(0, int(idx[0]))
    return list(zip(begin, begin[1:] + [len(document.text)]))


def opening_text(document, drug_sentences: list[tuple[int, int]]) -> str:
    """Title, meta title/description and the first two paragraphs, less sentences naming drugs."""
    parts = [str(document.meta.get(k) or "") for k in ("title", "description")]
    paragraphs = 0
    for block in document.blocks:
        if block.kind == "title" or (block.index == 0 and block.kind == "heading"):
            parts.append(document.block_text(block))
        elif block.kind in ("paragraph", "list_item") and paragraphs < 2:
            paragraphs += 1
            parts.append(document.block_text(block))
    text = "\n".join(parts)
    # blank out sentences that name drugs (they are what is being judged)
    for s, e in drug_sentences:
        seg = document.text[s:e]
        if seg in text:
            text = text.replace(seg, " ")
    return text


def has_link(source: str | None) -> bool:
    """``bool(_URL.search(source))``, quickly: a match begins with one of ``_URL_LITERALS``, so
    the pattern (no literal prefix: a slow scan) is only tried where one of them is."""
    if source is None:
        return False
    low = source.lower()
    if len(low) != len(source):
        return bool(_URL.search(source))
    for lit in _URL_LITERALS:
        at = low.find(lit)
        while at != -1:
            if _URL.match(source, at):
                return True
            at = low.find(lit, at + 1)
    return False


def document_has_link(document) -> bool:
    """``has_link(document.source)``, from the literal starts ``links_in`` needs anyway (one
    lower-casing of the source for both)."""
    if document.source is None:
        return False
    starts = _literal_starts(document)
    if starts is None:
        return has_link(document.source)
    return any(_URL.match(document.source, at) for at in starts)


def links_in(document, start: int, end: int) -> list[str]:
    if document.source is None:
        return []
    s, e = document.to_source(start, end)
    src = document.source
    a = src.rfind("<a ", max(0, s - 400), s)
    if a != -1 and "</a>" not in src[a:s]:
        s = a
    starts = _literal_starts(document)
    if starts is not None:      # a link begins where one of _URL_LITERALS does: none in [s, e), no link
        i = bisect.bisect_left(starts, s)
        if i == len(starts) or starts[i] >= e:
            return []
    return [next(g for g in m.groups() if g) for m in _URL.finditer(src, s, e)]


def _literal_starts(document) -> list[int] | None:
    """Sorted offsets in ``document.source`` where one of ``_URL_LITERALS`` begins (cached; None
    when lower-casing changes the source's length)."""
    key = "drugs.url_literals"
    if key not in document.cache:
        src = document.source
        low = src.lower()
        starts = None
        if len(low) == len(src):
            starts = []
            for lit in _URL_LITERALS:
                at = low.find(lit)
                while at != -1:
                    starts.append(at)
                    at = low.find(lit, at + 1)
            starts.sort()
        document.cache[key] = starts
    return document.cache[key]


# Every word form the model lemmatises to one of EFFICACY_VERBS: a sentence without one cannot
# have the drug as the subject of an efficacy verb, so it is not parsed.
_EFFICACY_FORM = re.compile(
    r"\b(?:eas(?:e[sd]?|ing)|reliev(?:e[sd]?|ing)|help(?:s|ed|ing)?|relax(?:es|ed|ing)?|calm(?:s|ed|ing|er|est)?|"
    r"boost(?:s|ed|ing)?|cur(?:e[sd]?|ing)|banish(?:es|ed|ing)?|eliminat(?:e[sd]?|ing)|fix(?:es|ed|ing)?|"
    r"kill(?:s|ed|ing)?|improv(?:e[sd]?|ing)|enhanc(?:e[sd]?|ing)|restor(?:e[sd]?|ing)|work(?:s|ed|ing)?|wrought|"
    r"keep(?:s|ing)?|kept|giv(?:e[sn]?|ing)|gave|gim|start(?:s|ed|ing)?|melt(?:s|ed|ing)?|molten|"
    r"stop(?:s|ped|ping)?)\b", re.IGNORECASE)


def drug_is_subject(document, mention: Mention) -> bool:
    doc = document.doc
    span = doc.char_span(mention.name_start, mention.name_end, alignment_mode="expand") if doc is not None else None
    if span is not None and has_parser() and not _EFFICACY_FORM.search(span.sent.text):
        return False
    parsed = document.parse(span) if span is not None and has_parser() else None
    if parsed is not None:  # the trained model's parse of this sentence
        return any(tok.dep_ in ("nsubj", "nsubjpass") and _efficacy_head(tok.head) for tok in parsed)
    m = _VERB_AFTER.match(document.text, mention.end)
    return bool(m) and not document.text.startswith(" by ", m.end())


def _efficacy_head(verb) -> bool:
    """An efficacy verb, but not a mechanism ("works by blocking ...")."""
    lemma = verb.lemma_.lower()
    if lemma not in EFFICACY_VERBS:
        return False
    return not (lemma == "work" and any(c.lower_ == "by" for c in verb.children))
