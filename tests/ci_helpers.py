"""Shared helpers for the CI-integration tests: in-process CLI runs and hand-made results."""
from __future__ import annotations

from click.testing import CliRunner

from healthlint.cli import main
from healthlint.findings import FileResult, Finding, Fix, Related
from healthlint.positions import LineIndex


def cli(*args, input=None, env=None):
    """Run ``healthlint`` in this process (the spaCy pipeline stays loaded); stdout and stderr apart."""
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:  # click >= 8.2 always keeps them apart
        runner = CliRunner()
    return runner.invoke(main, [str(a) for a in args], input=input, env=env, catch_exceptions=False)


def finding(source: str, needle: str, rule="HL101", severity="warning", replacement=None, safe=True,
            related: str | None = None, occurrence: int = 0, message=None) -> Finding:
    start = -1
    for _ in range(occurrence + 1):
        start = source.index(needle, start + 1)
    end = start + len(needle)
    index = LineIndex(source)
    f = Finding(rule, "spin", severity, message or f"Spun phrase '{needle}'", start, end, excerpt=needle)
    f.line, f.column = index.position(start)
    f.end_line, f.end_column = index.position(end)
    if replacement is not None:
        f.fix = Fix(replacement, start, end, safe)
    if related:
        rs = source.index(related)
        f.related = [Related(rs, rs + len(related), "the other half", index.position(rs)[0])]
    return f


def result(path, source: str, findings, fmt="markdown") -> FileResult:
    return FileResult(path=str(path), findings=list(findings), source=source, fmt=fmt)
