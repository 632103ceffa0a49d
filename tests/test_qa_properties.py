"""Property tests: spun phrases inside random Markdown / HTML / plain-text markup.

For every generated document and every finding: ``source[start:end] == excerpt``, line/column
agree with the offsets, fixes lie inside the source and apply; each phrase placed in linted
text is reported exactly where it was placed, and no phrase inside code is reported.
"""
from __future__ import annotations

import bisect

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthlint.fixes import apply_fixes

PHRASES = ("neck torment", "bosom malignant growth")
FILLER = ("people", "often", "with", "daily", "snake_case_name", "this", "is", "common", "and", "x_y")
SETTINGS = settings(max_examples=int(__import__("os").environ.get("QA_EXAMPLES", 60)), deadline=None, suppress_health_check=list(HealthCheck))


class Builder:
    """Concatenates source pieces, remembering where each phrase was put and whether it is linted."""

    def __init__(self, newline: str):
        self.nl = newline
        self.parts: list[str] = []
        self.length = 0
        self.placed: list[tuple[int, str, bool]] = []   # (source offset, phrase, expected)

    def add(self, text: str) -> None:
        text = text.replace("\n", self.nl)
        self.parts.append(text)
        self.length += len(text)

    def phrase(self, phrase: str, expected: bool = True) -> None:
        self.placed.append((self.length, phrase.replace("\n", self.nl), expected))
        self.add(phrase)

    def source(self) -> str:
        return "".join(self.parts)


words = st.lists(st.sampled_from(FILLER), min_size=1, max_size=4).map(" ".join)
phrases = st.sampled_from(PHRASES)
newlines = st.sampled_from(["\n", "\r\n"])


@st.composite
def markdown_docs(draw):
    b = Builder(draw(newlines))
    if draw(st.booleans()):
        b.add("---\ntitle: neck torment\n---\n\n")   # front matter is not linted

    def inline(b):
        before, after = draw(words), draw(words)
        wrap = draw(st.sampled_from(["{}", "**{}**", "*{}*", "_{}_", "[{}](http://example.com/a_b)",
                                     "[{}][ref]", "~~{}~~"]))
        left, right = wrap.split("{}")
        b.add(f"{before} {left}")
        b.phrase(draw(phrases))
        b.add(f"{right} {after}")
        if draw(st.booleans()):
            b.add(draw(st.sampled_from([" `neck torment`", " &nbsp;&#8217; x", " <br>", " <!-- c -->",
                                        " http://example.com/neck-torment"])))

    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["atx", "setext", "para", "list", "nested", "ordered", "quote",
                                     "table", "fence", "html"]))
        if kind == "atx":
            b.add("## ")
            inline(b)
            b.add("\n\n")
        elif kind == "setext":
            inline(b)
            b.add("\n" + draw(st.sampled_from(["===", "---"])) + "\n\n")
        elif kind == "para":
            inline(b)
            b.add("\n" + draw(words) + "\t" + draw(words) + "\n\n")
        elif kind in ("list", "nested", "ordered"):
            marker = "1. " if kind == "ordered" else draw(st.sampled_from(["- ", "* ", "+ ", "-\t"]))
            b.add(marker + draw(words) + "\n")
            b.add(("   " if kind == "ordered" else "  ") + "- " if kind != "list" else marker)
            inline(b)
            b.add("\n\n")
        elif kind == "quote":
            b.add("> ")
            inline(b)
            b.add("\n\n")
        elif kind == "table":
            b.add("| ")
            inline(b)
            b.add(" | ")
            b.phrase(draw(phrases))
            b.add(" |\n|---|---|\n| " + draw(words) + " | ")
            inline(b)
            b.add(" |\n\n")
        elif kind == "fence":
            b.add("```\n" + draw(words) + " ")
            b.phrase(draw(phrases), expected=False)
            b.add("\n```\n\n")
        else:
            b.add("<div>\n")
            b.phrase(draw(phrases), expected=False)   # raw HTML blocks are not linted
            b.add("\n</div>\n\n")
    b.add("[ref]: http://example.com/neck-torment\n")
    return b, "markdown"


