"""Readability types: ``long-sentence``, ``paragraph-grade``, ``document-grade``, ``long-paragraph``.

Consumer health text should read at about school grade 8 (the engine passes the configured
``readability-target-grade`` as option ``target_grade``). Quotations, list items, table cells and
reference sections are never measured: their length is not the writer's choice.

long-sentence options:   warn_words (60), info_words (40), error_words (null: never an error)
paragraph-grade options: min_words (60), margin (6): flag paragraphs graded above target + margin
long-paragraph options:  max_words (180)
document-grade options:  min_words (150), margin (4)
"""
from __future__ import annotations

import bisect
import operator
import re

import numpy

from ..phrases import token_columns
from ..readability import Passages, alpha_num_columns, fk_grade
from . import Check, register

# Sections whose text is not the writer's prose: references, legal and press-release back matter.
_REFERENCES = re.compile(r"\b(?:references|sources|bibliography|citations|footnotes|further reading|notes|"
                         r"about (?:the|us|[A-Z])|forward-looking|disclaimer|disclosures?|acknowledg\w+|funding|"
                         r"safety information|contacts?|study at a glance)\b", re.I)
_BACK_MATTER = re.compile(r"\b(?:funded by|supported by|(?:co-?)?authors (?:include|are|were)|forward-looking|"
                          r"risks and uncertainties|grants? from|disclos\w+|conflicts? of interest)\b", re.I)
_QUOTE_START = re.compile(r"^\s*[\"“‘']")
_QUOTED = re.compile(r"[\"“][^\"“”]{3,}[\"”]")


def _measured_blocks(document) -> list:
    """Paragraph blocks outside reference and back-matter sections (lists, quotes, tables and
    headings excluded); computed once per document."""
    blocks = document.cache.get("readability.blocks")
    if blocks is None:
        blocks = []
        skipped: dict[int, bool] = {}  # section index -> under a references heading
        sections = document.sections
        for block in document.blocks:
            if block.kind != "paragraph":
                continue
            if sections:
                skip = skipped.get(block.section)
                if skip is None:
                    heading = sections[block.section].heading
                    skip = skipped[block.section] = (heading is not None and
                                                     _REFERENCES.search(document.block_text(heading)) is not None)
                if skip:
                    continue
            blocks.append(block)
        document.cache["readability.blocks"] = blocks
    return blocks


def _passages(document) -> Passages:
    """Counts (words, sentences, syllables) of the measured blocks and of all of them joined,
    computed once per document and shared by the paragraph, document and long-paragraph rules."""
    found = document.cache.get("readability.passages")
    if found is None:
        found = document.cache["readability.passages"] = Passages([document.block_text(b)
                                                                   for b in _measured_blocks(document)])
    return found


def _list_like(text: str) -> bool:
    """A run of names, affiliations or items rather than a prose sentence."""
    words = text.split()
    if not words:
        return True
    n = len(words)
    if (text.count(",") + 2 * text.count(";")) / n > 0.12:
        return True
    if sum(map(str.isupper, map(_FIRST, words))) / n > 0.4:  # capitalised words
        return True
    if text.isascii():  # cheap literal test first (ASCII: lower() is what re.I compares)
        lower = text.lower()
        if not any(w in lower for w in _BACK_MATTER_WORDS):
            return False
    return bool(_BACK_MATTER.search(text))


_FIRST = operator.itemgetter(0)
_BACK_MATTER_WORDS = ("funded by", "supported by", "authors ", "forward-looking", "risks and uncertainties",
                      "grant", "disclos", "conflict")  # every _BACK_MATTER match contains one


def _quoted_share(text: str) -> float:
    """Share of the characters inside quotation marks."""
    if '"' not in text and "“" not in text:
        return 0.0
    inside = sum(len(m.group(0)) for m in _QUOTED.finditer(text))
    return inside / max(1, len(text))


