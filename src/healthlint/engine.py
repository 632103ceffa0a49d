"""The engine: loads rule packs, annotates documents with spaCy, runs checks, maps findings
back to the source, applies suppressions and selection."""
from __future__ import annotations

import gc
import re
import sys
from pathlib import Path
from typing import Iterable, Iterator

from .checks import check_class
from .config import Config
from .document import Document
from .findings import FileError, FileResult, Finding, SEVERITY_RANK, severity_at_least
from .formats import format_for, parse
from .inputs import InputError, decode, read_file
from .nlp import get_nlp
from .rulepack import Rule, load_rules
from .suppress import find_suppressions, suppression_problems
from .fixes import whole_element

def select_rules(rules: Iterable[Rule], select: list[str] | None = None,
                 ignore: list[str] | None = None) -> list[Rule]:
    chosen = []
    for rule in rules:
        if select:
            explicit = any(s.upper() == rule.id for s in select)
            if not (explicit or (rule.enabled and any(rule.matches(s) for s in select))):
                continue
        elif not rule.enabled:
            continue
        if ignore and any(rule.matches(s) for s in ignore):
            continue
        chosen.append(rule)
    return chosen


def unknown_selectors(rules: Iterable[Rule], selectors: Iterable[str]) -> list[str]:
    """Selectors that name no known category and match no loaded rule (typos would otherwise
    silently select or ignore nothing)."""
    from .findings import CATEGORIES
    rules = list(rules)
    family = re.compile(r"HL\d", re.I)  # HL1..HL9 name a category's id range, even before it has rules
    return [s for s in selectors if s.strip() not in CATEGORIES and not family.fullmatch(s.strip())
            and not any(r.matches(s) for r in rules)]


class SelectorError(ValueError):
    """--select/--ignore (or their configuration keys) name no rule, prefix or category."""


def check_selectors(rules: Iterable[Rule] | None, config: Config | None = None,
                    select: list[str] | None = None, ignore: list[str] | None = None) -> None:
    """Raise SelectorError for selectors (command line or configuration) that name nothing.
    Commands that build their Linter elsewhere (audit workers) call it up front."""
    config = config or Config()
    rules = list(rules) if rules is not None else list(load_rules(tuple(config.extra_rules)))
    for what, sels in (("select", select if select is not None else config.select),
                       ("ignore", (ignore or []) + list(config.ignore)),
                       ("per-file-ignores", [s for v in config.per_file_ignores.values() for s in v])):
        bad = unknown_selectors(rules, sels or [])
        if bad:
            raise SelectorError(f"{what}: unknown rule selector(s) {', '.join(map(repr, bad))} "
                                "(use rule ids, id prefixes like HL1, or categories; see 'healthlint rules')")
    ids = {r.id for r in rules}
    bad = [rid for rid in config.severity if rid not in ids]
    if bad:  # overrides apply to exact ids only
        raise SelectorError(f"severity: unknown rule id(s) {', '.join(map(repr, bad))} (see 'healthlint rules')")


