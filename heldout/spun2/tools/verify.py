#!/usr/bin/env python3
"""Independent check of generated articles against their expected YAML.

For every NAME.expected.yaml in the spun directory:
  * the YAML parses and has the expected shape,
  * every snippet (with its occurrence, default 1) is found in the article,
  * every appearance of a listed snippet in the article is listed
    (occurrences 1..N all present, no duplicates),
  * `occurrence` is given whenever the snippet repeats,
  * document: true is present exactly for heavy/medium articles (per src).
"""
import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent


def count(text, s):
    n, i = 0, text.find(s)
    while i != -1:
        n += 1
        i = text.find(s, i + 1)
    return n


def level_of(name):
    for p in (ROOT / "src").glob("*.src"):
        head = p.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        meta = dict(l.split(":", 1) for l in head.splitlines() if ":" in l)
        meta = {k.strip(): v.strip() for k, v in meta.items()}
        if meta["name"] == name:
            return meta["level"]
    raise KeyError(name)


def main():
    errors = 0
    ymls = sorted(ROOT.glob("*.expected.yaml"))
    for y in ymls:
        name = y.name[: -len(".expected.yaml")]
        arts = [p for p in (ROOT / f"{name}.md", ROOT / f"{name}.txt") if p.exists()]
        assert len(arts) == 1, name
        text = arts[0].read_text(encoding="utf-8")
        raw = y.read_text(encoding="utf-8")
        assert raw.startswith("# ") and "\n" in raw
        data = yaml.safe_load(raw)
        assert list(data) == ["findings"], data.keys()
        doc = [f for f in data["findings"] if f.get("document")]
        snips = [f for f in data["findings"] if "snippet" in f]
        assert len(doc) + len(snips) == len(data["findings"])
        lvl = level_of(name)
        want_doc = lvl in ("heavy", "medium")
        if bool(doc) != want_doc or len(doc) > 1:
            print(f"FAIL {name}: document flag mismatch for level {lvl}")
            errors += 1
        seen = {}
        for f in snips:
            assert f["category"] == "spin" and set(f) <= {
                "category", "snippet", "occurrence", "original"}, f
            assert f["original"] and f["original"] != f["snippet"], f
            s, occ = f["snippet"], f.get("occurrence", 1)
            n = count(text, s)
            if n < occ:
                print(f"FAIL {name}: {s!r} occurrence {occ} not found (count {n})")
                errors += 1
            if n > 1 and "occurrence" not in f:
                print(f"FAIL {name}: {s!r} repeats but has no occurrence")
                errors += 1
            seen.setdefault(s, []).append(occ)
        for s, occs in seen.items():
            n = count(text, s)
            if sorted(occs) != list(range(1, n + 1)):
                print(f"FAIL {name}: {s!r} listed occurrences {sorted(occs)} "
                      f"but article has {n}")
                errors += 1
        print(f"ok   {arts[0].name}: level={lvl} listed={len(snips)} "
              f"distinct={len(seen)} document={bool(doc)}")
    if errors or not ymls:
        sys.exit(f"{errors} error(s)")
    print(f"verification passed for {len(ymls)} files")


if __name__ == "__main__":
    main()
