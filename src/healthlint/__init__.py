"""healthlint: a content-quality linter for health and wellness articles."""
from __future__ import annotations

__version__ = "0.1.0"
SCHEMA = "healthlint/1"

from .config import Config, load_config  # noqa: E402
from .document import Document  # noqa: E402
from .engine import Linter, lint_text  # noqa: E402
from .findings import Finding, Fix  # noqa: E402


def parse(source: str, fmt: str = "text", path: str | None = None) -> Document:
    """A :class:`Document` for ``Linter.lint_documents``: ``source`` read as ``fmt`` (``"text"``,
    ``"markdown"`` or ``"html"``); findings point into ``source`` as given."""
    from .formats import parse as _parse
    return _parse(source, fmt, path)


__all__ = ["Linter", "lint_text", "parse", "Document", "Config", "load_config", "Finding", "Fix", "SCHEMA",
           "__version__"]
