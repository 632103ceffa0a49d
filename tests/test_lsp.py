"""The language server through a real LSP client (pygls's) over a subprocess's stdio."""
from __future__ import annotations

import asyncio
import os
import sys

import pytest

from conftest import ROOT

pytest.importorskip("pygls", reason="the 'lsp' extra (pygls) is not installed")
from lsprotocol import types as t  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from healthlint.lsp import Positions, format_of  # noqa: E402

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


async def _session():
    client = LanguageClient("healthlint-test", "1")
    diagnostics: asyncio.Queue = asyncio.Queue()

    @client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: t.PublishDiagnosticsParams):
        diagnostics.put_nowait(params)

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    await client.start_io(sys.executable, "-m", "healthlint.cli", "lsp", env=env)
    try:
        result = await client.initialize_async(t.InitializeParams(capabilities=t.ClientCapabilities()))
        assert result.capabilities.code_action_provider
        client.initialized(t.InitializedParams())

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

        client.text_document_did_close(t.DidCloseTextDocumentParams(t.TextDocumentIdentifier(uri=URI)))
        published = await asyncio.wait_for(diagnostics.get(), 30)
        assert published.uri == URI and len(published.diagnostics) == 0
        await client.shutdown_async(None)
        client.exit(None)
    finally:
        if client._server is not None and client._server.returncode is None:
            await asyncio.sleep(0.5)      # let a clean exit finish; otherwise end the server
            if client._server.returncode is None:
                client._server.kill()
        await client.stop()


def test_language_server_end_to_end():
    asyncio.run(_session())
