"""Applying suggested fixes: never two overlapping fixes in one pass; unsafe only on request.

``apply_fixes`` does one pass over one text. ``fix_to_fixed_point`` re-lints and repeats until
nothing changes (a fix can reveal or shift another finding). ``write_atomic`` and ``unified_diff``
serve ``healthlint check --fix / --diff``.
"""
from __future__ import annotations

import difflib
import os
import re
import tempfile
from dataclasses import dataclass, field
from typing import Callable

from .findings import Finding

MAX_PASSES = 8


def apply_fixes(source: str, findings: list[Finding], unsafe: bool = False) -> tuple[str, list[Finding]]:
    """Return the fixed text and the findings whose fixes were applied."""
    chosen: list[Finding] = []
    edits: list[list] = []  # [start, end, replacement]
    last_end = -1
    candidates = [f for f in findings if f.fix is not None and (f.fix.safe or unsafe)]
    for f in sorted(candidates, key=lambda f: (f.fix.start, f.fix.end)):
        if (f.fix.start < last_end and f.fix.replacement == "" and edits and edits[-1][2] == ""
                and source[f.fix.start:last_end].isspace()):
            # two deletions sharing only whitespace (neighbouring sentences): delete both
            edits[-1][1] = last_end = max(last_end, f.fix.end)
            chosen.append(f)
            continue
        if f.fix.start < last_end or (f.fix.start == last_end and chosen and chosen[-1].fix.start == f.fix.start):
            continue  # overlaps one already taken: a later pass will see it again if still relevant
        chosen.append(f)
        edits.append([f.fix.start, f.fix.end, f.fix.replacement])
        last_end = f.fix.end
    out: list[str] = []
    seams: list[int] = []   # output offsets where a deletion joined two pieces of whitespace
    length = 0
    pos = 0
    for start, end, replacement in edits:
        before = source[pos:start]
        out.append(before)
        length += len(before)
        joins = _joins_whitespace(replacement)
        if joins:
            seams.append(length)
        out.append(replacement)
        length += len(replacement)
        if joins:
            seams.append(length)
        pos = end
    out.append(source[pos:])
    return _tidy_seams("".join(out), seams), chosen


def _joins_whitespace(replacement: str) -> bool:
    return replacement == "" or replacement[:1].isspace() or replacement[-1:].isspace()


def _tidy_seams(text: str, seams: list[int]) -> str:
    """Deleting a sentence can leave a double space, trailing spaces or extra blank lines where the
    pieces meet; fold those, and only there (whitespace elsewhere, e.g. a Markdown hard break or
    two spaces after a full stop, is the author's)."""
    for p in sorted(set(seams), reverse=True):
        a, b = p, p
        while a > 0 and text[a - 1] in " \t\r\n":
            a -= 1
        while b < len(text) and text[b] in " \t\r\n":
            b += 1
        lo, hi = max(0, a - 1), min(len(text), b + 1)   # one neighbour each side for the lookarounds
        text = text[:lo] + _tidy(text[lo:hi]) + text[hi:]
    return text


def _tidy(text: str) -> str:
    text = re.sub(r"(?<=\S) {2,}(?=\S)", " ", text)
    text = re.sub(r"[ \t]+(?=\r?\n)", "", text)
    return re.sub(r"(?:\r?\n){3,}", lambda m: "\r\n\r\n" if "\r\n" in m.group() else "\n\n", text)


# -- fixing files --------------------------------------------------------------------------------
@dataclass
class FixOutcome:
    original: str
    fixed: str
    applied: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    passes: int = 0

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def fix_to_fixed_point(text: str, findings: list[Finding], relint: Callable[[str], list[Finding]],
                       unsafe: bool = False, max_passes: int = MAX_PASSES,
                       newline: str | None = None,
                       allowed: Callable[[str, Finding], bool] | None = None) -> FixOutcome:
    """Apply non-overlapping fixes, re-lint, and repeat until no fix changes the text (or the cap).
    ``allowed(text, finding)`` can veto a fix."""
    outcome = FixOutcome(text, text, remaining=findings)
    current = text
    for _ in range(max_passes):
        candidates = [f for f in outcome.remaining
                      if f.fix is not None and (allowed is None or allowed(current, f))]
        new, chosen = apply_fixes(current, candidates, unsafe)
        new = keep_newlines(text, new, newline)
        if not chosen or new == current:
            break
        outcome.passes += 1
        outcome.applied += chosen
        current = new
        outcome.remaining = relint(current)
    outcome.fixed = current
    return outcome


