"""Column conventions of the output formats.

Findings carry code-point offsets into the decoded source (the ``healthlint/1`` contract, also
used by the text output). Other consumers count columns differently:

- ``codepoint``: Python ``str`` indices (json, text).
- ``utf16``: UTF-16 code units (SARIF's default ``columnKind``, LSP, JavaScript editors);
  a character outside the BMP (most emoji) counts 2.
- ``utf8``: bytes of the UTF-8 encoding (reviewdog's rdjson); "é" counts 2, an emoji 4.

Lines are split on ``\\n`` exactly as ``Document.line_col`` does, so line numbers agree.
"""
from __future__ import annotations

import bisect

UNITS = ("codepoint", "utf16", "utf8")


def width(text: str, unit: str) -> int:
    """Length of ``text`` in the given unit."""
    if unit == "codepoint":
        return len(text)
    if unit == "utf16":
        return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)
    if unit == "utf8":
        return len(text.encode("utf-8", "surrogatepass"))
    raise ValueError(f"unknown column unit {unit!r} (one of {', '.join(UNITS)})")


class LineIndex:
    """Offset -> (line, column) for one source text, in any column unit (all 1-based)."""

    def __init__(self, source: str):
        self.source = source
        starts = [0]
        i = source.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = source.find("\n", i + 1)
        self.starts = starts

    def line_of(self, offset: int) -> int:
        offset = min(max(offset, 0), len(self.source))
        return bisect.bisect_right(self.starts, offset)

    def position(self, offset: int, unit: str = "codepoint") -> tuple[int, int]:
        """1-based line and column of the character at code-point ``offset``."""
        offset = min(max(offset, 0), len(self.source))
        line = self.line_of(offset)
        start = self.starts[line - 1]
        return line, width(self.source[start:offset], unit) + 1

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line`` without its line ending."""
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.source)
        return self.source[start:end].rstrip("\r")


def span(index: LineIndex, start: int, end: int, unit: str) -> dict[str, int]:
    """``{line, column, end_line, end_column}`` of a half-open offset span; end column is exclusive."""
    line, column = index.position(start, unit)
    end_line, end_column = index.position(max(start, end), unit)
    return {"line": line, "column": column, "end_line": end_line, "end_column": end_column}
