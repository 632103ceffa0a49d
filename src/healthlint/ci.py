"""The CI side of ``healthlint check``: --fix / --diff over linted files, and baselines."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from . import baseline as baselines
from .findings import FileError
from .fixes import fix_result, unified_diff, write_atomic
from .inputs import restore_newlines
from .gitdiff import repo_root


def _say(message: str) -> None:
    click.echo(message, err=True)


def run_fixes(linter, results, unsafe: bool, diff_only: bool) -> int:
    """Fix every readable result. With ``diff_only`` print unified diffs and write nothing
    (exit code 1 when something would change); otherwise write files in place (standard input:
    the fixed text to stdout) and leave the remaining findings on the results."""
    fixed_files = applied = 0
    by_rule: Counter = Counter()
    for r in results:
        outcome = fix_result(linter, r, unsafe)
        if outcome is None:
            continue
        if diff_only:
            if outcome.changed:
                sys.stdout.write(unified_diff(r.path, outcome.original, outcome.fixed))
                fixed_files += 1
                applied += len(outcome.applied)
            continue
        if getattr(r, "from_stdin", False):
            sys.stdout.write(restore_newlines(outcome.fixed, r.newline))
        elif outcome.changed:
            try:
                write_atomic(r.path, restore_newlines(outcome.fixed, r.newline), r.encoding)
            except (OSError, UnicodeEncodeError) as exc:
                r.error = FileError("HL001", f"{r.path}: could not write the fixes: {exc}")
                continue
        if outcome.changed:
            fixed_files += 1
            applied += len(outcome.applied)
            by_rule.update(f.rule for f in outcome.applied)
        r.source, r.findings = outcome.fixed, outcome.remaining
    remaining = sum(len(r.findings) for r in results)
    if diff_only:
        _say(f"{applied} fix{'es' if applied != 1 else ''} would be applied in {fixed_files} "
             f"file{'s' if fixed_files != 1 else ''}")
        if any(r.error for r in results):
            return 2
        return 1 if fixed_files else 0
    detail = f" ({', '.join(f'{rule}: {n}' for rule, n in sorted(by_rule.items()))})" if by_rule else ""
    _say(f"Fixed {applied} finding{'s' if applied != 1 else ''} in {fixed_files} "
         f"file{'s' if fixed_files != 1 else ''}{detail}; {remaining} remaining")
    return 0


def _root(root: Path | None) -> Path:
    return (root or repo_root()).resolve()


def write_baseline(path: str, results, root: Path | None) -> int:
    n = baselines.write(path, results, _root(root))
    _say(f"Wrote {n} finding{'s' if n != 1 else ''} to baseline {path}")
    return 2 if any(r.error for r in results) else 0


def load_baseline(path: str):
    try:
        return baselines.load(path)
    except baselines.BaselineError as exc:
        raise click.UsageError(str(exc)) from None


def apply_baseline(counts, results, root: Path | None) -> None:
    hidden = baselines.apply(results, counts, _root(root))
    if hidden:
        _say(f"{hidden} baselined finding{'s' if hidden != 1 else ''} not shown")
