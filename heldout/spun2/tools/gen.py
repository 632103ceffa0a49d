#!/usr/bin/env python3
"""Generate spun articles and expected findings from annotated sources.

Source format (src/NN.src):

    name: heldout2-spun-01_topic
    format: md | txt
    level: heavy | medium | light
    description: one-line description
    ---
    article body with inline markup

Markup:
    [[spun text|original text]]   spun phrase that is listed as a finding
    [[~spun text|original text]]  spinner rewording that is still idiomatic
                                  English (kept in the article, NOT listed)

The generator strips the markup, writes NAME.md / NAME.txt and
NAME.expected.yaml, and fails if:
  * any markup is left over or malformed,
  * a listed snippet appears anywhere in the article at a position that is
    not one of its own listed occurrences (unlisted repeats, or a snippet
    hiding inside another phrase / word),
  * light articles do not have 2-5 listed phrases,
  * word count is outside 450-800.
"""
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
MARK = re.compile(r"\[\[(~?)([^\[\]|]+)\|([^\[\]|]+)\]\]")


def parse(path):
    text = path.read_text(encoding="utf-8")
    header, body = text.split("\n---\n", 1)
    meta = {}
    for line in header.splitlines():
        if line.strip():
            k, v = line.split(":", 1)
            meta[k.strip()] = v.strip()
    return meta, body.lstrip("\n")


def render(body):
    out, spans, last, length = [], [], 0, 0
    for m in MARK.finditer(body):
        chunk = body[last:m.start()]
        out.append(chunk)
        length += len(chunk)
        spun, orig = m.group(2), m.group(3)
        if spun != spun.strip() or orig != orig.strip():
            raise SystemExit(f"whitespace at edge of markup: {m.group(0)!r}")
        spans.append({"start": length, "spun": spun, "orig": orig,
                      "listed": not m.group(1)})
        out.append(spun)
        length += len(spun)
        last = m.end()
    out.append(body[last:])
    text = "".join(out)
    if not text.endswith("\n"):
        text += "\n"
    return text, spans


def all_positions(text, s):
    pos, i = [], text.find(s)
    while i != -1:
        pos.append(i)
        i = text.find(s, i + 1)  # overlapping search on purpose
    return pos


def units(text):
    """Sentences / list items / headings, for the spin-density statistic."""
    res, off = [], 0
    for line in text.split("\n"):
        start = off
        off += len(line) + 1
        if not line.strip():
            continue
        for m in re.finditer(r"[^.!?]+(?:[.!?]+|$)", line):
            if m.group(0).strip():
                res.append((start + m.start(), start + m.end()))
    return res


def q(s):
    return json.dumps(s, ensure_ascii=False)


def build(path):
    meta, body = parse(path)
    name, fmt, level = meta["name"], meta["format"], meta["level"]
    assert fmt in ("md", "txt"), fmt
    assert level in ("heavy", "medium", "light"), level
    text, spans = render(body)
    for bad in ("[[", "]]"):
        if bad in text:
            raise SystemExit(f"{name}: leftover markup {bad!r}")
    if "|" in text:
        raise SystemExit(f"{name}: stray '|' in article")

    listed = [s for s in spans if s["listed"]]
    # occurrence numbering + no unlisted appearances
    by_snip = {}
    for s in listed:
        by_snip.setdefault(s["spun"], []).append(s["start"])
    for snip, starts in by_snip.items():
        pos = all_positions(text, snip)
        if sorted(starts) != pos:
            extra = sorted(set(pos) - set(starts))
            ctx = [text[max(0, p - 30):p + len(snip) + 30] for p in extra]
            raise SystemExit(f"{name}: snippet {snip!r} appears unlisted: {ctx}")
    for s in listed:
        pos = all_positions(text, s["spun"])
        s["count"] = len(pos)
        s["occurrence"] = pos.index(s["start"]) + 1

    words = len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'\-]*", text))
    if not 450 <= words <= 800:
        raise SystemExit(f"{name}: word count {words} outside 450-800")
    if level == "light" and not 2 <= len(listed) <= 5:
        raise SystemExit(f"{name}: light article has {len(listed)} listed phrases")

    us = units(text)
    hit = sum(1 for a, b in us if any(a <= s["start"] < b for s in listed))

    lines = [f"# {meta['description']}", "findings:"]
    if level in ("heavy", "medium"):
        lines += ["  - category: spin", "    document: true"]
    for s in listed:
        lines += ["  - category: spin", f"    snippet: {q(s['spun'])}"]
        if s["count"] > 1:
            lines.append(f"    occurrence: {s['occurrence']}")
        lines.append(f"    original: {q(s['orig'])}")
    (ROOT / f"{name}.{fmt}").write_text(text, encoding="utf-8")
    (ROOT / f"{name}.expected.yaml").write_text("\n".join(lines) + "\n",
                                                  encoding="utf-8")
    unlisted = len(spans) - len(listed)
    print(f"{name}.{fmt}: level={level} words={words} listed={len(listed)} "
          f"unlisted_idiomatic={unlisted} units_with_spin={hit}/{len(us)} "
          f"({100 * hit / len(us):.0f}%)")


def main():
    srcs = sorted(SRC.glob("*.src"))
    if not srcs:
        sys.exit("no sources")
    for p in srcs:
        build(p)


if __name__ == "__main__":
    main()
