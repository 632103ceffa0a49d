"""``--format github``: GitHub Actions workflow commands (annotations on the pull request diff),
plus a Markdown table of every finding appended to ``$GITHUB_STEP_SUMMARY`` when it is set
(GitHub shows only the first annotations of a step; the summary has them all)."""
from __future__ import annotations

import os
from pathlib import Path

from ..gitdiff import relative_path, repo_root

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **props) -> str:
    parts = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{level} {parts}::{escape_data(message)}" if parts else f"::{level}::{escape_data(message)}"


def _cell(s: str) -> str:
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def summary_markdown(results, root: Path) -> str:
    rows = []
    for r in results:
        path = relative_path(r.path, root)
        if r.error:
            rows.append(f"| `{_cell(path)}` | | {r.error.code} | error | {_cell(r.error.message)} |")
        for f in r.findings:
            rows.append(f"| `{_cell(path)}` | {f.line} | {f.rule} | {f.severity} | {_cell(f.message)} |")
    n = sum(len(r.findings) for r in results)
    head = f"### healthlint: {n} finding{'s' if n != 1 else ''} in {len(results)} file{'s' if len(results) != 1 else ''}\n\n"
    if not rows:
        return head + "No problems found.\n"
    return head + "| File | Line | Rule | Severity | Message |\n|---|---:|---|---|---|\n" + "\n".join(rows) + "\n"


def render(results, rules, out, options) -> None:
    root = Path(options.get("root") or repo_root()).resolve()
    for r in results:
        path = relative_path(r.path, root)
        if r.error:
            out.write(command("error", r.error.message, file=path, title=r.error.code) + "\n")
            continue
        for f in r.findings:
            rule = rules.get(f.rule)
            title = f"{f.rule} {rule.name}" if rule else f.rule
            message = f.message
            if f.fix is not None:
                message += f"\nSuggested fix: {repr(f.fix.replacement) if f.fix.replacement else 'delete'}"
            props = {"file": path, "line": f.line, "endLine": f.end_line}
            if f.end_line == f.line:  # GitHub ignores columns on multi-line annotations
                props.update(col=f.column, endColumn=f.end_column)
            props["title"] = title
            out.write(command(COMMAND[f.severity], message, **props) + "\n")
    summary_file = options.get("step_summary", os.environ.get("GITHUB_STEP_SUMMARY"))
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(summary_markdown(results, root))
