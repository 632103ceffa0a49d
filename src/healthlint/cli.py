"""Command line: ``healthlint check | rules | explain | eval`` (more commands register below)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .config import Config, ConfigError, load_config
from .findings import CATEGORIES, SEVERITIES
from .formats import format_for
from .rulepack import RuleError, load_rules


def _split(values) -> list[str]:
    out: list[str] = []
    for v in values or ():
        out.extend(s for s in v.replace(",", " ").split() if s)
    return out


def _load_config(config_path, paths) -> Config:
    try:
        return load_config(config_path, list(paths))
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None


class _Group(click.Group):
    """Every command (check, eval, serve, audit ...): a misspelt rule selector is a usage error."""

    def invoke(self, ctx):
        from .engine import SelectorError
        try:
            return super().invoke(ctx)
        except SelectorError as exc:
            raise click.UsageError(f"rule configuration: {exc}") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="healthlint")
def main():
    """healthlint: find spun phrasing, duplicated and contradictory instructions, drug promotions,
    unsupported claims and other problems in health and wellness articles."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", default="text", show_default=True,
              help="Output format: text, json, sarif, github, rdjson, rdjsonl, gitlab, junit.")
@click.option("--select", multiple=True, help="Only these rules: ids, id prefixes (HL1) or categories.")
@click.option("--ignore", multiple=True, help="Skip these rules: ids, id prefixes or categories.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 when a finding is at or above this severity [default: warning].")
@click.option("--min-severity", type=click.Choice(SEVERITIES), default=None, help="Hide findings below this.")
@click.option("--stdin-filename", default=None, help="Name (and so format) of the text read from '-'.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: nearest healthlint.toml or pyproject.toml).")
@click.option("--include", multiple=True, help="Glob of files to lint inside directories.")
@click.option("--exclude", multiple=True, help="Glob of files or directories to skip.")
@click.option("--max-file-size", "max_file_size", default=None, metavar="SIZE",
              help="Larger files get an HL003 error: bytes, or e.g. 40MB, 40MiB [default: 5MiB].")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule.")
@click.option("--color/--no-color", default=None, help="Colour the text output [default: on a terminal].")
@click.option("--quiet", "-q", is_flag=True,
              help="Text format: one line per finding (no excerpt, fix or summary); nothing when clean.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None, help="Write the report here.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place ('-': fixed text to stdout, report to stderr).")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff: apply unsafe fixes too.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None,
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), default=None,
              help="Record the current findings in this baseline file and exit 0.")
@click.option("--changed-since", "--diff-base", "changed_since", default=None, metavar="REF",
              help="Only lint files changed since this git ref (commits, working tree, untracked).")
@click.option("--sarif-root", "--repo-root", "repo_root", type=click.Path(file_okay=False), default=None,
              help="Directory report paths are relative to [default: git top level, else the current one].")
