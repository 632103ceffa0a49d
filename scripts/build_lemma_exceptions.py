"""Build rules/lexicons/lemma_exceptions.tsv from WordNet 3.0's morphological exception lists.

These are the irregular forms (went -> go, feet -> foot, lying -> lie) that the fallback
lemmatizer (healthlint.nlp, used only when no trained spaCy pipeline is installed) needs on
top of its suffix rules. Source: Debian package ``wordnet-base`` (/usr/share/wordnet/*.exc),
WordNet 3.0 licence (Princeton; permissive, BSD-like).

    apt-get install wordnet-base && python scripts/build_lemma_exceptions.py
"""
from pathlib import Path

SRC = Path("/usr/share/wordnet")
OUT = Path(__file__).resolve().parents[1] / "rules" / "lexicons" / "lemma_exceptions.tsv"


def main() -> None:
    rows = set()
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (SRC / f"{pos}.exc").read_text().splitlines():
            parts = line.split()
            if len(parts) >= 2 and "_" not in parts[0] and "_" not in parts[1]:
                rows.add((parts[0], parts[1], pos))
    lines = ["form\tlemma\tpos"] + ["\t".join(r) for r in sorted(rows)]
    OUT.write_text("\n".join(lines) + "\n")
    print(f"wrote {len(rows)} exceptions to {OUT}")


if __name__ == "__main__":
    main()
