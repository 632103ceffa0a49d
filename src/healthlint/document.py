"""Document model: the source as given, the linted text extracted from it, and the map between them.

Readers (``formats/``) turn a file into blocks of *linted text* (markup, code, URLs removed)
with a precise map back to the original source, so every finding points into the file as
written. Checks only ever see the linted text, its blocks, sections, sentences and tokens.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Iterator

BLOCK_SEPARATOR = "\n\n"


class OffsetMap:
    """Maps offsets in the linted text to offsets in the source.

    The linted text is a sequence of segments. An *identity* segment was copied verbatim from
    the source; any other segment (an HTML entity, a block separator) maps as a whole onto a
    source span.
    """

    def __init__(self) -> None:
        self._clean_starts: list[int] = []
        self._src_starts: list[int] = []
        self._src_ends: list[int] = []
        self._identity: list[bool] = []
        self.length = 0

    def add(self, length: int, src_start: int, src_end: int, identity: bool) -> None:
        if length <= 0:
            return
        self._clean_starts.append(self.length)
        self._src_starts.append(src_start)
        self._src_ends.append(src_end)
        self._identity.append(identity)
        self.length += length

    def _segment(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._clean_starts, pos) - 1)

    def start(self, pos: int) -> int:
        """Source offset of the character at linted offset ``pos``."""
        if not self._clean_starts:
            return pos
        pos = min(max(pos, 0), max(self.length - 1, 0))
        i = self._segment(pos)
        if self._identity[i]:
            return self._src_starts[i] + (pos - self._clean_starts[i])
        return self._src_starts[i]

    def end(self, pos: int) -> int:
        """Source offset just after the character at linted offset ``pos - 1``."""
        if not self._clean_starts:
            return pos
        if pos <= 0:
            return self.start(0)
        i = self._segment(min(pos - 1, self.length - 1))
        if self._identity[i]:
            return self._src_starts[i] + (min(pos, self.length) - self._clean_starts[i])
        return self._src_ends[i]

    def is_verbatim(self, start: int, end: int) -> bool:
        """True when linted[start:end] is one verbatim copy of a contiguous source span."""
        if not self._clean_starts:
            return True
        if end <= start:
            return True
        i, j = self._segment(start), self._segment(end - 1)
        if not all(self._identity[k] for k in range(i, j + 1)):
            return False
        for k in range(i, j):  # consecutive identity segments must also be contiguous in the source
            if self._src_ends[k] != self._src_starts[k + 1]:
                return False
        return True


class TextBuilder:
    """Accumulates linted text piece by piece while recording where each piece came from."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.map = OffsetMap()
        self._last_src_end = 0

    @property
    def length(self) -> int:
        return self.map.length

    def copy(self, text: str, src_start: int) -> None:
        """Append text copied verbatim from source offset ``src_start``."""
        if text:
            self.parts.append(text)
            self.map.add(len(text), src_start, src_start + len(text), True)
            self._last_src_end = src_start + len(text)

    def substitute(self, text: str, src_start: int, src_end: int) -> None:
        """Append text standing for source[src_start:src_end] (an entity, a line break ...)."""
        if text:
            self.parts.append(text)
            self.map.add(len(text), src_start, src_end, False)
            self._last_src_end = src_end

    def separator(self, text: str = BLOCK_SEPARATOR) -> None:
        self.substitute(text, self._last_src_end, self._last_src_end)

    def text(self) -> str:
        return "".join(self.parts)

    def trimmed_end(self, begin: int) -> int:
        """End of the text appended since ``begin``, less trailing whitespace."""
        end = self.length
        for part in reversed(self.parts):
            stripped = len(part.rstrip())
            end -= len(part) - stripped
            if stripped or end <= begin:
                break
        return max(begin, end)


@dataclass
class Block:
    """A unit of linted text: a heading, paragraph, list item, table cell ..."""
    kind: str
    start: int
    end: int
    level: int = 0          # heading level, list depth
    section: int = 0        # index into Document.sections
    index: int = 0          # position among the document's blocks


@dataclass
class Section:
    """A heading and the blocks under it (the first section may have no heading)."""
    index: int
    heading: Block | None
    blocks: list[Block] = field(default_factory=list)

    @property
    def start(self) -> int:
        return (self.heading or self.blocks[0]).start if (self.heading or self.blocks) else 0

    @property
    def end(self) -> int:
        last = self.blocks[-1] if self.blocks else self.heading
        return last.end if last else 0


