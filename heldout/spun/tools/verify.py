#!/usr/bin/env python3
"""Check every expected.yaml snippet (with its occurrence) against its article."""
import glob, os, sys
import yaml

D = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
fail = 0
total = 0
for y in sorted(glob.glob(os.path.join(D, "*", "*.expected.yaml"))):
    stem = os.path.basename(y)[: -len(".expected.yaml")]
    here = os.path.dirname(y)
    arts = [p for p in (os.path.join(here, stem + ".md"), os.path.join(here, stem + ".txt")) if os.path.exists(p)]
    if len(arts) != 1:
        print(f"FAIL {stem}: article not found"); fail += 1; continue
    text = open(arts[0], encoding="utf-8").read()
    first = open(y, encoding="utf-8").readline()
    if not first.startswith("# "):
        print(f"FAIL {y}: missing description line"); fail += 1
    data = yaml.safe_load(open(y, encoding="utf-8"))
    n_doc = n_snip = 0
    for f in data["findings"]:
        if f.get("category") != "spin":
            print(f"FAIL {stem}: bad category {f}"); fail += 1
        if f.get("document") is True:
            n_doc += 1; continue
        snip, occ = f["snippet"], f.get("occurrence", 1)
        if not f.get("original"):
            print(f"FAIL {stem}: no original for {snip!r}"); fail += 1
        cnt = text.count(snip) if snip else 0
        # overlapping count, to be safe
        i, cnt = text.find(snip), 0
        while i != -1:
            cnt += 1; i = text.find(snip, i + 1)
        if cnt < occ:
            print(f"FAIL {stem}: {snip!r} occurrence {occ} not found (found {cnt})"); fail += 1
        if cnt > 1 and "occurrence" not in f and occ != 1:
            print(f"FAIL {stem}: ambiguous {snip!r}"); fail += 1
        n_snip += 1
    # duplicate (snippet, occurrence) pairs
    pairs = [(f["snippet"], f.get("occurrence", 1)) for f in data["findings"] if "snippet" in f]
    if len(pairs) != len(set(pairs)):
        print(f"FAIL {stem}: duplicate snippet/occurrence entries"); fail += 1
    total += n_snip
    print(f"{os.path.basename(arts[0]):45s} document={n_doc} snippets={n_snip}")
print(f"total snippets: {total}")
print("VERIFICATION PASSED" if not fail else f"VERIFICATION FAILED ({fail} problems)")
sys.exit(1 if fail else 0)
