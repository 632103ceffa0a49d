"""Readers: turn a file's decoded text into a :class:`~healthlint.document.Document`.

Each reader keeps an exact map from the linted text back to the source (see document.py).
"""
from __future__ import annotations

from pathlib import Path

from ..document import Document

FORMAT_BY_SUFFIX = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
}
FORMATS = ("text", "markdown", "html")


def format_for(path: str | Path | None, default: str = "text") -> str:
    if not path:
        return default
    return FORMAT_BY_SUFFIX.get(Path(str(path)).suffix.lower(), default)


def parse(source: str, fmt: str = "text", path: str | None = None) -> Document:
    if fmt in ("markdown", "md"):
        from .markdown import parse_markdown
        return parse_markdown(source, path)
    if fmt in ("html", "htm"):
        from .html import parse_html
        return parse_html(source, path)
    if fmt in ("text", "txt"):
        from .text import parse_text
        return parse_text(source, path)
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
