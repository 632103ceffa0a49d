"""--fix / --unsafe-fixes / --diff: atomic in-place writes that keep encoding, newlines, permissions
and markup; passes to a fixed point; idempotence; standard input."""
import os
import stat

import pytest

from ci_helpers import cli, finding
from healthlint.fixes import apply_fixes, fix_to_fixed_point

MD = ("# Neck care\n\nBad habits cause **neck torment** and <em>neck torment</em>.\n\n"
      "See [neck torment](https://example.org/neck-torment) and neck **torment** too.  \nHard break kept.\n\n"
      "Leave a Reply\n")
MD_FIXED = ("# Neck care\n\nBad habits cause **neck pain** and <em>neck pain</em>.\n\n"
            "See [neck pain](https://example.org/neck-torment) and neck **torment** too.  \nHard break kept.\n\n")


def test_apply_fixes_tidies_only_where_text_was_deleted():
    src = "Keep  this double space.  Buy now. Read on.\nLine with hard break  \nnext\n"
    f = finding(src, "Buy now.", replacement="")
    fixed, applied = apply_fixes(src, [f])
    assert fixed == "Keep  this double space. Read on.\nLine with hard break  \nnext\n"
    assert applied == [f]
    assert "Keep  this" in fixed and "break  \n" in fixed   # the author's whitespace elsewhere stays


def test_deleting_a_paragraph_folds_blank_lines_and_keeps_crlf():
    src = "One.\r\n\r\nJunk line\r\n\r\nTwo.\r\n"
    fixed, _ = apply_fixes(src, [finding(src, "Junk line", replacement="")])
    assert fixed == "One.\r\n\r\nTwo.\r\n"


def test_overlapping_fixes_never_in_one_pass():
    src = "neck torment pain"
    a = finding(src, "neck torment", replacement="neck pain")
    b = finding(src, "torment pain", replacement="pain")
    fixed, applied = apply_fixes(src, [b, a])
    assert applied == [a] and fixed == "neck pain pain"


def test_fixed_point_relints_between_passes_and_stops():
    def relint(text):   # each pass reveals the next spun phrase (as overlapping fixes would)
        return [finding(text, "torment", replacement="pain")] if "torment" in text else []
    text = "torment torment torment"
    out = fix_to_fixed_point(text, relint(text), relint)
    assert out.fixed == "pain pain pain" and out.passes == 3 and out.remaining == []

    def flip(text):     # a fix that undoes itself must not loop forever
        word = "a" if "b" in text else "b"
        return [finding(text, text, replacement=word)]
    out = fix_to_fixed_point("a", flip("a"), flip, max_passes=5)
    assert out.passes == 5


def test_unsafe_fixes_only_on_request():
    src = "neck torment"
    f = finding(src, "neck torment", replacement="neck pain", safe=False)
    assert fix_to_fixed_point(src, [f], lambda t: []).fixed == src
    assert fix_to_fixed_point(src, [f], lambda t: [], unsafe=True).fixed == "neck pain"


