"""Build the fallback lemmatizer's word lists from WordNet 3.0.

rules/lexicons/lemma_exceptions.tsv: the irregular forms (went -> go, feet -> foot, lying ->
lie) from WordNet's morphological exception lists (*.exc).
rules/lexicons/lemma_bases.txt: every single-word WordNet lemma, one line per part of speech
(noun, verb, adj, adv), so the suffix rules can check that a stripped form is a word
("compared" -> compare, not "compar"; "blazes" -> blaze, "boxes" -> box), as WordNet's morphy does.
The lemmatizer (healthlint.nlp.FallbackLemmatizer) annotates every document. Source: Debian
package ``wordnet-base`` (/usr/share/wordnet), WordNet 3.0 licence (Princeton; permissive, BSD-like).

    apt-get install wordnet-base && python scripts/build_lemma_exceptions.py
"""
from pathlib import Path

SRC = Path("/usr/share/wordnet")
OUT = Path(__file__).resolve().parents[1] / "rules" / "lexicons" / "lemma_exceptions.tsv"
BASES = OUT.with_name("lemma_bases.txt")


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
    out = ["# single-word WordNet 3.0 lemmas per part of speech (scripts/build_lemma_exceptions.py)",
           "# WordNet 3.0 Copyright 2006 by Princeton University, used under the WordNet License"]
    for pos in ("noun", "verb", "adj", "adv"):
        words = set()
        for line in (SRC / f"index.{pos}").read_text().splitlines():
            word = line.split(" ", 1)[0]
            if not line.startswith(" ") and word.isalpha() and word.islower():
                words.add(word)
        out.append(pos + "\t" + " ".join(sorted(words)))
    BASES.write_text("\n".join(out) + "\n")
    print(f"wrote {sum(len(line.split()) - 1 for line in out[2:])} lemmas to {BASES}")


if __name__ == "__main__":
    main()
