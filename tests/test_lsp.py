"""The language server through a real LSP client (pygls's) over a subprocess's stdio."""
from __future__ import annotations

import asyncio
import contextlib
import os
import sys

import pytest

from conftest import ROOT

pytest.importorskip("pygls", reason="the 'lsp' extra (pygls) is not installed")
from lsprotocol import types as t  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from healthlint.lsp import Positions, fix_all_title, format_of  # noqa: E402

URI = "file:///tmp/healthlint-lsp-test/neck.md"
# Emoji before the findings: one code point but two UTF-16 units each.
TEXT = "# Neck 😀 care\n\n😀😀 Habits cause neck torment.\n\nLeave a Reply\n"


def test_positions_count_utf16_units():
    pos = Positions("a😀b\r\nc😀neck")
    assert pos.position(3) == (0, 4)          # after 'a', the emoji (2 units), 'b'
    assert pos.position(6) == (1, 1)          # '\r\n' is one line break
    assert pos.position(8) == (1, 4)          # c, emoji, n
    assert pos.offset(1, 4) == 8 and pos.offset(0, 4) == 3
    assert Positions("😀x", "utf-32").position(1) == (0, 1)
    assert Positions("é😀x", "utf-8").position(2) == (0, 6)


def test_diagnostic_carries_rule_link_and_related_passages():
    from types import SimpleNamespace

    from healthlint.findings import Finding, Related
    from healthlint.lsp import to_diagnostic
    text = "Stretch 😀 daily.\nNever stretch daily.\n"
    finding = Finding("HL301", "contradiction", "warning", "Contradicts line 1", 17, 37,
                      related=[Related(0, 16, "the earlier instruction")])
    rule = SimpleNamespace(link="https://example.org/rules/HL301")
    d = to_diagnostic("file:///a.txt", Positions(text), finding, rule)
    assert d.code == "HL301" and d.code_description.href == rule.link
    assert d.range == t.Range(t.Position(1, 0), t.Position(1, 20))
    (rel,) = d.related_information
    assert rel.message == "the earlier instruction" and rel.location.range.end == t.Position(0, 17)
    assert to_diagnostic("file:///a.txt", Positions(text), finding).code_description is None


def test_format_by_language_or_extension():
    assert format_of("markdown", "file:///a.txt") == "markdown"
    assert format_of("html", "untitled:1") == "html"
    assert format_of(None, "file:///x/page.htm") == "html"
    assert format_of("unknown-lang", "file:///x/notes.txt") == "text"


@contextlib.asynccontextmanager
async def _client(capabilities: t.ClientCapabilities | None = None):
    """A pygls client talking to ``healthlint lsp`` in a subprocess: (client, queue of published
    diagnostics), initialized; shut down and stopped on exit."""
    client = LanguageClient("healthlint-test", "1")
    diagnostics: asyncio.Queue = asyncio.Queue()

    @client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: t.PublishDiagnosticsParams):
        diagnostics.put_nowait(params)

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    await client.start_io(sys.executable, "-m", "healthlint.cli", "lsp", env=env)
    try:
        result = await client.initialize_async(t.InitializeParams(capabilities=capabilities or t.ClientCapabilities()))
        assert result.capabilities.code_action_provider
        client.initialized(t.InitializedParams())
        yield client, diagnostics
        await client.shutdown_async(None)
        client.exit(None)
    finally:
        if client._server is not None and client._server.returncode is None:
            await asyncio.sleep(0.5)      # let a clean exit finish; otherwise end the server
            if client._server.returncode is None:
                client._server.kill()
        await client.stop()


async def _open(client, diagnostics, uri: str, language_id: str, text: str) -> t.PublishDiagnosticsParams:
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        t.TextDocumentItem(uri=uri, language_id=language_id, version=1, text=text)))
    while True:
        published = await asyncio.wait_for(diagnostics.get(), 120)
        if published.uri == uri:
            return published


async def _actions(client, uri: str, text: str, diagnostics, only=None) -> list[t.CodeAction]:
    """Code actions for the whole document."""
    lines = text.split("\n")
    whole = t.Range(t.Position(0, 0), t.Position(len(lines) - 1, len(lines[-1])))
    return await client.text_document_code_action_async(t.CodeActionParams(
        text_document=t.TextDocumentIdentifier(uri=uri), range=whole,
        context=t.CodeActionContext(diagnostics=diagnostics, only=only))) or []


