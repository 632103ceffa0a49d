"""Markdown: headings, paragraphs, list items, quotes and table cells become blocks.

markdown-it-py finds the block structure (and so code blocks, front matter and HTML blocks,
which are not linted); inline markup is stripped by formats.inline with exact offsets.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from ..document import Block, Document, TextBuilder
from .inline import strip_markdown_inline

_PARSER = MarkdownIt("commonmark").enable("table").enable("strikethrough").use(front_matter_plugin)


def _line_starts(source: str) -> list[int]:
    starts = [0]
    for i, ch in enumerate(source):
        if ch == "\n":
            starts.append(i + 1)
    return starts


def _locate(content: str, line_range: tuple[int, int], source: str, starts: list[int],
            floor: int = 0) -> list[int] | None:
    """Source offset of each character of an inline token's content (lines joined by \\n).

    ``floor`` is where the previous inline token ended: two table cells with the same text on one
    row must not both be placed at the first cell."""
    first, last = line_range
    offsets: list[int] = []
    line_no = first
    for k, line in enumerate(content.split("\n")):
        placed = False
        while line_no < min(last, len(starts)):
            ls = starts[line_no]
            le = starts[line_no + 1] - 1 if line_no + 1 < len(starts) else len(source)
            src_line = source[ls:le]
            col = src_line.find(line, max(0, floor - ls)) if line else len(src_line.rstrip("\r"))
            if col < 0 and line:
                col = src_line.find(line)
            line_no += 1
            if col >= 0:
                here = list(range(ls + col, ls + col + len(line)))
            else:
                here = _escaped_pipes(line, src_line, ls, max(0, floor - ls))
            if here is not None:
                offsets.extend(here)
                if k < content.count("\n"):
                    offsets.append(here[-1] + 1 if here else ls + max(col, 0))  # the newline joining the lines
                placed = True
                break
        if not placed:
            return None
    return offsets


def _escaped_pipes(line: str, src_line: str, ls: int, floor: int) -> list[int] | None:
    """A table cell's content has ``\\|`` unescaped to ``|``: place it character by character."""
    if "|" not in line:
        return None
    pattern = r"\\?\|".join(re.escape(part) for part in line.split("|"))
    m = re.compile(pattern).search(src_line, floor) or re.search(pattern, src_line)
    if m is None:
        return None
    out, i = [], m.start()
    for ch in line:
        if ch == "|" and src_line[i] == "\\":
            i += 1
        out.append(ls + i)
        i += 1
    return out


_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\r?\n(.*?)^\+\+\+[ \t]*\r?$", re.S | re.M)


def _toml_front_matter(source: str) -> tuple[str, dict]:
    """Hugo-style ``+++`` TOML front matter: its metadata, and the source with it blanked out
    (same length, so offsets hold) for markdown-it, which knows only ``---`` front matter."""
    m = _TOML_FRONT_MATTER.match(source)
    if m is None:
        return source, {}
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(m.group(1))
    except tomllib.TOMLDecodeError:
        data = {}
    return re.sub(r"[^\r\n]", " ", m.group(0)) + source[m.end():], data


def _front_matter(text: str) -> dict:
    import yaml
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def parse_markdown(source: str, path: str | None = None) -> Document:
    parsed, meta = _toml_front_matter(source)
    tokens = _PARSER.parse(parsed)
    starts = _line_starts(source)
    builder = TextBuilder()
    blocks: list[Block] = []
    context: list[str] = []  # open container tokens: list_item, blockquote, heading, th/td
    placed_end = 0           # source offset after the last placed inline token
    code_spans: list[tuple[int, int]] = []
    for i, tok in enumerate(tokens):
        if tok.type == "front_matter":
            meta.update(_front_matter(tok.content))
            continue
        if tok.type in ("fence", "code_block") and tok.map:
            code_spans.append((starts[tok.map[0]], starts[tok.map[1]] if tok.map[1] < len(starts) else len(source)))
            continue
        if tok.nesting == 1:
            context.append(tok.type)
            continue
        if tok.nesting == -1:
            if context:
                context.pop()
            continue
        if tok.type != "inline" or not tok.map or not tok.content.strip():
            continue
        parent = context[-1] if context else ""
        if parent == "heading_open":
            kind, level = "heading", int(tokens[i - 1].tag[1:])
        elif parent in ("th_open", "td_open"):
            kind, level = "table_cell", 0
        elif "list_item_open" in context:
            kind, level = "list_item", context.count("list_item_open")
        elif "blockquote_open" in context:
            kind, level = "blockquote", 0
        else:
            kind, level = "paragraph", 0
        offsets = _locate(tok.content, tuple(tok.map), source, starts, placed_end)
        if offsets is None:
            continue  # cannot place this text exactly: never report at a wrong position
        if offsets:
            placed_end = offsets[-1] + 1
        if blocks:
            builder.separator()
        begin = builder.length
        strip_markdown_inline(builder, tok.content, offsets, code_spans)
        end = builder.trimmed_end(begin)
        if end > begin:
            blocks.append(Block(kind, begin, end, level=level))
    text = builder.text()
    document = Document(source, text, builder.map, blocks, fmt="markdown", path=path, meta=meta)
    document.code_spans = code_spans
    return document
