"""Where the shipped data lives: rule packs and lexicons (inside the wheel, or the source tree)."""
from __future__ import annotations

import csv
import functools
from pathlib import Path


@functools.lru_cache(maxsize=1)
def rules_dir() -> Path:
    packaged = Path(__file__).resolve().parent / "rules"      # installed wheel
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[2] / "rules"  # editable install / checkout
    if source_tree.is_dir():
        return source_tree
    raise FileNotFoundError("healthlint rule packs not found (broken installation?)")


def lexicon_path(name: str) -> Path:
    return rules_dir() / "lexicons" / name


@functools.lru_cache(maxsize=32)
def read_lexicon(name: str, optional: bool = False) -> tuple[dict, ...]:
    """Rows of a TSV lexicon in rules/lexicons, parsed once per process and shared by every
    check that reads it (rows are read-only). ``optional``: a missing file gives no rows."""
    try:
        with open(lexicon_path(name), encoding="utf-8", newline="") as fh:
            rows = csv.DictReader((line for line in fh if line.strip() and not line.startswith("#")),
                                  delimiter="\t", quoting=csv.QUOTE_NONE)
            return tuple(rows)
    except OSError:
        if optional:
            return ()
        raise


def load_yaml(text: str):
    """yaml.safe_load, with libyaml's C parser when PyYAML has it (the rule packs load ~10x faster)."""
    import yaml
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
