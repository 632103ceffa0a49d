"""``healthlint lsp``: a language server (LSP over stdio, pygls 2.x) for text editors.

Diagnostics on open and on change (debounced; a newer edit cancels a pending run and a stale
result is never published), quick fixes from suggested fixes, and "fix all safe" as a source
action. healthlint counts code points; LSP positions are UTF-16 code units, converted here.
pygls is an optional extra (``pip install 'healthlint[lsp]'``): imported only when the server runs.
"""
from __future__ import annotations

import asyncio
import bisect
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

import click

DEBOUNCE_SECONDS = 0.3
FORMAT_BY_LANGUAGE = {"markdown": "markdown", "html": "html", "plaintext": "text", "text": "text"}
_NEWLINE = re.compile(r"\r\n|\r|\n")


def _utf16_units(c: str) -> int:
    return 2 if ord(c) > 0xFFFF else 1


def _utf8_units(c: str) -> int:
    return len(c.encode("utf-8", "surrogatepass"))


UNITS = {"utf-16": _utf16_units, "utf-8": _utf8_units, "utf-32": lambda c: 1}


class Positions:
    """Code-point offsets in a text <-> LSP (line, character) positions.

    LSP counts characters in UTF-16 code units unless client and server agreed on another
    encoding at initialization (pygls picks the client's first choice among utf-8/16/32).
    """

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.text = text
        self.units = UNITS.get(str(encoding or "utf-16").lower(), _utf16_units)
        self.line_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.line_starts, offset) - 1
        start = self.line_starts[line]
        return line, sum(self.units(c) for c in self.text[start:offset])

    def offset(self, line: int, character: int) -> int:
        """The inverse: an LSP position -> code-point offset (clamped to the line)."""
        if line >= len(self.line_starts):
            return len(self.text)
        pos = self.line_starts[line]
        units = 0
        while pos < len(self.text) and units < character and self.text[pos] not in "\r\n":
            units += self.units(self.text[pos])
            pos += 1
        return pos


def format_of(language_id: str | None, uri: str) -> str:
    from .formats import format_for
    if language_id and language_id.lower() in FORMAT_BY_LANGUAGE:
        return FORMAT_BY_LANGUAGE[language_id.lower()]
    return format_for(unquote(urlparse(uri).path))


@dataclass
class Linted:
    version: int | None
    text: str
    fmt: str = "text"
    findings: list = field(default_factory=list)


class Engine:
    """One Linter (loaded on first use) shared by all documents; linting runs in a worker thread."""

    def __init__(self):
        self._linter = None
        self._lock = threading.Lock()
        self.root: str | None = None

    def _loaded(self):
        """The Linter, built and prepared on first call (the caller holds the lock)."""
        if self._linter is None:
            from .config import ConfigError, load_config
            from .engine import Linter
            try:
                config = load_config(None, [self.root] if self.root else None)
            except ConfigError:
                config = None
            linter = Linter(config)
            linter.prepare()
            self._linter = linter
        return self._linter

    def warm_up(self) -> None:
        """Load rules, lexicons and model ahead of the first document (run in a thread at initialize)."""
        with self._lock:
            self._loaded()

    def lint(self, text: str, fmt: str, path: str | None):
        with self._lock:
            linter = self._loaded()
            return linter.lint_text(text, fmt, path), linter.all_rules


def to_range(pos: Positions, start: int, end: int):
    from lsprotocol import types as t
    return t.Range(t.Position(*pos.position(start)), t.Position(*pos.position(end)))


def to_diagnostic(uri: str, pos: Positions, f, rule=None):
    """A finding as an LSP Diagnostic: code = rule id, its link, related passages."""
    from lsprotocol import types as t
    severity = {"error": t.DiagnosticSeverity.Error, "warning": t.DiagnosticSeverity.Warning,
                "info": t.DiagnosticSeverity.Information}
    return t.Diagnostic(
        range=to_range(pos, f.start, f.end), message=f.message, severity=severity.get(f.severity),
        code=f.rule, source="healthlint",
        code_description=t.CodeDescription(href=rule.link) if rule is not None and rule.link else None,
        related_information=[t.DiagnosticRelatedInformation(
            location=t.Location(uri=uri, range=to_range(pos, r.start, r.end)),
            message=r.message or "related passage") for r in f.related] or None,
        data={"id": f"{f.rule}:{f.start}:{f.end}"})


