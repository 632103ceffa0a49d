"""HTML: lint the article's main text, not navigation, scripts or page furniture.

The standard library's HTMLParser reports where every tag and run of text starts, so the
linted text maps back to exact source offsets. Main text is the largest <article> (or <main>,
or role=main), else the <body>, with navigation, headers, footers, asides, forms, scripts,
styles and code removed, and elements whose class/id marks them as page furniture.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from ..document import Block, Document, TextBuilder

SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object",
             "canvas", "nav", "header", "footer", "aside", "form", "button", "select",
             "textarea", "pre", "code", "head", "figure", "video", "audio", "menu"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "param", "source", "track", "wbr"}
BLOCK_KINDS = {"p": "paragraph", "li": "list_item", "blockquote": "blockquote", "td": "table_cell",
               "th": "table_cell", "dd": "paragraph", "dt": "paragraph", "figcaption": "paragraph",
               "div": "paragraph", "section": "paragraph", "article": "paragraph", "main": "paragraph",
               "body": "paragraph", "tr": "paragraph", "table": "paragraph", "ul": "paragraph",
               "ol": "paragraph", "dl": "paragraph", "caption": "paragraph", "summary": "paragraph",
               "details": "paragraph", "address": "paragraph"}
HEADINGS = {f"h{i}": i for i in range(1, 7)}
FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|sidebar|side-bar|breadcrumbs?|footer|header|masthead|comments?|"
    r"share|sharing|social|cookie|consent|banner|related|widget|advert|ads?|promo|newsletter|"
    r"subscribe|signup|popup|modal|skip-link|pagination|toc)(?:$|[\s_-])", re.I)

# State classes on a content container ("has-sidebar", "no-ads", "with-toc") say what is *beside*
# it, not that it is furniture.
_MODIFIER = re.compile(r"(?:has|no|with|without|is)[-_]", re.I)


class _Collector(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.stack: list[tuple[str, bool]] = []   # (tag, skipped)
        self.skip_depth = 0
        self.events: list[tuple] = []             # ("text", str, src_start, src_end) | ("open"/"close", tag)
        self.meta: dict = {}
        self.title: tuple[str, int] | None = None
        self._in_title = False
        self.main_candidates: list[int] = []      # event indexes where <article>/<main> opens

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = (attrs.get("name") or attrs.get("property") or "").lower()
            if key and attrs.get("content"):
                self.meta[key] = attrs["content"]
            return
        if tag == "title":
            self._in_title = True
        if tag in VOID_TAGS:
            if tag == "br" and not self.skip_depth:
                self.events.append(("text", "\n", self._offset(), self._offset() + len(self.get_starttag_text() or "")))
            return
        classes = " ".join(c for c in (attrs.get("class") or "").split() if not _MODIFIER.match(c))
        marker = " ".join(filter(None, [classes, attrs.get("id"), attrs.get("role")]))
        skipped = tag in SKIP_TAGS or (bool(marker) and bool(FURNITURE.search(marker))
                                       and tag not in ("article", "main", "body", "html"))
        if attrs.get("hidden") is not None or "display:none" in (attrs.get("style") or "").replace(" ", ""):
            skipped = True
        self.stack.append((tag, skipped))
        if skipped:
            self.skip_depth += 1
        if not self.skip_depth:
            if tag in ("article", "main") or attrs.get("role") == "main":
                self.main_candidates.append(len(self.events))
            self.events.append(("open", tag))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.stack and self.stack[-1][0] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            open_tag, skipped = self.stack.pop()
            if skipped:
                self.skip_depth -= 1
            elif not self.skip_depth:
                self.events.append(("close", open_tag))
            if open_tag == tag:
                break

    def handle_data(self, data):
        start = self._offset()
        if self._in_title:
            self.title = (data, start)
            return
        if not self.skip_depth and self.stack:
            self.events.append(("text", data, start, start + len(data)))

    def handle_entityref(self, name):
        self._ref(f"&{name};")

    def handle_charref(self, name):
        self._ref(f"&#{name};")

    def _ref(self, raw):
        start = self._offset()
        end = start + len(raw) if self.source.startswith(raw, start) else start + len(raw) - 1
        if not self.skip_depth and self.stack and not self._in_title:
            self.events.append(("ref", html.unescape(raw), start, end))


def _main_events(c: _Collector) -> list[tuple]:
    """The events of the largest <article>/<main> subtree, else all body events."""
    best, best_len = None, 0
    for begin in c.main_candidates:
        depth, length = 0, 0
        for k in range(begin, len(c.events)):
            ev = c.events[k]
            if ev[0] == "open":
                depth += 1
            elif ev[0] == "close":
                depth -= 1
                if depth == 0:
                    break
            else:
                length += len(ev[1].strip())
        if length > best_len:
            best, best_len = (begin, k + 1), length
    if best and best_len >= 200:
        return c.events[best[0]:best[1]]
    return c.events


def parse_html(source: str, path: str | None = None) -> Document:
    collector = _Collector(source)
    try:
        collector.feed(source)
        collector.close()
    except Exception:  # HTMLParser is lenient; anything it still rejects leaves what was read
        pass
    events = _main_events(collector)
    builder = TextBuilder()
    blocks: list[Block] = []
    current: dict | None = None
    kinds: list[str] = []

    def flush():
        nonlocal current
        if current is not None:
            end = builder.trimmed_end(current["begin"])
            if end > current["begin"]:
                blocks.append(Block(current["kind"], current["begin"], end, level=current["level"]))
            else:
                # nothing readable: drop the separator and any whitespace we appended
                pass
        current = None

    def ensure_block():
        nonlocal current
        if current is None:
            if blocks:
                builder.separator()
            kind = "paragraph"
            level = 0
            for tag in reversed(kinds):
                if tag in HEADINGS:
                    kind, level = "heading", HEADINGS[tag]
                    break
                if tag in BLOCK_KINDS and BLOCK_KINDS[tag] != "paragraph":
                    kind = BLOCK_KINDS[tag]
                    break
            current = {"kind": kind, "begin": builder.length, "level": level}

    for ev in events:
        if ev[0] == "open":
            if ev[1] in HEADINGS or ev[1] in BLOCK_KINDS:
                flush()
            kinds.append(ev[1])
        elif ev[0] == "close":
            if ev[1] in HEADINGS or ev[1] in BLOCK_KINDS:
                flush()
            if ev[1] in kinds:
                while kinds and kinds.pop() != ev[1]:
                    pass
        else:
            _, text, start, end = ev
            if current is None and not text.strip():
                continue
            ensure_block()
            if ev[0] == "ref":
                builder.substitute(text, start, end)
            elif builder.length == current["begin"]:
                lead = len(text) - len(text.lstrip())
                builder.copy(text[lead:], start + lead)
            else:
                builder.copy(text, start)
    flush()
    meta = dict(collector.meta)
    if collector.title:
        meta.setdefault("title", collector.title[0].strip())
    return Document(source, builder.text(), builder.map, blocks, fmt="html", path=path, meta=meta)
