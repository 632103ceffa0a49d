"""healthlint: a content-quality linter for health and wellness articles."""
from __future__ import annotations

__version__ = "0.1.0"
SCHEMA = "healthlint/1"

from .engine import Linter, lint_text  # noqa: E402
from .findings import Finding, Fix  # noqa: E402

__all__ = ["Linter", "lint_text", "Finding", "Fix", "SCHEMA", "__version__"]
