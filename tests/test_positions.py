"""Column conventions: code points (json/text), UTF-16 units (SARIF/LSP), UTF-8 bytes (reviewdog)."""
import pytest

from healthlint.positions import LineIndex, span, width

LINE = "Café “tips”: 😀 neck torment here.\n"


@pytest.mark.parametrize("text,cp,u16,u8", [
    ("abc", 3, 3, 3), ("é", 1, 1, 2), ("“”", 2, 2, 6), ("😀", 1, 2, 4), ("", 0, 0, 0)])
def test_width(text, cp, u16, u8):
    assert (width(text, "codepoint"), width(text, "utf16"), width(text, "utf8")) == (cp, u16, u8)


def test_columns_after_non_ascii_text():
    source = "# Title\n" + LINE
    index = LineIndex(source)
    start = source.index("neck torment")
    end = start + len("neck torment")
    # 15 characters precede the phrase on its line: é, two curly quotes and one emoji among them.
    assert span(index, start, end, "codepoint") == {"line": 2, "column": 16, "end_line": 2, "end_column": 28}
    assert span(index, start, end, "utf16") == {"line": 2, "column": 17, "end_line": 2, "end_column": 29}
    assert span(index, start, end, "utf8") == {"line": 2, "column": 24, "end_line": 2, "end_column": 36}


def test_span_over_an_emoji_and_line_text():
    source = "a😀b\r\nsecond"
    index = LineIndex(source)
    assert span(index, 1, 2, "utf16") == {"line": 1, "column": 2, "end_line": 1, "end_column": 4}
    assert span(index, 1, 2, "utf8") == {"line": 1, "column": 2, "end_line": 1, "end_column": 6}
    assert index.line_text(1) == "a😀b" and index.line_text(2) == "second"
    assert index.position(len(source)) == (2, 7)


def test_agrees_with_the_document_model():
    from healthlint.formats import parse
    source = "# Café\n\nNeck “torment” 😀 here.\n"
    document = parse(source, "markdown")
    index = LineIndex(source)
    for offset in range(len(source) + 1):
        assert index.position(offset) == document.line_col(offset)
