"""``--format text``: ``path:line:col: severity HL123 [category] message``, the line with the span
marked, the suggested fix, and a summary; with ``quiet`` (``-q``) only the first line of each
finding (and of each file that could not be read). Colour only on a terminal."""
from __future__ import annotations

import unicodedata
from collections import Counter

import click

from ..fixes import breaks_markup

COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
SNIPPET_CHARS = 200


def _cells(ch: str) -> int:
    """Terminal cells a character of the shown snippet takes (tabs are shown as 4 spaces)."""
    if ch == "\t":
        return 4
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def snippet(line: str, start: int, end: int) -> tuple[str, int, int]:
    """The part of ``line`` to show around code-point span [start, end), the number of cells before
    the span and its width in cells, so that the carets sit under the span on a terminal even with
    tabs, wide characters or a very long line (one-line HTML or Markdown paragraphs)."""
    lo = max(0, min(start - 60, len(line) - SNIPPET_CHARS)) if len(line) > SNIPPET_CHARS else 0
    hi = min(len(line), lo + SNIPPET_CHARS)
    end = max(start + 1, min(end, hi))
    before = line[lo:start]
    marked = line[start:end]
    shown = "".join("?" if ord(c) < 32 and c != "\t" else c for c in line[lo:hi])  # no terminal escapes
    pad = sum(map(_cells, before))
    width = max(1, sum(map(_cells, marked)))
    if lo:
        shown, pad = "..." + shown, pad + 3
    if hi < len(line):
        shown += "..."
    return shown.replace("\t", "    "), pad, width


def render(results, rules, out, options) -> None:
    colour = options.get("color", False)
    style = (lambda s, **kw: click.style(s, **kw)) if colour else (lambda s, **kw: s)
    total = Counter()
    files_with = 0
    concise = options.get("quiet") or options.get("concise")
    for r in results:
        if r.error:
            message = r.error.message
            if message.startswith(f"{r.path}: "):  # the path already leads the line
                message = message[len(r.path) + 2:]
            out.write(f"{style(r.path, bold=True)}: {style('error', fg='red')} "
                      f"{style(r.error.code, fg='red', bold=True)} {message}\n")
            continue
        if r.findings:
            files_with += 1
        lines = (r.source or "").split("\n")
        for f in r.findings:
            total[f.severity] += 1
            head = (f"{style(r.path, bold=True)}:{f.line}:{f.column}: {style(f.severity, fg=COLOURS[f.severity])} "
                    f"{style(f.rule, fg=COLOURS[f.severity], bold=True)} [{f.category}] {f.message}")
            out.write(head + "\n")
            if concise:
                continue
            if 0 < f.line <= len(lines):
                src_line = lines[f.line - 1].rstrip("\r")
                end_col = f.end_column if f.end_line == f.line else len(src_line) + 1
                shown, pad, width = snippet(src_line, f.column - 1, end_col - 1)
                out.write(f"    {shown}\n    {' ' * pad}{style('^' * width, fg=COLOURS[f.severity])}\n")
            if f.fix is not None:
                what = f"replace with {f.fix.replacement!r}" if f.fix.replacement else "delete"
                if r.source is not None and breaks_markup(r.source, f, r.fmt):   # never applied: say so
                    out.write(f"    {style('suggestion', fg='yellow')}: {what} (by hand: the fix would break the "
                              f"{'HTML' if r.fmt == 'html' else 'Markdown'} markup)\n")
                else:
                    kind = "fix" if f.fix.safe else "unsafe fix"
                    out.write(f"    {style(kind, fg='green')}: {what}\n")
            for rel in f.related:
                out.write(f"    related: line {rel.line}: {rel.message}\n")
    n = sum(total.values())
    errors = sum(1 for r in results if r.error)
    parts = [f"{n} finding{'s' if n != 1 else ''}"]
    parts += [f"{total[s]} {s}" for s in ("error", "warning", "info") if total[s]]
    line = f"{parts[0]}" + (f" ({', '.join(parts[1:])})" if len(parts) > 1 else "")
    line += f" in {files_with} of {len(results)} file{'s' if len(results) != 1 else ''}"
    if errors:
        line += f"; {errors} file{'s' if errors != 1 else ''} could not be read"
    if not options.get("quiet"):
        out.write(line + "\n")
    if options.get("statistics"):
        by_rule = Counter((f.rule, f.category) for r in results for f in r.findings)
        for (rid, cat), count in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            rule = rules.get(rid)
            out.write(f"{count:6d}  {rid}  [{cat}] {rule.name if rule else ''}\n")
