"""Plain text: paragraphs are separated by blank lines; short unpunctuated lines are headings."""
from __future__ import annotations

import re

from ..document import Block, Document, TextBuilder

_PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s+")


def looks_like_heading(text: str) -> bool:
    """A lone short line without closing punctuation reads as a heading in plain text."""
    stripped = text.strip()
    if not stripped or "\n" in stripped or len(stripped) > 90:
        return False
    if stripped[-1] in ".!?,;:\"'”’)" or _BULLET.match(stripped):
        return False
    words = stripped.split()
    return 1 <= len(words) <= 12 and stripped[0].isupper()


_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+(?=[A-Z])")


def _heads_paragraph(first: str, second: str) -> bool:
    """A short first line with no closing punctuation over a line that starts a new sentence: a
    heading glued to its paragraph. (A hard-wrapped paragraph's first line runs to the wrap width,
    and its next line usually goes on mid-sentence in lower case.)"""
    head = _NUMBERED.sub("", first, count=1)
    second = second.strip()
    return (len(first.strip()) <= 50 and looks_like_heading(head) and second[:1].isupper()
            and len(second) > len(first.strip()) and not _BULLET.match(second))


def parse_text(source: str, path: str | None = None) -> Document:
    builder = TextBuilder()
    blocks: list[Block] = []
    for match in _PARAGRAPH.finditer(source):
        para = match.group(0).rstrip("\n")
        offset = match.start()
        lines = para.split("\n")
        # A paragraph made of bullet lines becomes one block per bullet.
        if len(lines) > 1 and all(_BULLET.match(line) for line in lines):
            pieces = []
            pos = offset
            for line in lines:
                pieces.append((line, pos, "list_item"))
                pos += len(line) + 1
        elif len(lines) > 1 and _heads_paragraph(lines[0], lines[1]):
            # "5. Plank - 30 seconds" on its own line, the steps on the next: heading + paragraph
            pieces = [(lines[0], offset, "heading"), (para[len(lines[0]) + 1:], offset + len(lines[0]) + 1, "paragraph")]
        else:
            kind = "heading" if looks_like_heading(para) else "paragraph"
            pieces = [(para, offset, kind)]
        for text, start, kind in pieces:
            lead = len(text) - len(text.lstrip())
            if kind == "list_item":
                lead = _BULLET.match(text).end()
            body = text[lead:].rstrip()
            if not body:
                continue
            if blocks:
                builder.separator()
            begin = builder.length
            builder.copy(body, start + lead)
            blocks.append(Block(kind, begin, builder.length, level=1 if kind == "heading" else 0))
    if blocks and blocks[0].kind == "heading":
        blocks[0].kind = "title"
    return Document(source, builder.text(), builder.map, blocks, fmt="text", path=path)