class Linter:
    """Lints many documents with one loaded pipeline and one set of compiled checks.

    Build it once and reuse it: loading the rules, lexicons and pipeline takes a second or two,
    linting an article milliseconds. ``lint_text`` lints one string, ``lint_documents`` a batch
    (strings or parsed documents), ``lint_paths`` files. Findings are :class:`Finding` objects
    with code-point offsets into the text as given and 1-based lines and columns."""

    def __init__(self, config: Config | None = None, select: list[str] | None = None,
                 ignore: list[str] | None = None, rules: Iterable[Rule] | None = None):
        """``config``: a :class:`Config` (default: the built-in defaults; ``load_config()`` reads a
        healthlint.toml or pyproject.toml). ``select``/``ignore``: rule ids, id prefixes (``HL1``) or
        categories (``"spin"``), as on the command line; ``select`` replaces the configuration's,
        ``ignore`` adds to it. ``rules``: the rules to choose from (default: the bundled packs and
        the configuration's extra-rules). Raises SelectorError for a selector that names nothing."""
        self.config = config or Config()
        all_rules = list(rules) if rules is not None else list(load_rules(tuple(self.config.extra_rules)))
        self.all_rules = {r.id: r for r in all_rules}
        check_selectors(all_rules, self.config, select, ignore)
        self.rules = select_rules(all_rules, select if select is not None else self.config.select,
                                  (ignore or []) + list(self.config.ignore))
        self.rules = [r for r in self.rules if self.config.severity.get(r.id) != "off"]
        self.nlp = get_nlp()
        self._frozen = False
        self.checks = []
        for rule in self.rules:
            options = dict(self.config.rule_options.get(rule.id, {}))
            if rule.category == "readability":
                options.setdefault("target_grade", self.config.readability_target_grade)
            self.checks.append(check_class(rule.type)(rule, options))

    def prepare(self) -> None:
        """Load now what the checks otherwise load on first need (lexicons, indexes, the trained
        model where a check asks for it), by linting every selected rule's bad examples once.
        Long-running users call it before their first document: an audit worker (so that a
        ``--doc-timeout`` is not spent loading lexicons), the review server, the benchmark."""
        documents = []
        for rule in self.rules:
            for example in rule.bad:
                try:
                    documents.append(parse(example.text, example.fmt))
                except Exception:  # noqa: BLE001 - warming up only; the rule tests check examples
                    continue
        if documents:
            self.lint_documents(documents)

    # -- annotation -------------------------------------------------------------------------
    def annotate(self, documents: list[Document]) -> None:
        """Set ``document.doc`` for each document (the fast pipeline: tokens, sentences, lemmas).
        Blocks are separated by blank lines in the linted text, so no sentence spans two blocks."""
        for document, doc in zip(documents, self.nlp.pipe((d.text for d in documents), batch_size=64)):
            document.doc = doc

    # -- linting ----------------------------------------------------------------------------
    def check_document(self, document: Document) -> list[Finding]:
        findings: list[Finding] = []
        for check in self.checks:
            try:
                findings.extend(check.run(document))
            except Exception as exc:  # one broken check must not lose the others' findings
                findings.append(Finding("HL005", "structure", "error",
                                        f"internal error in rule {check.rule.id}: {type(exc).__name__}: {exc}",
                                        0, 0, scope="document"))
                if "HEALTHLINT_DEBUG" in __import__("os").environ:
                    raise
        return self.finalize(document, findings)

    def finalize(self, document: Document, findings: list[Finding]) -> list[Finding]:
        """Map to source positions, apply severity overrides, suppressions, and sort."""
        suppressions = find_suppressions(document.source, document.code_spans)
        ignored = self.config.ignored_for(document.path)
        out: list[Finding] = []
        seen: set[tuple] = set()
        min_rank = SEVERITY_RANK[self.config.min_severity]
        for f in findings:
            rule = self.all_rules.get(f.rule)
            if rule is not None and f.rule in self.config.severity:
                f.severity = self.config.severity[f.rule]
            if SEVERITY_RANK.get(f.severity, 0) < min_rank:
                continue
            self._to_source(document, f)
            if rule is not None:
                if ignored and any(rule.matches(s) for s in ignored):
                    continue
                if any(s.covers(rule, f.start) for s in suppressions):
                    continue
            key = (f.rule, f.start, f.end)
            if key in seen:
                continue
            seen.add(key)
            out.append(f)
        if min_rank <= SEVERITY_RANK["warning"] and "healthlint-" in document.source:
            # HL007: a suppression comment naming an unknown rule or directive (already in source offsets)
            out.extend(suppression_problems(document.source, self.all_rules.values(), document.code_spans))
        out.sort(key=Finding.sort_key)
        return out

    def _to_source(self, document: Document, f: Finding) -> None:
        text_start, text_end = f.start, f.end
        f.start, f.end = document.to_source(text_start, text_end)
        if f.fix is not None:
            if not document.offsets.is_verbatim(f.fix.start, f.fix.end):
                f.fix.safe = False  # the span crosses markup: a human must look
            fs, fe = f.fix.start, f.fix.end
            f.fix.start, f.fix.end = document.to_source(fs, fe) if fe > fs else (document.offsets.start(fs),) * 2
            if document.fmt == "html" and f.fix.replacement == "" and f.fix.end > f.fix.start:
                f.fix.start, f.fix.end = whole_element(document.source, f.fix.start, f.fix.end)
        for r in f.related:
            r.start, r.end = document.to_source(r.start, r.end)
            r.line = document.line_col(r.start)[0]
        f.line, f.column = document.line_col(f.start)
        f.end_line, f.end_column = document.line_col(f.end)
        f.excerpt = document.source[f.start:f.end]
        if len(f.excerpt) > 300:
            f.excerpt = f.excerpt[:297] + "..."

    def lint_documents(self, documents: Iterable[Document | str]) -> list[list[Finding]]:
        """Lint a batch, annotated together (spaCy's ``nlp.pipe``): one list of findings per item,
        in order. Each item is a string (plain text) or a :class:`Document` made by
        ``healthlint.parse(source, fmt, path)`` for Markdown or HTML; anything else is a TypeError."""
        documents = [_as_document(d) for d in documents]
        self.annotate(documents)
        results = [self.check_document(d) for d in documents]
        if not self._frozen:
            # Lexicons, tries and caches (mostly loaded by the first documents) live for the whole
            # process: move them out of the cyclic garbage collector's sight, or every full
            # collection walks millions of objects that can never be garbage.
            gc.freeze()
            self._frozen = True
        return results

    def lint_text(self, text: str, fmt: str = "text", path: str | None = None) -> list[Finding]:
        """Lint one string. ``fmt``: ``"text"``, ``"markdown"`` or ``"html"``; ``path`` (optional) is
        only used for per-file-ignores. Returns the findings, sorted by position."""
        if not isinstance(text, str):
            raise TypeError(f"lint_text() takes a str, not {type(text).__name__}"
                            + (" (decode bytes first, or use lint_bytes)" if isinstance(text, bytes) else ""))
        return self.lint_documents([parse(text, fmt, path)])[0]

    def lint_source(self, text: str, fmt: str, path: str) -> FileResult:
        """Lint one string as the file ``path`` would be (a FileResult, as ``lint_paths`` yields)."""
        result = FileResult(path=path, source=text, fmt=fmt)
        result.findings = self.lint_text(text, fmt, path)
        return result

    def lint_paths(self, paths: Iterable[Path], batch: int = 16) -> Iterator[FileResult]:
        """Lint files, batching their NLP; unreadable files become error results."""
        pending: list[tuple[FileResult, Document]] = []
        for path in paths:
            result = FileResult(path=str(path))
            try:
                decoded = read_file(Path(path), self.config.max_file_size)
                result.source, result.encoding, result.newline = decoded.text, decoded.encoding, decoded.newline
                result.fmt = format_for(path)
                document = parse(decoded.text, result.fmt, str(path))
            except InputError as exc:
                result.error = FileError(exc.code, exc.message)
                yield from self._flush(pending)
                pending = []
                yield result
                continue
            pending.append((result, document))
            if len(pending) >= batch:
                yield from self._flush(pending)
                pending = []
        yield from self._flush(pending)

    def _flush(self, pending):
        if not pending:
            return
        documents = [d for _, d in pending]
        try:
            all_findings = self.lint_documents(documents)
        except Exception as exc:  # keep going: report the batch's files as errors
            for result, _ in pending:
                result.error = FileError("HL005", f"{result.path}: internal error: {type(exc).__name__}: {exc}")
                yield result
            return
        for (result, _), findings in zip(pending, all_findings):
            result.findings = findings
            yield result

    def lint_bytes(self, data: bytes, name: str, fmt: str) -> FileResult:
        """Decode raw bytes as a file's would be (BOMs, encoding detection, binary and size checks)
        and lint them; a FileResult with an HL0xx ``error`` when they cannot be linted."""
        result = FileResult(path=name, fmt=fmt)
        try:
            decoded = decode(data, name, self.config.max_file_size)
        except InputError as exc:
            result.error = FileError(exc.code, exc.message)
            return result
        result.source, result.encoding, result.newline = decoded.text, decoded.encoding, decoded.newline
        result.findings = self.lint_text(decoded.text, fmt, name)
        return result


def _as_document(item) -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return parse(item, "text")
    raise TypeError(f"lint_documents() takes str (plain text) or Document items (healthlint.parse(source, "
                    f"fmt)), not {type(item).__name__}")


def worst_severity(results: Iterable[FileResult]) -> str | None:
    worst = None
    for r in results:
        for f in r.findings:
            if worst is None or SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]:
                worst = f.severity
    return worst


def exit_code(results: list[FileResult], fail_on: str) -> int:
    if any(r.error for r in results):
        return 2
    if any(severity_at_least(f.severity, fail_on) for r in results for f in r.findings):
        return 1
    return 0


_default: Linter | None = None


def default_linter() -> Linter:
    global _default
    if _default is None:
        _default = Linter()
    return _default


def lint_text(text: str, fmt: str = "text", path: str | None = None) -> list[Finding]:
    """Lint one string (``fmt``: ``"text"``, ``"markdown"`` or ``"html"``) with the default rules and
    configuration; the linter is built on the first call and reused. Use :class:`Linter` to choose
    rules or a configuration."""
    return default_linter().lint_text(text, fmt, path)


if __name__ == "__main__":  # pragma: no cover
    print(lint_text(sys.stdin.read()))