def fix_result(linter, result, unsafe: bool = False) -> FixOutcome | None:
    """Fix one linted FileResult (``linter`` re-lints between passes); None for unreadable files."""
    if result.error or result.source is None:
        return None
    allowed = None if result.fmt not in MARKUP else (lambda text, f: keeps_markup(text, f, MARKUP[result.fmt]))
    return fix_to_fixed_point(result.source, result.findings,
                              lambda text: linter.lint_text(text, result.fmt, result.path),
                              unsafe, newline=result.newline, allowed=allowed)


# Characters that open or close markup in each format.
MARKUP = {"markdown": "*_`~[]<>", "html": "<>"}
_VOID = {"br", "img", "hr", "wbr", "input", "meta", "link", "source", "area", "col", "embed", "param", "track"}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*?(/?)>")


_OPEN_BEFORE = re.compile(r"<(p|li|div|span|h[1-6]|small|figcaption|strong|em|b|i)\b[^<>]*>\s*$", re.I)


def whole_element(source: str, start: int, end: int) -> tuple[int, int]:
    """Widen a deletion of HTML ``source[start:end]`` to the elements it empties, so deleting
    "Advertisement" removes ``<p>Advertisement</p>`` rather than leaving ``<p></p>``; and to the
    whole line when the element stood alone on it. Elements holding anything else stay."""
    while True:
        m = _OPEN_BEFORE.search(source, max(0, start - 200), start)
        if m is None or m.end() != start:
            break
        close = re.compile(r"\s*</" + m.group(1) + r"\s*>", re.I).match(source, end)
        if close is None:
            break
        start, end = m.start(), close.end()
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", end)
    if source[line_start:start].strip() == "" and source[end:len(source) if line_end < 0 else line_end].strip() == "":
        start, end = line_start, (len(source) if line_end < 0 else line_end + 1)
    return start, end


def keeps_markup(text: str, finding: Finding, chars: str) -> bool:
    """False when applying the fix would break markup: a (necessarily unsafe) fix whose span
    crosses a ``**bold**`` or ``<em>`` boundary would leave half of it behind. A replacement may
    not touch markup characters at all; a deletion may remove markup only whole (a scraped
    sentence with a link or bold words in it), never half of a pair. A finding without a fix
    keeps the markup (there is nothing to apply)."""
    if finding.fix is None:
        return True
    original = text[finding.fix.start:finding.fix.end]
    replacement = finding.fix.replacement
    if replacement:
        return all(original.count(c) == replacement.count(c) for c in chars)
    if chars == MARKUP["html"]:
        depth: dict[str, int] = {}
        for closing, name, self_closing in _TAG.findall(original):
            name = name.lower()
            if name in _VOID or self_closing:
                continue
            depth[name] = depth.get(name, 0) + (-1 if closing else 1)
            if depth[name] < 0:
                return False
        return original.count("<") == original.count(">") and not any(depth.values())
    runs: dict[str, int] = {}
    for run in re.findall(r"\*+|_+|`+|~+", original):   # ** opens and closes with the same run
        runs[run] = runs.get(run, 0) + 1
    pairs = all(n % 2 == 0 for n in runs.values())
    return pairs and original.count("[") == original.count("]") and original.count("<") == original.count(">")


MARKUP_NAMES = {"markdown": "Markdown", "html": "HTML"}


def breaks_markup(text: str, finding: Finding, fmt: str) -> bool:
    """True when ``finding`` has a fix that would break the Markdown/HTML markup of ``text``:
    such a fix is never applied (not by ``--fix``, the review page or the language server), so
    editors show it as a suggestion to make by hand instead of offering to apply it."""
    chars = MARKUP.get(fmt)
    return bool(chars) and finding.fix is not None and not keeps_markup(text, finding, chars)


def keep_newlines(original: str, fixed: str, newline: str | None) -> str:
    """A fix may insert a bare ``\\n``; in a file that uses CRLF (or CR) throughout, keep its style."""
    if newline and newline != "\n" and "\n" in fixed:
        if newline == "\r\n" and not re.search(r"(?<!\r)\n", original):
            return re.sub(r"(?<!\r)\n", "\r\n", fixed)
    return fixed


def write_atomic(path: str, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` in ``encoding`` via a temporary file in the same directory and a rename,
    keeping the file's permissions; line endings are written exactly as they are in ``text``."""
    path = os.path.realpath(path)   # through a symlink: replace the target, keep the link
    directory = os.path.dirname(path)
    mode = os.stat(path).st_mode & 0o7777 if os.path.exists(path) else None
    fd, tmp = tempfile.mkstemp(prefix=".healthlint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(text.encode(encoding))
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path.lstrip('/')}", tofile=f"b/{path.lstrip('/')}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
