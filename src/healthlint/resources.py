"""Where the shipped data lives: rule packs and lexicons (inside the wheel, or the source tree)."""
from __future__ import annotations

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