async def _session():
    async with _client() as (client, diagnostics):
        client.text_document_did_open(t.DidOpenTextDocumentParams(
            t.TextDocumentItem(uri=URI, language_id="markdown", version=1, text=TEXT)))
        published = await asyncio.wait_for(diagnostics.get(), 120)
        assert published.uri == URI and published.version == 1
        by_code = {d.code: d for d in published.diagnostics}
        spin = by_code["HL101"]
        # 'neck torment' starts after two emoji (4 UTF-16 units) + ' Habits cause ' (14 units).
        assert spin.range == t.Range(t.Position(2, 18), t.Position(2, 30))
        assert spin.severity == t.DiagnosticSeverity.Warning and spin.source == "healthlint"
        assert by_code["HL701"].range.start == t.Position(4, 0)

        # Two quick edits: the first run is cancelled, only version 3 is published.
        for version, text in ((2, TEXT.replace("Habits", "Bad habits")),
                              (3, TEXT.replace("neck torment", "a sore neck"))):
            client.text_document_did_change(t.DidChangeTextDocumentParams(
                t.VersionedTextDocumentIdentifier(uri=URI, version=version),
                [t.TextDocumentContentChangeWholeDocument(text=text)]))
        published = await asyncio.wait_for(diagnostics.get(), 60)
        assert published.version == 3
        assert [d.code for d in published.diagnostics] == ["HL701"]

        # Back to the spun text, then ask for the quick fix at the diagnostic.
        client.text_document_did_change(t.DidChangeTextDocumentParams(
            t.VersionedTextDocumentIdentifier(uri=URI, version=4),
            [t.TextDocumentContentChangeWholeDocument(text=TEXT)]))
        published = await asyncio.wait_for(diagnostics.get(), 60)
        spin = next(d for d in published.diagnostics if d.code == "HL101")
        actions = await client.text_document_code_action_async(t.CodeActionParams(
            text_document=t.TextDocumentIdentifier(uri=URI), range=spin.range,
            context=t.CodeActionContext(diagnostics=[spin])))
        quick = [a for a in actions if a.kind == t.CodeActionKind.QuickFix]
        assert len(quick) == 1 and quick[0].is_preferred and "neck pain" in quick[0].title
        (change,) = quick[0].edit.document_changes
        assert change.edits[0].range == spin.range and change.edits[0].new_text == "neck pain"
        fix_all = [a for a in actions if a.kind == t.CodeActionKind.SourceFixAll]
        assert len(fix_all) == 1 and "Leave a Reply" not in fix_all[0].edit.document_changes[0].edits[0].new_text
        assert fix_all[0].title == "Apply all 2 safe healthlint fixes"

        # A fix that would break the Markdown markup is not offered (this client shows no disabled actions).
        published = await _open(client, diagnostics, MARKUP_URI, "markdown", MARKUP_MD)
        assert [d.code for d in published.diagnostics] == ["HL101"]
        assert await _actions(client, MARKUP_URI, MARKUP_MD, published.diagnostics) == []

        client.text_document_did_close(t.DidCloseTextDocumentParams(t.TextDocumentIdentifier(uri=URI)))
        published = await asyncio.wait_for(diagnostics.get(), 30)
        assert published.uri == URI and len(published.diagnostics) == 0


def test_language_server_end_to_end():
    asyncio.run(_session())


def test_fix_all_title_is_pluralised():
    assert fix_all_title(1) == "Apply the 1 safe healthlint fix"
    assert fix_all_title(3) == "Apply all 3 safe healthlint fixes"


TEA = "Drinking tea detoxifies your liver.\n"              # one HL501 finding, without a fix
MIXED = "Drinking tea detoxifies your liver. Habits cause neck torment.\n"
MARKUP_URI = "file:///tmp/healthlint-lsp-test/mk.md"
MARKUP_MD = "Some text neck *torment* here.\n"              # 'neck pain' would leave a lone '*'
MARKUP_HTML = "<p>Some text neck <em>torment</em> here.</p>\n"


async def _no_fix_and_markup_session():
    disabled = t.ClientCapabilities(text_document=t.TextDocumentClientCapabilities(
        code_action=t.CodeActionClientCapabilities(disabled_support=True)))
    async with _client(disabled) as (client, diagnostics):
        quick, fix_all = [t.CodeActionKind.QuickFix], [t.CodeActionKind.SourceFixAll]
        # Findings without a fix, in Markdown and HTML: no actions, and no error.
        for uri, language, text in (("file:///tmp/healthlint-lsp-test/tea.md", "markdown", TEA),
                                    ("file:///tmp/healthlint-lsp-test/tea.html", "html", f"<p>{TEA.strip()}</p>\n")):
            published = await _open(client, diagnostics, uri, language, text)
            assert "HL501" in {d.code for d in published.diagnostics}
            for only in (None, quick, fix_all):
                assert await _actions(client, uri, text, published.diagnostics, only) == [], (language, only)

        # A finding without a fix next to one with a safe fix: the latter's actions are still offered.
        uri = "file:///tmp/healthlint-lsp-test/mixed.md"
        published = await _open(client, diagnostics, uri, "markdown", MIXED)
        assert {d.code for d in published.diagnostics} == {"HL501", "HL101"}
        actions = await _actions(client, uri, MIXED, published.diagnostics)
        (replace,) = [a for a in actions if a.kind == t.CodeActionKind.QuickFix]
        assert replace.edit.document_changes[0].edits[0].new_text == "neck pain"
        (apply_all,) = [a for a in actions if a.kind == t.CodeActionKind.SourceFixAll]
        assert apply_all.title == "Apply the 1 safe healthlint fix"
        assert apply_all.edit.document_changes[0].edits[0].new_text == MIXED.replace("neck torment", "neck pain")
        assert [a.title for a in await _actions(client, uri, MIXED, published.diagnostics, fix_all)] == [apply_all.title]

        # A fix that would break the markup: never an edit; a disabled action says why and what to type.
        for uri, language, text, markup in ((MARKUP_URI, "markdown", MARKUP_MD, "Markdown"),
                                            ("file:///tmp/healthlint-lsp-test/mk.html", "html", MARKUP_HTML, "HTML")):
            published = await _open(client, diagnostics, uri, language, text)
            spin = [d for d in published.diagnostics if d.code == "HL101"]
            assert spin, language
            (action,) = await _actions(client, uri, text, spin, quick)
            assert action.edit is None and action.disabled is not None
            assert f"break the {markup} markup" in action.disabled.reason and "'neck pain'" in action.disabled.reason
            assert await _actions(client, uri, text, published.diagnostics, fix_all) == []


def test_code_actions_skip_findings_without_fix_and_fixes_that_break_markup():
    asyncio.run(_no_fix_and_markup_session())
