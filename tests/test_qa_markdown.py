"""Markdown reader: every block is placed at its own position in the source."""
from healthlint.formats import parse


def _placed(source):
    doc = parse(source, "markdown")
    return [(doc.offsets.start(b.start), doc.offsets.end(b.end)) for b in doc.blocks]


def test_table_cells_with_same_text_on_one_row_are_placed_apart():
    source = "| neck torment | neck torment |\n|--|--|\n| neck torment | torment |\n"
    spans = _placed(source)
    assert len(spans) == 4
    assert len(set(spans)) == 4                      # no two cells share a span
    assert all(source[s:e].strip() in ("neck torment", "torment") for s, e in spans)
    assert spans[1][0] == source.index("neck torment", 3)
    assert spans[3][0] == source.rindex("torment")   # not the 'torment' inside the row's first cell


def test_same_cells_each_get_a_finding(linter):
    source = "| neck torment | neck torment |\n|--|--|\n| a | b |\n"
    starts = [f.start for f in linter.lint_text(source, "markdown", "t.md") if f.rule == "HL101"]
    assert starts == [2, source.index("neck torment", 3)]


def test_backslash_hard_break_is_not_linted_text(linter):
    for nl in ("\n", "\r\n"):
        source = f"Stretch to ease neck\\{nl}torment daily.{nl}"
        doc = parse(source, "markdown")
        assert "\\" not in doc.text
        spin = [f for f in linter.lint_text(source, "markdown", "a.md") if f.rule == "HL101"]
        assert [f.start for f in spin] == [source.index("neck")]


def test_table_cell_with_escaped_pipe_is_linted(linter):
    source = "| a \\| neck torment | b |\n|---|---|\n| c | d |\n"
    doc = parse(source, "markdown")
    assert "a | neck torment" in doc.text
    spin = [f for f in linter.lint_text(source, "markdown", "a.md") if f.rule == "HL101"]
    assert [(f.start, f.excerpt) for f in spin] == [(source.index("neck"), "neck torment")]


def test_toml_front_matter_is_metadata_not_text(linter):
    for nl in ("\n", "\r\n"):
        source = f"+++{nl}title = 'Neck torment'{nl}tags = ['neck torment']{nl}+++{nl}{nl}Body with neck torment.{nl}"
        doc = parse(source, "markdown")
        assert doc.meta["title"] == "Neck torment" and "+++" not in doc.text and "title" not in doc.text
        spin = [f for f in linter.lint_text(source, "markdown", "a.md") if f.rule == "HL101"]
        assert [f.start for f in spin] == [source.index("neck torment", source.index("Body"))]


def test_plus_signs_not_at_the_top_stay_text():
    doc = parse("Intro.\n\n+++\nx = 1\n+++\n", "markdown")
    assert "x = 1" in doc.text
