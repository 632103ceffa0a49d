"""Readers: what gets linted, and exact offsets back into the original file."""
from healthlint.formats import parse

MD = """---
title: Neck care
author: A. Writer
---
# Neck torment relief

Poor posture causes **neck torment** for many office workers.
See [the guide](https://example.com/neck-torment) or https://example.com/neck-torment.

```
neck torment in a code block
```

Use `neck torment` in code, then <!-- neck torment in a comment --> plain text.

- First, roll your shoulders.
- Then ease the neck torment with heat.

> A quoted line about neck torment.
"""


def spans(doc, needle):
    out, i = [], doc.text.find(needle)
    while i >= 0:
        out.append(doc.to_source(i, i + len(needle)))
        i = doc.text.find(needle, i + 1)
    return out


def test_markdown_blocks_and_meta():
    doc = parse(MD, "markdown")
    kinds = [b.kind for b in doc.blocks]
    assert kinds[0] == "heading"
    assert "list_item" in kinds and "blockquote" in kinds
    assert doc.meta["author"] == "A. Writer"
    assert "title: Neck care" not in doc.text          # front matter is not linted
    assert "code block" not in doc.text                 # fenced code is not linted
    assert "example.com" not in doc.text                # URLs are not linted
    assert "in a comment" not in doc.text               # HTML comments are not linted
    assert "Use  in code" in doc.text                   # inline code is dropped
    assert "the guide" in doc.text and "**" not in doc.text


def test_markdown_offsets_point_into_source():
    doc = parse(MD, "markdown")
    found = spans(doc, "neck torment")
    assert len(found) == 3  # the bold one, the list item, the quote (the heading says "Neck torment")
    for s, e in found:
        assert MD[s:e] == "neck torment"
    s, e = spans(doc, "Neck torment")[0]
    assert MD[s:e] == "Neck torment" and MD[:s].endswith("# ")


def test_markdown_sections():
    doc = parse("# One\n\nAlpha.\n\n## Two\n\nBeta.\n\nGamma.\n", "markdown")
    assert [s.heading and doc.block_text(s.heading) for s in doc.sections] == ["One", "Two"]
    assert [doc.block_text(b) for b in doc.sections[1].blocks] == ["Beta.", "Gamma."]


HTML = """<!DOCTYPE html><html><head><title>Sleep tips</title>
<meta name="author" content="Sam Smith"><script>var rest_issue = "rest issue";</script></head>
<body><nav><a href="/">Home</a> rest issue menu</nav>
<header class="site-header">Rest issue weekly</header>
<article><h1>Better sleep</h1>
<p>A rest issue affects &amp; tires many adults.
It is treatable.</p>
<p>Keep a regular bedtime, and avoid screens late at night before bed; it is the single most useful habit.</p>
<ul><li>Dim the lights.</li><li>Skip late coffee.</li></ul>
<div class="share-buttons">Share this rest issue</div>
</article>
<aside>Related: rest issue</aside><footer>(c) rest issue inc</footer></body></html>"""


def test_html_main_text_only():
    doc = parse(HTML, "html")
    assert doc.text.count("rest issue") + doc.text.count("Rest issue") == 1
    assert "Home" not in doc.text and "var " not in doc.text and "Share this" not in doc.text
    assert doc.meta["author"] == "Sam Smith" and doc.meta["title"] == "Sleep tips"
    assert [b.kind for b in doc.blocks][:2] == ["heading", "paragraph"]
    assert sum(b.kind == "list_item" for b in doc.blocks) == 2


def test_html_offsets_and_entities():
    doc = parse(HTML, "html")
    (s, e), = spans(doc, "rest issue")
    assert HTML[s:e] == "rest issue"
    i = doc.text.index("& tires")
    s, e = doc.to_source(i, i + len("& tires"))
    assert HTML[s:e] == "&amp; tires"


def test_text_paragraphs_headings_and_offsets():
    src = "Sleep Well\n\nA rest issue is common.\nIt can be treated.\n\n- One item\n- Two item\n"
    doc = parse(src, "text")
    assert [b.kind for b in doc.blocks] == ["title", "paragraph", "list_item", "list_item"]
    (s, e), = spans(doc, "rest issue")
    assert src[s:e] == "rest issue"
    assert doc.text == "Sleep Well\n\nA rest issue is common.\nIt can be treated.\n\nOne item\n\nTwo item"


def test_text_heading_line_glued_to_its_paragraph():
    """'5. Plank - 30 seconds' over the steps (no blank line between) is a heading; a hard-wrapped
    paragraph, whose next line goes on mid-sentence, is not split."""
    src = ("Home workout\n\n5. Plank - 30 seconds\nRest on your forearms and toes. Hold for 30 seconds.\n\n"
           "Stand with your feet apart and\nlower your hips slowly.\n\nBy Jane Smith\nhealth reporter")
    doc = parse(src, "text")
    kinds = [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]
    assert kinds == [("title", "Home workout"), ("heading", "5. Plank - 30 seconds"),
                     ("paragraph", "Rest on your forearms and toes. Hold for 30 seconds."),
                     ("paragraph", "Stand with your feet apart and\nlower your hips slowly."),
                     ("paragraph", "By Jane Smith\nhealth reporter")]
    heading = doc.blocks[1]
    s, e = doc.to_source(heading.start, heading.end)
    assert src[s:e] == "5. Plank - 30 seconds"


def test_line_and_column():
    src = "héllo\nwörld 😀 neck torment\n"
    doc = parse(src, "text")
    i = doc.text.index("neck")
    s, _ = doc.to_source(i, i + 4)
    assert doc.line_col(s) == (2, 9)   # code points, 1-based