class Document:
    """An article ready for the checks."""

    def __init__(self, source: str, text: str, offsets: OffsetMap, blocks: list[Block],
                 fmt: str = "text", path: str | None = None, meta: dict[str, Any] | None = None):
        self.source = source
        self.text = text
        self.offsets = offsets
        self.fmt = fmt
        self.path = path
        self.meta = meta or {}
        self.blocks = blocks
        self.sections = _sections(blocks)
        self.doc = None  # the spaCy Doc over ``text``, set by the engine
        self._line_starts: list[int] | None = None
        self.cache: dict[str, Any] = {}  # per-document memo shared by checks (e.g. spin matches)
        # Source spans shown as code (Markdown code blocks and spans): a suppression comment
        # written there is an example, not a directive.
        self.code_spans: list[tuple[int, int]] = []

    # -- positions -----------------------------------------------------------------------
    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            src = self.source
            i = src.find("\n")
            while i != -1:
                starts.append(i + 1)
                i = src.find("\n", i + 1)
            self._line_starts = starts
        return self._line_starts

    def line_col(self, src_offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a source offset."""
        line = bisect.bisect_right(self.line_starts, src_offset) - 1
        return line + 1, src_offset - self.line_starts[line] + 1

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        s = self.offsets.start(start)
        e = self.offsets.end(end) if end > start else s
        return s, max(s, e)

    # -- structure -----------------------------------------------------------------------
    def block_at(self, pos: int) -> Block | None:
        starts = [b.start for b in self.blocks]
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and self.blocks[i].start <= pos <= self.blocks[i].end:
            return self.blocks[i]
        return None

    def section_of(self, pos: int) -> Section | None:
        block = self.block_at(pos)
        return self.sections[block.section] if block else None

    def block_text(self, block: Block) -> str:
        return self.text[block.start:block.end]

    def sentences(self) -> Iterator[Any]:
        """spaCy sentence spans, skipping whitespace-only ones (computed once per document)."""
        if self.doc is None:
            return iter(())
        sents = self.cache.get("document.sentences")
        if sents is None:
            text = self.text  # sliced, not Span.text: that makes a Token object per word
            sents = self.cache["document.sentences"] = [s for s in self.doc.sents
                                                        if text[s.start_char:s.end_char].strip()]
        return iter(sents)

    # -- the trained model, on demand --------------------------------------------------------
    def parse(self, span) -> Any:
        """The trained model's tokens for ``span`` (a span of ``self.doc``), with part-of-speech
        tags, a dependency parse and the model's lemmas, from parsing the sentence around it.
        Token k of the result is token k of ``span`` (token ``.i`` values are the parsed
        sentence's, not ``self.doc``'s). None without a trained model, or if the tokens differ."""
        return self._aligned(span, self.parse_sentences)

    def parse_sentences(self, sents: list) -> list:
        """Parsed Docs aligned token for token with the sentence spans ``sents`` (None where
        unavailable); each sentence is parsed at most once per document."""
        return self._analyse(sents, "document.parsed", parse=True)

    def tag(self, span) -> Any:
        """Like ``parse`` but part-of-speech tags and lemmas only (no dependency parse: cheaper)."""
        return self._aligned(span, self.tag_sentences)

    def tag_sentences(self, sents: list) -> list:
        """Tagged Docs of the sentence spans ``sents`` (a parse already made serves too)."""
        parsed = self.cache.get("document.parsed", {})
        rest = [s for s in sents if s.start not in parsed]
        tagged = dict(zip((s.start for s in rest), self._analyse(rest, "document.tagged", parse=False)))
        return [parsed[s.start] if s.start in parsed else tagged[s.start] for s in sents]

    @staticmethod
    def _aligned(span, analyse) -> Any:
        """``span``'s tokens in the model's analysis of its sentence (``analyse``: sentences -> Docs)."""
        sent = span.sent
        analysed = analyse([sent])[0]
        if analysed is None:
            return None
        return analysed[span.start - sent.start:span.end - sent.start]

    def _analyse(self, sents: list, key: str, parse: bool) -> list:
        from .nlp import parse_sentences
        done = self.cache.setdefault(key, {})
        todo = list({s.start: s for s in sents if s.start not in done}.values())
        if todo:
            for sent, doc in zip(todo, parse_sentences([s.text for s in todo], parse=parse)):
                done[sent.start] = doc if doc is not None and len(doc) == len(sent) else None
        return [done[s.start] for s in sents]

    @property
    def word_count(self) -> int:
        if self.doc is not None:
            count = self.cache.get("document.word_count")
            if count is None:
                from .nlp import column
                count = self.cache["document.word_count"] = int(column(self.doc, "IS_ALPHA").sum())
            return count
        return len(self.text.split())


def _sections(blocks: list[Block]) -> list[Section]:
    sections: list[Section] = []
    current: Section | None = None
    for i, block in enumerate(blocks):
        block.index = i
        if block.kind in ("heading", "title"):
            current = Section(len(sections), block)
            sections.append(current)
        elif current is None:
            current = Section(len(sections), None)
            sections.append(current)
        if block is not (current.heading if current else None):
            current.blocks.append(block)
        block.section = current.index
    return sections