def test_fix_in_place_keeps_markup_and_is_idempotent(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(MD)
    p.chmod(0o640)
    proc = cli("check", "--fix", p)
    assert p.read_text() == MD_FIXED
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640
    assert "Fixed 4 findings in 1 file (HL101: 3, HL701: 1); 1 remaining" in proc.stderr
    # what remains is reported: the phrase split by bold markup (its fix would break the markup)
    assert ":5:" in proc.stdout and "HL101" in proc.stdout and proc.exit_code == 1
    assert sorted(os.listdir(tmp_path)) == ["a.md"]      # no temporary file left behind
    again = cli("check", "--fix", p)
    assert p.read_text() == MD_FIXED and "Fixed 0 findings in 0 files; 1 remaining" in again.stderr
    unsafe = cli("check", "--fix", "--unsafe-fixes", p)   # still refused: it would break markup
    assert p.read_text() == MD_FIXED and unsafe.exit_code == 1


def test_fix_html_keeps_tags(tmp_path):
    p = tmp_path / "a.html"
    p.write_text("<html><body><article><h1>Care</h1><p>Ease <em>neck torment</em>, "
                 "<a href='/neck-torment'>neck torment</a>.</p></article></body></html>\n")
    cli("check", "--fix", p)
    assert p.read_text() == ("<html><body><article><h1>Care</h1><p>Ease <em>neck pain</em>, "
                             "<a href='/neck-torment'>neck pain</a>.</p></article></body></html>\n")


@pytest.mark.parametrize("encoding,bom", [("utf-16", b"\xff\xfe"), ("utf-8-sig", b"\xef\xbb\xbf")])
def test_fix_keeps_encoding_and_crlf(tmp_path, encoding, bom):
    p = tmp_path / "a.txt"
    p.write_bytes("Café notes.\r\nGentle stretches ease neck torment.\r\n".encode(encoding))
    cli("check", "--fix", p)
    data = p.read_bytes()
    assert data.startswith(bom)
    assert data.decode(encoding).lstrip("\ufeff") == "Café notes.\r\nGentle stretches ease neck pain.\r\n"


def test_diff_writes_nothing(tmp_path):
    p = tmp_path / "a.md"
    p.write_text(MD)
    proc = cli("check", "--diff", p)
    assert p.read_text() == MD and proc.exit_code == 1
    assert "-Bad habits cause **neck torment** and <em>neck torment</em>.\n" in proc.stdout
    assert "+Bad habits cause **neck pain** and <em>neck pain</em>.\n" in proc.stdout
    assert "-Leave a Reply\n" in proc.stdout
    assert "4 fixes would be applied in 1 file" in proc.stderr
    clean = tmp_path / "b.md"
    clean.write_text(MD_FIXED)
    proc = cli("check", "--diff", clean)
    assert proc.stdout == "" and proc.exit_code == 0


def test_fix_from_stdin_writes_text_to_stdout(tmp_path):
    proc = cli("check", "--fix", "--stdin-filename", tmp_path / "x.md", "-", input=MD)
    assert proc.stdout == MD_FIXED
    assert "HL101" in proc.stderr and "1 finding" in proc.stderr
    assert not (tmp_path / "x.md").exists()


def test_unsafe_fixes_from_the_command_line(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "house.yaml").write_text(
        "family: house\nrules:\n  - id: HL199\n    name: house-phrase\n    type: phrase\n    category: spin\n"
        "    severity: warning\n    message: 'Say {replacement_text}'\n    rationale: House style.\n"
        "    fix: {safe: false}\n    options:\n      phrases:\n        tummy ache: stomach pain\n")
    (tmp_path / "healthlint.toml").write_text('extra-rules = ["%s"]\n' % (tmp_path / "rules"))
    p = tmp_path / "a.txt"
    p.write_text("A tummy ache again.\n")
    cli("check", "--select", "HL199", "--fix", p)
    assert p.read_text() == "A tummy ache again.\n"
    cli("check", "--select", "HL199", "--fix", "--unsafe-fixes", p)
    assert p.read_text() == "A stomach pain again.\n"


def test_fix_through_a_symlink_keeps_the_link(tmp_path):
    target = tmp_path / "real.md"
    target.write_text("Ease neck torment.\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    cli("check", "--fix", link)
    assert link.is_symlink() and target.read_text() == "Ease neck pain.\n"


@pytest.mark.parametrize("fmt,span,replacement,ok", [
    ("markdown", "neck **torment", "neck pain", False),       # crosses the bold boundary
    ("markdown", "neck torment", "neck pain", True),
    ("markdown", "Buy **Waklert** (150 mg) now!", "", True),  # a whole deleted sentence, markup and all
    ("markdown", "Buy **Waklert now!", "", False),
    ("markdown", "see [the shop](https://x.example) today.", "", True),
    ("markdown", "the shop](https://x.example) today.", "", False),
    ("html", "neck <b>torment", "neck pain", False),
    ("html", "Buy <b>Waklert</b> now!<br>", "", True),
    ("html", "Buy <b>Waklert now!", "", False),
    ("html", "Waklert</b> now!", "", False),
])
def test_keeps_markup(fmt, span, replacement, ok):
    from healthlint.fixes import MARKUP, keeps_markup
    text = f"Intro. {span} Outro."
    f = finding(text, span, replacement=replacement)
    assert keeps_markup(text, f, MARKUP[fmt]) is ok


def test_breaks_markup_only_for_a_fix_in_markdown_or_html():
    from healthlint.fixes import MARKUP, breaks_markup, keeps_markup
    text = "Some text neck *torment* here. Tea detoxifies."
    no_fix = finding(text, "detoxifies")                     # a finding without a fix: nothing to break
    assert keeps_markup(text, no_fix, MARKUP["markdown"]) and keeps_markup(text, no_fix, MARKUP["html"])
    assert not breaks_markup(text, no_fix, "markdown")
    crossing = finding(text, "neck *torment", replacement="neck pain", safe=False)
    assert breaks_markup(text, crossing, "markdown") and not breaks_markup(text, crossing, "text")
    assert not breaks_markup(text, finding(text, "here", replacement="there"), "markdown")


def test_an_html_deletion_takes_the_element_it_empties():
    """Deleting "Advertisement" removes <p>Advertisement</p> and its line, not just the word."""
    from healthlint import Linter
    from healthlint.fixes import apply_fixes
    source = ("<html><body><article>\n<h1>Neck care</h1>\n<p>A short walk helps.</p>\n"
              "<p>Advertisement</p>\n<p>Stretch <em>gently</em> every morning. Advertisement</p>\n</article></body></html>\n")
    findings = [f for f in Linter(select=["boilerplate"]).lint_text(source, "html")]
    fixed, applied = apply_fixes(source, findings)
    assert applied and "<p></p>" not in fixed
    assert "<p>A short walk helps.</p>\n<p>Stretch" in fixed    # the whole line went
