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

import re

import bisect

import numpy

from .. import evidence
from ..readability import Counts, counts_of, fk_grade, joined
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
        for block in document.blocks:
            if block.kind != "paragraph":
                continue
            section = document.sections[block.section] if document.sections else None
            if section and section.heading is not None and _REFERENCES.search(document.block_text(section.heading)):
                continue
            blocks.append(block)
        document.cache["readability.blocks"] = blocks
    return blocks


def _block_counts(document) -> list[Counts]:
    """Counts (words, sentences, syllables) of each measured block, computed once per document and
    shared by the paragraph, document and long-paragraph rules."""
    found = document.cache.get("readability.counts")
    if found is None:
        found = document.cache["readability.counts"] = counts_of([document.block_text(b)
                                                                  for b in _measured_blocks(document)])
    return found


def _list_like(text: str) -> bool:
    """A run of names, affiliations or items rather than a prose sentence."""
    words = text.split()
    if not words:
        return True
    separators = text.count(",") + 2 * text.count(";")
    capitalised = sum(1 for w in words if w[:1].isupper())
    return separators / len(words) > 0.12 or capitalised / len(words) > 0.4 or bool(_BACK_MATTER.search(text))


def _quoted_share(text: str) -> float:
    """Share of the characters inside quotation marks."""
    inside = sum(len(m.group(0)) for m in _QUOTED.finditer(text))
    return inside / max(1, len(text))


def _word_token_ends(document):
    """Cumulative count of alphabetic or number-like tokens: element i counts tokens before i."""
    from spacy.attrs import IS_ALPHA, LIKE_NUM
    flags = document.doc.to_array([IS_ALPHA, LIKE_NUM])
    ends = numpy.zeros(len(flags) + 1, dtype=numpy.int64)
    if len(flags):
        numpy.cumsum(flags.max(axis=1), out=ends[1:])
    return ends


@register("long-sentence")
class LongSentence(Check):
    def run(self, document):
        info_words = int(self.options.get("info_words", 40))
        warn_words = int(self.options.get("warn_words", 60))
        error_words = self.options.get("error_words")
        measured = {b.index for b in _measured_blocks(document)}
        if not measured:
            return
        sents = evidence.sentence_list(document)
        if not sents:
            return
        word_ends = _word_token_ends(document)
        bounds = numpy.array([(s.start, s.end) for s in sents], dtype=numpy.int64)
        words = word_ends[bounds[:, 1]] - word_ends[bounds[:, 0]]  # per sentence, in one go
        blocks = document.blocks
        starts = [b.start for b in blocks]  # document.block_at, without rebuilding this per sentence
        for k in numpy.flatnonzero(words > info_words).tolist():
            sent, n = sents[k], int(words[k])
            start = sent.start_char
            i = bisect.bisect_right(starts, start) - 1
            if i < 0 or start > blocks[i].end or i not in measured:
                continue  # not in a measured block
            raw = document.text[start:sent.end_char]  # sent.text, without a Token object per word
            text = raw.strip()
            if _QUOTE_START.match(text) or _quoted_share(text) > 0.5 or _list_like(text):
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
        for block, count in zip(_measured_blocks(document), _block_counts(document)):
            if count.alnum_words < min_words or _quoted_share(document.block_text(block)) > 0.5:
                continue
            grade = fk_grade(count)
            if grade > target + margin:
                yield self.finding(block.start, block.end, grade=round(grade, 1), target=target,
                                   confidence=min(0.9, 0.5 + (grade - target - margin) / 10),
                                   data={"grade": grade})


@register("long-paragraph")
class LongParagraph(Check):
    def run(self, document):
        max_words = int(self.options.get("max_words", 180))
        for block, count in zip(_measured_blocks(document), _block_counts(document)):
            n = count.alnum_words
            if n > max_words:
                yield self.finding(block.start, block.end, words=n, limit=max_words, confidence=0.7)


@register("document-grade")
class DocumentGrade(Check):
    def run(self, document):
        target = float(self.options.get("target_grade", 8))
        margin = float(self.options.get("margin", 4))
        parts = _block_counts(document)  # the measured paragraphs joined by blank lines
        if not parts or sum(c.alnum_words for c in parts) < int(self.options.get("min_words", 150)):
            return
        grade = fk_grade(joined(parts))
        if grade > target + margin:
            anchor = document.blocks[0]
            yield self.finding(anchor.start, anchor.end, grade=round(grade, 1), target=target, scope="document",
                               confidence=0.6, data={"grade": grade})
