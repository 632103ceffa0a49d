#!/usr/bin/env python3
"""Verify the mixed3 blind evaluation set.

Checks, for every article NAME.ext with NAME.expected.yaml:
  * the YAML parses and has a `findings` list with known categories;
  * every snippet is an exact substring; the N-th occurrence (occurrence:, default 1)
    exists in the whole file and lies in the article body (after YAML front matter
    for Markdown, inside <article>...</article> for HTML);
  * document-level findings carry no snippet;
  * spin findings list every body occurrence of each spun phrase;
  * clean articles (description starting "# clean") have findings: [];
  * word count of the body is 300-900.
Exit code 0 when everything passes.
"""
import glob, os, re, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CATS = {"spin", "duplication", "contradiction", "drug-promotion", "health-claim",
        "attribution", "boilerplate", "readability", "structure"}
ARTICLE_EXT = (".md", ".txt", ".html")


def body_span(path, text):
    """Return (start, end) offsets of the region where snippets may live."""
    if path.endswith(".md") and text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end < 0:
            raise ValueError("unterminated front matter")
        return end + 5, len(text)
    if path.endswith(".html"):
        m = re.search(r"<article\b[^>]*>", text)
        e = text.find("</article>")
        if not m or e < 0 or text.find("<article", m.end()) != -1:
            raise ValueError("need exactly one <article> element")
        return m.end(), e
    return 0, len(text)


def occurrences(text, snippet):
    out, i = [], text.find(snippet)
    while i >= 0:
        out.append(i)
        i = text.find(snippet, i + 1)
    return out


def main():
    errors, warnings, n_files = [], [], 0
    totals = {}
    arts = sorted(f for f in os.listdir(HERE)
                  if f.endswith(ARTICLE_EXT) and f != "INDEX.md")
    for art in arts:
        n_files += 1
        name = os.path.splitext(art)[0]
        exp = os.path.join(HERE, name + ".expected.yaml")
        if not os.path.exists(exp):
            errors.append(f"{art}: missing {name}.expected.yaml")
            continue
        text = open(os.path.join(HERE, art), encoding="utf-8").read()
        raw = open(exp, encoding="utf-8").read()
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as e:
            errors.append(f"{exp}: YAML error {e}")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
            errors.append(f"{exp}: needs a `findings` list")
            continue
        first = raw.splitlines()[0] if raw else ""
        clean = first.startswith("# clean")
        if not (clean or first.startswith("# dirty")):
            errors.append(f"{exp}: first line must be '# clean: ...' or '# dirty: ...'")
        try:
            b0, b1 = body_span(art, text)
        except ValueError as e:
            errors.append(f"{art}: {e}")
            continue
        body = text[b0:b1]
        plain = re.sub(r"<[^>]+>", " ", body) if art.endswith(".html") else body
        wc = len(plain.split())
        if not 300 <= wc <= 900:
            errors.append(f"{art}: body has {wc} words (want 300-900)")
        findings = data["findings"]
        if clean and findings:
            errors.append(f"{exp}: clean article must have findings: []")
        if not clean and not (3 <= len({(f.get('category'), f.get('snippet')) for f in findings})):
            errors.append(f"{exp}: dirty article should have at least 3 findings")
        spin_listed = {}
        for k, f in enumerate(findings):
            where = f"{exp} finding #{k+1}"
            cat = f.get("category")
            if cat not in CATS:
                errors.append(f"{where}: unknown category {cat!r}")
                continue
            totals[cat] = totals.get(cat, 0) + 1
            if f.get("document"):
                if "snippet" in f:
                    errors.append(f"{where}: document-level finding must not have a snippet")
                continue
            snip = f.get("snippet")
            if not isinstance(snip, str) or not snip:
                errors.append(f"{where}: missing snippet")
                continue
            occ = f.get("occurrence", 1)
            hits = occurrences(text, snip)
            if len(hits) < occ:
                errors.append(f"{where}: snippet occurrence {occ} not found "
                              f"({len(hits)} found): {snip[:70]!r}")
                continue
            pos = hits[occ - 1]
            if not (b0 <= pos and pos + len(snip) <= b1):
                errors.append(f"{where}: occurrence {occ} of {snip[:50]!r} is outside the article body")
            body_hits = [h for h in hits if b0 <= h and h + len(snip) <= b1]
            if "occurrence" not in f and len(body_hits) > 1 and cat != "spin":
                warnings.append(f"{where}: snippet occurs {len(body_hits)}x in body, occurrence not given: {snip[:50]!r}")
            if cat == "spin":
                if "original" not in f:
                    errors.append(f"{where}: spin finding needs `original`")
                spin_listed.setdefault(snip, set()).add(occ)
            if cat == "duplication" and len(hits) < 2:
                warnings.append(f"{where}: duplication snippet occurs once (near-copy?): {snip[:50]!r}")
        for snip, occs in spin_listed.items():
            hits = occurrences(text, snip)
            body_occs = {i + 1 for i, h in enumerate(hits) if b0 <= h < b1}
            if body_occs != occs:
                errors.append(f"{exp}: spin {snip!r} body occurrences {sorted(body_occs)} "
                              f"but listed {sorted(occs)}")
        print(f"  {art:38s} {'clean' if clean else 'dirty'} words={wc:4d} findings={len(findings)}")
    for y in glob.glob(os.path.join(HERE, "*.expected.yaml")):
        base = os.path.basename(y)[:-len(".expected.yaml")]
        if not any(a.startswith(base + ".") for a in arts):
            errors.append(f"{y}: no matching article")
    print("\nfindings per category:", dict(sorted(totals.items())))
    for w in warnings:
        print("WARN ", w)
    for e in errors:
        print("ERROR", e)
    print(f"\n{n_files} articles checked: {'PASS' if not errors else 'FAIL'} "
          f"({len(errors)} errors, {len(warnings)} warnings)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