@st.composite
def html_docs(draw):
    b = Builder(draw(newlines))
    b.add(draw(st.sampled_from(["", "<!DOCTYPE html><html><head><title>x</title></head><body>\n", "<body>"])))

    def inline(b):
        wrap = draw(st.sampled_from(["{}", "<b>{}</b>", "<em>{}</em>", "<a href='/x'>{}</a>",
                                     "<span class=\"x\">{}</span>"]))
        left, right = wrap.split("{}")
        b.add(draw(words) + draw(st.sampled_from([" ", "&nbsp;", " &#8217; ", "<br>", " <!-- c -->", " &amp; "])))
        b.add(left)
        b.phrase(draw(st.sampled_from(PHRASES + ("neck&nbsp;torment", "neck\ntorment", "Bosom  malignant growth"))))
        b.add(right + draw(st.sampled_from([" ", "&nbsp;", "<br/>", " "])) + draw(words))

    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["p", "unclosed", "h2", "li", "td", "quote", "div", "script", "pre", "comment"]))
        if kind in ("p", "h2", "div"):
            b.add(f"<{kind}>")
            inline(b)
            b.add(f"</{kind}>\n")
        elif kind == "unclosed":
            b.add("<p>")
            inline(b)
            b.add("\n")
        elif kind == "li":
            b.add("<ul><li>")
            inline(b)
            b.add("</li><li>" + draw(words) + "</ul>\n")
        elif kind == "td":
            b.add("<table><tr><td>")
            inline(b)
            b.add("</td><td>")
            inline(b)
            b.add("</td></tr></table>\n")
        elif kind == "quote":
            b.add("<blockquote>")
            inline(b)
            b.add("</blockquote>\n")
        elif kind == "script":
            b.add("<script>var s = '")
            b.phrase(draw(phrases), expected=False)
            b.add("'; if (a < b && c > d) {}</script>\n")
        elif kind == "pre":
            b.add("<pre><code>")
            b.phrase(draw(phrases), expected=False)
            b.add("</code></pre>\n")
        else:
            b.add("<!-- ")
            b.phrase(draw(phrases), expected=False)
            b.add(" -->\n")
    return b, "html"


@st.composite
def text_docs(draw):
    b = Builder(draw(newlines))
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["para", "bullets", "numbered", "heading"]))
        if kind == "heading":
            b.add("Title " + draw(words) + "\n\n")
            continue
        lines = draw(st.integers(1, 3))
        for _ in range(lines):
            b.add({"para": "", "bullets": "- ", "numbered": "1. "}[kind] + draw(words) + " ")
            b.phrase(draw(phrases))
            b.add(" " + draw(words) + ("." if kind == "para" else "") + "\n")
        b.add("\n")
    return b, "text"


def _check_invariants(source, findings):
    starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
    for f in findings:
        assert 0 <= f.start <= f.end <= len(source), f
        if not f.excerpt.endswith("..."):
            assert source[f.start:f.end] == f.excerpt, f
        for offset, line, column in ((f.start, f.line, f.column), (f.end, f.end_line, f.end_column)):
            n = bisect.bisect_right(starts, offset)
            assert (line, column) == (n, offset - starts[n - 1] + 1), f
        if f.fix is not None:
            assert 0 <= f.fix.start <= f.fix.end <= len(source), f
    for unsafe in (False, True):
        fixed, applied = apply_fixes(source, findings, unsafe=unsafe)
        assert all(f.fix.safe or unsafe for f in applied)
        # text outside the fixed spans is kept (up to whitespace tidying at deletions)
        if applied and all(f.fix.replacement.strip() == f.fix.replacement != "" for f in applied):
            first = min(f.fix.start for f in applied)
            assert fixed[:first] == source[:first]


def _check_phrases(b, findings):
    spin = {f.start: f for f in findings if f.rule == "HL101"}
    for offset, phrase, expected in b.placed:
        if expected:
            assert offset in spin, (phrase, offset, b.source())
            assert spin[offset].excerpt.lower() == phrase.lower(), (spin[offset], b.source())
        else:
            assert not any(f.start <= offset < f.end or offset <= f.start < offset + len(phrase)
                           for f in spin.values()), (phrase, offset, b.source())


@SETTINGS
@given(st.one_of(markdown_docs(), html_docs(), text_docs()))
def test_spun_phrases_in_random_markup(linter, built):
    b, fmt = built
    source = b.source()
    findings = linter.lint_text(source, fmt, f"doc.{fmt}")
    _check_invariants(source, findings)
    _check_phrases(b, findings)
