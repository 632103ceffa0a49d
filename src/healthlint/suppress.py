"""In-file suppressions (Markdown/HTML comments; also honoured in plain text):

    <!-- healthlint-disable HL101 HL4 -- reason -->   ... <!-- healthlint-enable -->
    <!-- healthlint-disable-next-line spin -->
    <!-- healthlint-disable -->                       (everything until enable / end of file)

Selectors are rule ids, id prefixes or categories, as for --select. A selector that names nothing,
or a misspelt directive (``healthlint-disable-nextline``), is reported as HL007 with the
other findings (``suppression_problems``, called by ``Linter.finalize``): it would otherwise silently suppress nothing, or too much.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_COMMENT = re.compile(r"<!--\s*healthlint-(disable-next-line|disable|enable)\b(.*?)-->", re.S)


@dataclass
class Suppression:
    start: int              # source offsets
    end: int
    selectors: tuple[str, ...]  # empty: every rule
    excluded: tuple[str, ...] = ()  # re-enabled inside the range ("disable spin" ... "enable HL101")

    def covers(self, rule, offset: int) -> bool:
        if not self.start <= offset < self.end:
            return False
        if any(rule.matches(s) for s in self.excluded):
            return False
        return not self.selectors or any(rule.matches(s) for s in self.selectors)


def _selectors(arg: str) -> tuple[str, ...]:
    arg = arg.split("--", 1)[0]
    return tuple(s for s in re.split(r"[\s,]+", arg.strip()) if s)


def find_suppressions(source: str, code_spans: list[tuple[int, int]] = ()) -> list[Suppression]:
    """Suppressions in ``source``; comments inside ``code_spans`` (code shown as text) do not count."""
    if "healthlint-" not in source:
        return []
    out: list[Suppression] = []
    open_ranges: list[tuple[int, tuple[str, ...], tuple[str, ...]]] = []  # start, selectors, excluded
    line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
    for m in _COMMENT.finditer(source):
        if any(s <= m.start() < e for s, e in code_spans):
            continue
        kind, sels = m.group(1), _selectors(m.group(2))
        if kind == "disable-next-line":
            # the next line after the comment that has content
            line = bisect.bisect_right(line_starts, m.end()) - 1
            nxt = line + 1
            while nxt < len(line_starts) and not source[line_starts[nxt]:(line_starts[nxt + 1] if nxt + 1 < len(line_starts) else len(source))].strip():
                nxt += 1
            if nxt < len(line_starts):
                end = line_starts[nxt + 1] if nxt + 1 < len(line_starts) else len(source)
                out.append(Suppression(line_starts[nxt], end, sels))
        elif kind == "disable":
            open_ranges.append((m.end(), sels, ()))
        else:  # enable: closes the ranges (all when no selector is given); a narrower enable
            still = []  # re-enables just its selectors: the rest of the range stays disabled
            for start, osels, excl in open_ranges:
                out.append(Suppression(start, m.start(), osels, excl))
                if sels and not (osels and set(osels) <= set(sels)):
                    still.append((m.end(), osels, excl + sels))
            open_ranges = still
    out.extend(Suppression(start, len(source) + 1, sels, excl) for start, sels, excl in open_ranges)
    return out


DIRECTIVES = ("disable-next-line", "disable", "enable")
_ANY_DIRECTIVE = re.compile(r"<!--\s*healthlint-([\w-]*)(.*?)-->", re.S)


def suppression_problems(source: str, rules, code_spans: list[tuple[int, int]] = ()) -> list:
    """HL007 findings (warning, source offsets, line/column set) for suppression comments that
    name an unknown rule selector or directive; ``rules`` are every loaded rule (selectors are
    checked as --select's are). Comments inside ``code_spans`` are examples and not checked."""
    if "healthlint-" not in source:
        return []
    from .engine import unknown_selectors
    from .findings import Finding
    from .positions import LineIndex

    rules = list(rules)
    index = None
    out = []

    def problem(start: int, end: int, message: str) -> None:
        nonlocal index
        index = index or LineIndex(source)
        f = Finding("HL007", "structure", "warning", message, start, end, confidence=1.0)
        f.line, f.column = index.position(start)
        f.end_line, f.end_column = index.position(end)
        f.excerpt = source[start:end]
        out.append(f)

    for m in _ANY_DIRECTIVE.finditer(source):
        if any(s <= m.start() < e for s, e in code_spans):
            continue
        directive, arg = m.group(1), m.group(2)
        if directive not in DIRECTIVES:
            read_as = next((d for d in DIRECTIVES if directive.startswith(d + "-")), None)  # as _COMMENT does
            problem(m.start(1) - len("healthlint-"), m.end(1),
                    f"unknown suppression directive 'healthlint-{directive}' (use healthlint-disable, "
                    "healthlint-disable-next-line or healthlint-enable): "
                    + (f"it is read as healthlint-{read_as}" if read_as else "it suppresses nothing"))
            continue
        reason = arg.find("--")
        sels = arg if reason < 0 else arg[:reason]
        for t in re.finditer(r"[^\s,]+", sels):
            if unknown_selectors(rules, [t.group()]):
                start = m.start(2) + t.start()
                problem(start, start + len(t.group()),
                        f"unknown rule '{t.group()}' in suppression comment: it suppresses nothing "
                        "(use rule ids, id prefixes like HL1, or categories; see 'healthlint rules')")
    return out