def fix_all_title(count: int) -> str:
    """The ``source.fixAll`` action's title: "Apply the 1 safe healthlint fix", "Apply all 3 ..."."""
    return "Apply the 1 safe healthlint fix" if count == 1 else f"Apply all {count} safe healthlint fixes"


def markup_reason(f, fmt: str) -> str:
    """Why a fix is not offered: applying it would break the document's markup."""
    from .fixes import MARKUP_NAMES
    what = f"replace with '{f.fix.replacement}'" if f.fix.replacement else "delete it"
    return (f"This fix would break the {MARKUP_NAMES.get(fmt, fmt)} markup, so it is never applied "
            f"automatically: make the change by hand (suggested: {what}).")


def build_server(debounce: float = DEBOUNCE_SECONDS):
    from lsprotocol import types as t
    from pygls.lsp.server import LanguageServer

    from . import __version__
    from .fixes import apply_fixes, breaks_markup

    server = LanguageServer("healthlint", __version__)
    engine = Engine()
    pending: dict[str, asyncio.Task] = {}
    results: dict[str, Linted] = {}
    rules: dict = {}

    def positions(text: str) -> Positions:
        return Positions(text, server.workspace.position_encoding or "utf-16")

    def diagnostic(uri: str, pos: Positions, f) -> t.Diagnostic:
        return to_diagnostic(uri, pos, f, rules.get(f.rule))

    async def lint_later(uri: str, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            doc = server.workspace.get_text_document(uri)
            text, version = doc.source, doc.version
            path = unquote(urlparse(uri).path) if uri.startswith("file:") else None
            loop = asyncio.get_running_loop()
            fmt = format_of(doc.language_id, uri)
            findings, all_rules = await loop.run_in_executor(None, engine.lint, text, fmt, path)
            rules.update(all_rules)
            current = server.workspace.get_text_document(uri)
            if current.version != version or current.source != text:
                return  # edited meanwhile: the newer run publishes
            results[uri] = Linted(version, text, fmt, findings)
            pos = positions(text)
            server.text_document_publish_diagnostics(t.PublishDiagnosticsParams(
                uri=uri, version=version, diagnostics=[diagnostic(uri, pos, f) for f in findings]))
        except asyncio.CancelledError:
            pass
        except Exception as exc:  # report, never crash the editor's server
            server.window_log_message(t.LogMessageParams(t.MessageType.Error, f"healthlint: {exc!r}"))
        finally:
            if pending.get(uri) is asyncio.current_task():
                del pending[uri]

    def schedule(uri: str, delay: float) -> None:
        old = pending.pop(uri, None)
        if old is not None:
            old.cancel()
        pending[uri] = asyncio.get_running_loop().create_task(lint_later(uri, delay))

    @server.feature(t.INITIALIZE)
    def initialize(params: t.InitializeParams) -> None:
        if params.root_uri and params.root_uri.startswith("file:"):
            engine.root = unquote(urlparse(params.root_uri).path)
        threading.Thread(target=engine.warm_up, name="healthlint-warm-up", daemon=True).start()

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(params: t.DidOpenTextDocumentParams) -> None:
        schedule(params.text_document.uri, 0)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(params: t.DidChangeTextDocumentParams) -> None:
        schedule(params.text_document.uri, debounce)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(params: t.DidSaveTextDocumentParams) -> None:
        schedule(params.text_document.uri, 0)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(params: t.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = pending.pop(uri, None)
        if task is not None:
            task.cancel()
        results.pop(uri, None)
        server.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def edit(uri: str, version, edits: list[t.TextEdit]) -> t.WorkspaceEdit:
        return t.WorkspaceEdit(document_changes=[t.TextDocumentEdit(
            text_document=t.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version), edits=edits)])

    def disabled_support() -> bool:
        caps = server.client_capabilities
        code_action = caps.text_document.code_action if caps and caps.text_document else None
        return bool(code_action and code_action.disabled_support)

    @server.feature(t.TEXT_DOCUMENT_CODE_ACTION, t.CodeActionOptions(
        code_action_kinds=[t.CodeActionKind.QuickFix, t.CodeActionKind.SourceFixAll]))
    def code_action(params: t.CodeActionParams):
        uri = params.text_document.uri
        linted = results.get(uri)
        if linted is None or server.workspace.get_text_document(uri).source != linted.text:
            return []  # stale: fresh diagnostics (and fixes) are on their way
        only = params.context.only
        pos = positions(linted.text)
        lo = pos.offset(params.range.start.line, params.range.start.character)
        hi = pos.offset(params.range.end.line, params.range.end.character)
        # A fix that would break the Markdown/HTML markup is never applied (as with --fix): it is
        # not offered; a client that shows disabled actions gets one that says why.
        fixable = [f for f in linted.findings if f.fix is not None]
        blocked = {id(f) for f in fixable if breaks_markup(linted.text, f, linted.fmt)}
        actions = []
        wanted = {d.data.get("id") for d in params.context.diagnostics if isinstance(d.data, dict)}
        if not only or any(k.startswith(t.CodeActionKind.QuickFix) for k in only):
            for f in fixable:
                key = f"{f.rule}:{f.start}:{f.end}"
                if not (key in wanted or (f.start <= hi and f.end >= lo)):
                    continue
                old = linted.text[f.fix.start:f.fix.end]
                what = f"Replace '{old}' with '{f.fix.replacement}'" if f.fix.replacement else f"Delete '{old[:40]}'"
                diagnostics = [d for d in params.context.diagnostics if d.code == f.rule] or None
                if id(f) in blocked:
                    if disabled_support():
                        actions.append(t.CodeAction(
                            title=f"{what} ({f.rule}): make this change by hand", kind=t.CodeActionKind.QuickFix,
                            is_preferred=False, diagnostics=diagnostics,
                            disabled=t.CodeActionDisabled(reason=markup_reason(f, linted.fmt))))
                    continue
                title = f"{what} ({f.rule})" if f.fix.safe else f"{what} ({f.rule}, unsafe: check the result)"
                actions.append(t.CodeAction(
                    title=title, kind=t.CodeActionKind.QuickFix, is_preferred=f.fix.safe, diagnostics=diagnostics,
                    edit=edit(uri, linted.version, [t.TextEdit(to_range(pos, f.fix.start, f.fix.end),
                                                               f.fix.replacement)])))
        actions.sort(key=lambda a: (a.disabled is not None, not a.is_preferred))
        if not only or any(t.CodeActionKind.SourceFixAll.startswith(k) or k.startswith(t.CodeActionKind.SourceFixAll)
                           for k in only):
            safe = [f for f in fixable if id(f) not in blocked]
            fixed, applied = apply_fixes(linted.text, safe, unsafe=False)
            if applied:
                actions.append(t.CodeAction(
                    title=fix_all_title(len(applied)), kind=t.CodeActionKind.SourceFixAll,
                    edit=edit(uri, linted.version, [t.TextEdit(to_range(pos, 0, len(linted.text)), fixed)])))
        return actions

    return server


@click.command()
def lsp():
    """Run the language server on standard input/output (for editors; needs the 'lsp' extra)."""
    try:
        server = build_server()
    except ImportError as exc:
        raise click.ClickException(f"the language server needs pygls: pip install 'healthlint[lsp]' ({exc})")
    server.start_io()


if __name__ == "__main__":  # pragma: no cover
    lsp()
