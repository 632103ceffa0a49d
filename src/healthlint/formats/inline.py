"""Inline markup stripping with offset tracking, shared by the Markdown and HTML readers."""
from __future__ import annotations

import html
import re

from ..document import TextBuilder

_INLINE = re.compile(
    r"(?P<code>(?P<ticks>`+)[\s\S]+?(?P=ticks))"
    r"|(?P<image>!\[[^\]]*\]\([^)]*\))"
    r"|(?P<footnote>\[\^[^\]]+\])"
    r"|\[(?P<linktext>[^\]]+)\](?:\(\s*<?[^)\s>]*>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)|\[[^\]]*\])"
    r"|(?P<autolink><(?:[a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^>\s]+|[^>\s@]+@[^>\s]+)>)"
    r"|(?P<comment><!--[\s\S]*?-->)"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)"
    r"|(?P<url>\b(?:https?://|www\.)[^\s<>\"')\]]+)"
    r"|\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|(?P<hardbreak>\\(?=\r?\n))"      # a backslash hard line break: the newline stays, the backslash goes
    r"|(?P<entity>&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<emph>\*{1,3}|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9])|~~)"
)


def emit_mapped(builder: TextBuilder, text: str, offsets: list[int]) -> None:
    """Append ``text`` whose i-th character sits at source offset ``offsets[i]``.

    Runs that are contiguous in the source become verbatim (identity) segments.
    """
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and offsets[j] == offsets[j - 1] + 1:
            j += 1
        builder.copy(text[i:j], offsets[i])
        i = j


def strip_markdown_inline(builder: TextBuilder, content: str, offsets: list[int],
                          code_spans: list[tuple[int, int]] | None = None) -> None:
    """Emit the readable text of a Markdown inline run, dropping code, URLs and markup.

    Source spans of dropped inline code are appended to ``code_spans`` when given."""
    pos = 0
    for m in _INLINE.finditer(content):
        if m.start() > pos:
            emit_mapped(builder, content[pos:m.start()], offsets[pos:m.start()])
        kind = m.lastgroup
        if m.group("linktext") is not None:
            s, e = m.span("linktext")
            strip_markdown_inline(builder, content[s:e], offsets[s:e], code_spans)
        elif m.group("escaped") is not None:
            s = m.start("escaped")
            builder.copy(content[s], offsets[s])
        elif m.group("entity") is not None:
            builder.substitute(html.unescape(m.group("entity")), offsets[m.start()],
                               offsets[m.end() - 1] + 1)
        elif kind == "code" and code_spans is not None:
            code_spans.append((offsets[m.start()], offsets[m.end() - 1] + 1))
        elif kind in ("url", "autolink") and builder.length and not builder.parts[-1][-1:].isspace():
            pass  # a dropped URL leaves the surrounding spacing as it was
        pos = m.end()
    if pos < len(content):
        emit_mapped(builder, content[pos:], offsets[pos:])
