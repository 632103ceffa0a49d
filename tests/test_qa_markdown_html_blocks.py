"""README: raw HTML blocks in Markdown are skipped, text inside an HTML wrapper separated by
blank lines is linted, and inline HTML's text is linted. The README states exactly this."""
from healthlint import Linter


def test_html_blocks_skipped_wrapped_markdown_and_inline_html_linted():
    source = ("# T\n\n<div>raw html block with neck torment</div>\n\n"
              "<div class=\"callout\">\n\nThis paragraph has neck torment.\n\n</div>\n\n"
              "Inline <b>neck torment</b> here.\n")
    findings = Linter(select=["HL101"]).lint_text(source, "markdown")
    assert [f.line for f in findings] == [7, 11]