def check(paths, output_format, select, ignore, fail_on, min_severity, stdin_filename, config_path,
          include, exclude, max_file_size, statistics, color, quiet, output, fix, unsafe_fixes, show_diff, baseline,
          write_baseline, changed_since, repo_root):
    """Lint files, directories (recursively) or '-' (standard input)."""
    from .engine import Linter, SelectorError, exit_code
    from .inputs import expand_paths
    from .report import FORMATS, render

    if not paths:
        raise click.UsageError("give at least one path, or '-' for standard input")
    if output_format not in FORMATS:
        raise click.UsageError(f"unknown format {output_format!r} (one of: {', '.join(FORMATS)})")
    config = _load_config(config_path, paths)
    if min_severity:
        config.min_severity = min_severity
    config.include += _split(include)
    config.exclude += _split(exclude)
    if max_file_size is not None:
        from .inputs import parse_size
        try:
            config.max_file_size = parse_size(max_file_size)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--max-file-size") from None
    try:
        linter = Linter(config, select=_split(select) or None, ignore=_split(ignore))
    except (RuleError, KeyError, SelectorError) as exc:
        raise click.UsageError(f"rule configuration: {exc}") from None
    results = []
    files = [p for p in paths if p != "-"]
    if "-" in paths:
        name = stdin_filename or "-"
        results.append(linter.lint_bytes(sys.stdin.buffer.read(), name, format_for(stdin_filename)))
        results[-1].from_stdin = True  # --fix writes its fixed text to stdout, never to a file
    missing = []
    for p in files:
        if not Path(p).exists():
            missing.append(p)
    from .findings import FileError, FileResult
    results += [FileResult(path=p, error=FileError("HL001", f"{p}: no such file or directory")) for p in missing]
    existing = [p for p in files if p not in missing]
    from . import ci
    known = ci.load_baseline(baseline) if baseline else None  # a bad baseline fails before linting
    targets = expand_paths(existing, config.include, config.exclude)
    if changed_since:
        from .gitdiff import GitError, changed_files
        anchor = Path(existing[0]) if existing else Path.cwd()
        try:
            changed = changed_files(changed_since, anchor if anchor.is_dir() else anchor.parent)
        except GitError as exc:
            raise click.UsageError(f"--changed-since {changed_since}: {exc}") from None
        targets = [t for t in targets if Path(t).resolve() in changed]
    results += list(linter.lint_paths(targets))
    if not results and not changed_since:
        from .formats import FORMAT_BY_SUFFIX
        click.echo("warning: no files to lint under the given paths (looked for "
                   f"{' '.join(sorted(FORMAT_BY_SUFFIX))}; see --include)", err=True)
    root = Path(repo_root) if repo_root else None
    report_out = sys.stdout
    if fix or show_diff:
        code = ci.run_fixes(linter, results, unsafe_fixes, diff_only=show_diff)
        if show_diff:
            sys.exit(code)
        if "-" in paths:
            report_out = sys.stderr  # stdout carries the fixed text
    if write_baseline:
        sys.exit(ci.write_baseline(write_baseline, results, root))
    if known is not None:
        ci.apply_baseline(known, results, root)
    options = {"color": report_out.isatty() if color is None else color, "statistics": statistics,
               "quiet": quiet, "root": root}
    rules = {r.id: r for r in linter.all_rules.values()}
    if output:
        try:
            fh = open(output, "w", encoding="utf-8")
        except OSError as exc:
            raise click.UsageError(f"--output {output}: {exc.strerror or exc}") from None
        with fh:
            render(output_format, results, rules, fh, options)
    else:
        render(output_format, results, rules, report_out, options)
    sys.exit(exit_code(results, fail_on or config.fail_on))


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option("--category", type=click.Choice(CATEGORIES), default=None, help="Only rules of this category.")
def list_rules(output_format, category):
    """List the rules: id, category, severity, name."""
    rules = [r for r in load_rules() if not category or r.category == category]
    if output_format == "json":
        import json
        click.echo(json.dumps([{"id": r.id, "name": r.name, "category": r.category, "severity": r.severity,
                                "type": r.type, "enabled": r.enabled, "message": r.message} for r in rules], indent=2))
        return
    for r in rules:
        flag = "" if r.enabled else "  (off by default)"
        click.echo(f"{r.id}  {r.category:<15} {r.severity:<8} {r.name}{flag}")


@main.command()
@click.argument("rule_id")
def explain(rule_id):
    """Print a rule's rationale and examples."""
    rules = {r.id: r for r in load_rules()}
    rule = rules.get(rule_id.upper())
    if rule is None:
        raise click.UsageError(f"no rule {rule_id!r} (see 'healthlint rules')")
    click.echo(f"{rule.id} {rule.name} [{rule.category}, {rule.severity}]")
    click.echo(f"\n{rule.message}\n\n{rule.rationale}")
    if rule.link:
        click.echo(f"\nSee: {rule.link}")
    for ex in rule.bad:
        click.echo(f"\nFlagged:   {ex.text.strip()}")
        if ex.fix is not None:
            click.echo(f"Fixed:     {ex.fix.strip()}")
    for ex in rule.good:
        click.echo(f"\nNot flagged: {ex.text.strip()}")


@main.command("eval")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False), default="corpus")
@click.option("--min-severity", type=click.Choice(SEVERITIES), default="warning", show_default=True,
              help="Count findings at or above this severity.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option("--verbose", "-v", is_flag=True, help="List every missed and unexpected finding.")
@click.option("--negatives", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A JSONL file of clean real-world articles ('text' field): report the share flagged.")
@click.option("--limit", type=int, default=None, help="With --negatives: only the first N documents.")
@click.option("--select", multiple=True, help="Only these rules: ids, id prefixes or categories.")
@click.option("--ignore", multiple=True, help="Skip these rules.")
def evaluate_cmd(corpus, min_severity, output_format, verbose, negatives, limit, select, ignore):
    """Precision and recall per category against the corpus' NAME.expected.yaml files."""
    from .engine import Linter
    from .evaluate import evaluate_corpus, false_positive_rates, format_report
    linter = Linter(select=_split(select) or None, ignore=_split(ignore))
    if negatives:
        report = false_positive_rates(Path(negatives), min_severity, limit, linter=linter)
    else:
        report = evaluate_corpus(Path(corpus), min_severity, linter=linter)
    if output_format == "json":
        import json
        click.echo(json.dumps(report, indent=2))
    else:
        click.echo(format_report(report, verbose))


from .batch.cli import audit; main.add_command(audit)  # noqa: E402,E702  (batch auditing, batch/)
from .serve.command import serve; main.add_command(serve)  # noqa: E402,E702  (review page, serve/)
from .lsp import lsp; main.add_command(lsp)  # noqa: E402,E702  (language server, lsp.py)

if __name__ == "__main__":  # pragma: no cover
    main()
