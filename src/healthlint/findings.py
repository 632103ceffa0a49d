"""The one finding model every output format is built from (schema ``healthlint/1``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
CATEGORIES = (
    "spin", "duplication", "contradiction", "drug-promotion", "health-claim",
    "attribution", "boilerplate", "readability", "structure",
)
# Rule-id hundreds digit -> category, as fixed by the contract (HL0xx is the engine itself).
CATEGORY_BY_HUNDRED = {str(i + 1): cat for i, cat in enumerate(CATEGORIES)}


def severity_at_least(severity: str, threshold: str) -> bool:
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]


@dataclass
class Fix:
    replacement: str
    start: int
    end: int
    safe: bool = True


@dataclass
class Related:
    start: int
    end: int
    message: str = ""
    line: int = 0


@dataclass
class Finding:
    """A problem found in a document.

    Checks create findings with offsets into the document's *linted text*; the engine
    then maps them (and their fix and related spans) to the original source and fills
    in line/column/excerpt.
    """
    rule: str
    category: str
    severity: str
    message: str
    start: int
    end: int
    fix: Fix | None = None
    related: list[Related] = field(default_factory=list)
    confidence: float = 1.0
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    excerpt: str = ""
    # Not part of the JSON contract: lets evaluation and reports tell article-level verdicts apart.
    scope: str = "span"
    data: dict[str, Any] = field(default_factory=dict)

    def sort_key(self):
        return (self.start, self.end, self.rule)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "excerpt": self.excerpt,
            "fix": None if self.fix is None else {
                "replacement": self.fix.replacement, "start": self.fix.start,
                "end": self.fix.end, "safe": self.fix.safe},
            "related": [{"start": r.start, "end": r.end, "line": r.line, "message": r.message}
                        for r in self.related],
            "confidence": round(float(self.confidence), 3),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        fix = d.get("fix")
        return cls(
            rule=d["rule"], category=d["category"], severity=d["severity"], message=d["message"],
            start=d["start"], end=d["end"], line=d.get("line", 0), column=d.get("column", 0),
            end_line=d.get("end_line", 0), end_column=d.get("end_column", 0),
            excerpt=d.get("excerpt", ""), confidence=d.get("confidence", 1.0),
            fix=None if not fix else Fix(fix["replacement"], fix["start"], fix["end"], fix.get("safe", True)),
            related=[Related(r["start"], r["end"], r.get("message", ""), r.get("line", 0))
                     for r in d.get("related", [])],
        )


@dataclass
class FileError:
    code: str
    message: str

    def to_dict(self):
        return {"code": self.code, "message": self.message}


@dataclass
class FileResult:
    """Findings (or an input error) for one linted file."""
    path: str
    findings: list[Finding] = field(default_factory=list)
    error: FileError | None = None
    source: str | None = None  # decoded text, kept for text output and fixes
    fmt: str = "text"
    encoding: str = "utf-8"
    newline: str | None = None

    def to_dict(self):
        return {"path": self.path, "findings": [f.to_dict() for f in self.findings],
                "error": None if self.error is None else self.error.to_dict()}
