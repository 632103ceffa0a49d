#!/usr/bin/env python3
"""Generate spun articles + NAME.expected.yaml + INDEX.md from tools/src/*.src.

Source markup: [[spun snippet|original wording]] marks a listed spun phrase.
Unmarked text is written verbatim (including deliberately *unlisted*,
still-idiomatic spinner rewordings such as "specialist" or "way of life").
"""
import glob, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")
OUT = os.path.dirname(HERE)
MARK = re.compile(r"\[\[([^\[\]|]+)\|([^\[\]|]+)\]\]")


def all_starts(text, sub):
    out, i = [], text.find(sub)
    while i != -1:
        out.append(i)
        i = text.find(sub, i + 1)
    return out


def split_dir(name):
    """Odd-numbered articles go to dev/ (may be looked at when tuning), even ones to test/ (never)."""
    number = int(re.search(r"-(\d+)_", name).group(1))
    return os.path.join(OUT, "dev" if number % 2 else "test")


def build(path):
    raw = open(path, encoding="utf-8").read()
    assert raw.startswith("---\n"), path
    _, hdr, body = raw.split("---\n", 2)
    meta = dict(l.split(": ", 1) for l in hdr.strip().splitlines())
    body = body.lstrip("\n").rstrip("\n") + "\n"
    parts, marks, pos, cur = [], [], 0, 0
    for m in MARK.finditer(body):
        plain = body[pos:m.start()]
        parts.append(plain)
        cur += len(plain)
        snip, orig = m.group(1), m.group(2)
        marks.append((cur, snip, orig))
        parts.append(snip)
        cur += len(snip)
        pos = m.end()
    parts.append(body[pos:])
    text = "".join(parts)
    problems = []
    if "[[" in text or "]]" in text:
        problems.append("leftover markup")
    findings = []
    for start, snip, orig in marks:
        starts = all_starts(text, snip)
        assert text[start:start + len(snip)] == snip
        occ = starts.index(start) + 1
        findings.append((snip, occ, orig))
    # every occurrence of every listed snippet must itself be listed
    for snip in sorted({s for _, s, _ in marks}):
        n_text = len(all_starts(text, snip))
        n_listed = sum(1 for _, s, _ in marks if s == snip)
        if n_text != n_listed:
            problems.append(f"snippet {snip!r}: {n_text} in text, {n_listed} listed")
    words = len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’.\-/]*", text))
    level = meta["level"]
    if not 450 <= words <= 900:
        problems.append(f"word count {words} out of range")
    if level == "light" and not 2 <= len(findings) <= 5:
        problems.append(f"light article with {len(findings)} phrases")

    name = meta["file"]
    out = split_dir(name)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, name), "w", encoding="utf-8") as f:
        f.write(text)
    stem = name.rsplit(".", 1)[0]
    lines = [f"# {meta['desc']}", "findings:"]
    if level in ("heavy", "medium"):
        lines += ["  - category: spin", "    document: true"]
    for snip, occ, orig in findings:
        lines.append("  - category: spin")
        lines.append("    snippet: " + json.dumps(snip, ensure_ascii=False))
        if occ > 1:
            lines.append(f"    occurrence: {occ}")
        lines.append("    original: " + json.dumps(orig, ensure_ascii=False))
    with open(os.path.join(out, stem + ".expected.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return dict(meta, words=words, n=len(findings),
                distinct=len({s for s, _, _ in findings}), problems=problems)


def main():
    rows = [build(p) for p in sorted(glob.glob(os.path.join(SRC, "*.src")))]
    bad = False
    for r in rows:
        status = "OK" if not r["problems"] else "; ".join(r["problems"])
        bad |= bool(r["problems"])
        print(f"{r['file']:45s} {r['level']:6s} words={r['words']:4d} phrases={r['n']:3d}  {status}")
    idx = ["# Held-out spun-text test set", "",
           "Original wellness articles passed through simulated article-spinner rewording",
           "(thesaurus-style word-by-word substitution producing \"tortured phrases\").",
           "Each article `NAME.md` / `NAME.txt` has a companion `NAME.expected.yaml` listing every",
           "spun phrase (snippet, occurrence, original wording). Heavy and medium articles also carry",
           "a document-level `spin` finding. Still-idiomatic spinner rewordings are deliberately left",
           "unlisted.", "",
           "| File | Topic | Format | Spin level | Words | Listed phrases |",
           "|---|---|---|---|---:|---:|"]
    for r in rows:
        fmt = "Markdown" if r["file"].endswith(".md") else "Plain text"
        split = os.path.basename(split_dir(r["file"]))
        idx.append(f"| `{split}/{r['file']}` | {r['topic']} | {fmt} | {r['level']} | {r['words']} | {r['n']} |")
    idx += ["", f"Total listed phrases: {sum(r['n'] for r in rows)}", "",
            "Sources with inline markup and the generator live in `tools/`; run",
            "`python3 tools/verify.py` to check every snippet/occurrence against its article.", ""]
    with open(os.path.join(OUT, "INDEX.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(idx))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