def _word_flags(document):
    cols = alpha_num_columns(document)
    return cols[:, 0] | cols[:, 1]


def _sentence_words(document):
    """(first token of each sentence of ``document.doc``, its alphabetic or number-like tokens),
    from arrays: no Span or Token object (doc.sents starts a sentence at token 0 and wherever
    SENT_START is 1)."""
    doc = document.doc
    sent_start = token_columns(doc)[:, 3]
    starts = numpy.flatnonzero(sent_start == 1)
    if not len(starts) or starts[0] != 0:
        starts = numpy.concatenate(([0], starts[starts > 0]))
    return starts, numpy.add.reduceat(_word_flags(document), starts)


@register("long-sentence")
class LongSentence(Check):
    def run(self, document):
        info_words = int(self.options.get("info_words", 40))
        warn_words = int(self.options.get("warn_words", 60))
        error_words = self.options.get("error_words")
        measured = {b.index for b in _measured_blocks(document)}
        doc = document.doc
        if not measured or doc is None or not len(doc):
            return
        starts, words = _sentence_words(document)
        long = numpy.flatnonzero(words > info_words).tolist()
        if not long:
            return
        text = document.text
        blocks = document.blocks
        block_starts = [b.start for b in blocks]  # document.block_at, without rebuilding this per sentence
        ends = starts[1:].tolist() + [len(doc)]
        for k in long:
            n = int(words[k])
            first, last = doc[int(starts[k])], doc[ends[k] - 1]
            start, end = first.idx, last.idx + len(last)  # the span's start_char and end_char
            raw = text[start:end]
            if not raw.strip():
                continue  # a whitespace-only "sentence" (document.sentences() skips them)
            i = bisect.bisect_right(block_starts, start) - 1
            if i < 0 or start > blocks[i].end or i not in measured:
                continue  # not in a measured block
            stripped = raw.strip()
            if _QUOTE_START.match(stripped) or _quoted_share(stripped) > 0.5 or _list_like(stripped):
                continue
            severity = "info"
            if n > warn_words:
                severity = "warning"
            if error_words and n > int(error_words):
                severity = "error"
            yield self.finding(start, start + len(raw.rstrip()), severity=severity, words=n,
                               confidence=min(0.95, 0.5 + (n - info_words) / 60), data={"words": n})


@register("paragraph-grade")
class ParagraphGrade(Check):
    def run(self, document):
        target = float(self.options.get("target_grade", 8))
        margin = float(self.options.get("margin", 6))
        min_words = int(self.options.get("min_words", 60))
        passages = _passages(document)
        for i, block in enumerate(_measured_blocks(document)):
            if passages.alnum_words[i] < min_words or _quoted_share(passages.texts[i]) > 0.5:
                continue
            grade = fk_grade(passages[i])
            if grade > target + margin:
                yield self.finding(block.start, block.end, grade=round(grade, 1), target=target,
                                   confidence=min(0.9, 0.5 + (grade - target - margin) / 10),
                                   data={"grade": grade})


@register("long-paragraph")
class LongParagraph(Check):
    def run(self, document):
        max_words = int(self.options.get("max_words", 180))
        for block, n in zip(_measured_blocks(document), _passages(document).alnum_words):
            if n > max_words:
                yield self.finding(block.start, block.end, words=n, limit=max_words, confidence=0.7)


@register("document-grade")
class DocumentGrade(Check):
    def run(self, document):
        target = float(self.options.get("target_grade", 8))
        margin = float(self.options.get("margin", 4))
        passages = _passages(document)  # the measured paragraphs joined by blank lines
        if not len(passages) or sum(passages.alnum_words) < int(self.options.get("min_words", 150)):
            return
        grade = fk_grade(passages.joined())
        if grade > target + margin:
            anchor = document.blocks[0]
            yield self.finding(anchor.start, anchor.end, grade=round(grade, 1), target=target, scope="document",
                               confidence=0.6, data={"grade": grade})
