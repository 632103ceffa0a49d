"""The review page in a real headless Chromium (Debian's ``chromium``), driven by Playwright.

Never downloads Playwright's own browser: it drives /usr/bin/chromium, and skips (with the
reason) when that or the playwright package is missing. CI installs both.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from serve_helpers import linter_with_verdict, running_server

CHROMIUM = os.environ.get("HEALTHLINT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]
ARTIFACTS = ROOT / "test-artifacts"

sync_api = pytest.importorskip("playwright.sync_api", reason="the 'playwright' package is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)", allow_module_level=True)

# An emoji (one code point, two UTF-16 units) before the findings: highlights must not shift.
DIRTY = ("# Easing neck pain 💆\n\n"
         "Hours at a desk 🖥️ leave many people with neck torment by the afternoon. "
         "A short walk and gentle stretches help.\n\n"
         "Leave a Reply\n")


@pytest.fixture(scope="module")
def page():
    with running_server(linter_with_verdict()) as server, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1360, "height": 860})
        pg = context.new_page()
        pg.errors = []
        pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
        pg.on("dialog", lambda dialog: (pg.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        pg.goto(server.url)
        pg.wait_for_selector("body[data-ready='1']")
        yield pg
        context.close()
        browser.close()


def _check(page, text, fmt="auto"):
    page.click("#tab-edit")
    page.fill("#editor", text)
    page.select_option("#format", fmt)
    page.click("#check")
    page.wait_for_selector("#article:not([hidden])")
    page.wait_for_function("() => document.getElementById('status').textContent.includes('·')")


def test_review_highlight_fix_and_clean_text(page):
    _check(page, DIRTY)
    marks = page.locator("mark.hl")
    texts = marks.all_text_contents()
    assert "neck torment" in texts and "Leave a Reply" in texts   # exact spans despite the emoji
    assert "cat-spin" in page.locator("mark.hl", has_text="neck torment").get_attribute("class")
    assert page.locator("#stat-words").text_content().isdigit()
    verdict = page.locator(".verdict")                              # the article-level finding, on top
    assert verdict.count() == 1 and "machine-spun" in verdict.text_content()
    groups = page.locator(".group .group-name").all_text_contents()
    assert "spin" in groups and "boilerplate" in groups
    card = page.locator(".card", has_text="neck torment").first
    assert "neck pain" in card.locator(".fix-label").text_content()
    assert card.locator(".why p").text_content().strip()           # the rule's rationale is shown

    card.click()                                                    # scroll to and flash the highlight
    assert "flash" in page.locator("mark.hl", has_text="neck torment").get_attribute("class")

    card.locator("button.accept").click()
    page.wait_for_function("() => document.getElementById('article').textContent.includes('neck pain by')")
    assert "neck torment" not in page.locator("#article").text_content()
    assert "neck pain by" in page.input_value("#editor")
    assert page.locator("mark.hl", has_text="neck torment").count() == 0

    page.click("#fix-all")                                          # the boilerplate line goes too
    page.wait_for_function("() => !document.getElementById('article').textContent.includes('Leave a Reply')")
    cleaned = page.input_value("#editor")
    assert cleaned.startswith("# Easing neck pain 💆") and "neck pain by the afternoon" in cleaned
    with page.expect_download() as download:                        # export the cleaned article
        page.click("#download")
    assert download.value.suggested_filename == "article.clean.txt"
    assert Path(download.value.path()).read_text(encoding="utf-8") == cleaned
    assert page.errors == []


def test_open_file_detects_format_and_screenshot(page):
    article = ROOT / "corpus" / "dirty01_lower-back-relief-spun.md"
    page.set_input_files("#file-input", str(article))
    page.wait_for_function("() => document.getElementById('status').textContent.includes('· markdown')")
    assert page.locator("#filename").text_content() == article.name
    marks = page.locator("mark.hl")
    assert marks.count() >= 2
    source = article.read_text(encoding="utf-8")
    assert all(m in source for m in marks.all_text_contents())
    page.locator(".card").first.click()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve.png"))


def test_dismiss_hides_a_finding(page):
    _check(page, DIRTY)
    before = page.locator(".card").count()
    page.locator(".card", has_text="Leave a Reply").locator("button.dismiss").click()
    assert page.locator(".card").count() == before - 1
    assert page.locator("mark.hl", has_text="Leave a Reply").count() == 0
    page.click("#fix-all")                      # a dismissed finding's fix is not applied with the others
    page.wait_for_function("() => document.getElementById('editor').value.includes('neck pain by')")
    assert "Leave a Reply" in page.input_value("#editor")


def test_pasted_markup_and_scripts_never_run(page):
    hostile = ("<img src=x onerror=\"window.__pwned = 1; alert('img')\">\n"
               "<script>window.__pwned = 2; alert('script')</script>\n"
               "<svg onload=\"window.__pwned = 3\"></svg> Many people feel neck torment at work.\n")
    for fmt in ("text", "html", "markdown"):
        _check(page, hostile, fmt)
        page.wait_for_timeout(200)
        assert page.evaluate("window.__pwned") is None
        assert page.locator("#article img, #article script, #article svg").count() == 0
        assert "<script>" in page.locator("#article").text_content()   # shown as text
    assert page.errors == []


def _counts(page):
    """What the page says about how many findings there are: header stats, status, side panel."""
    return {"stat": page.locator("#stat-findings").text_content(),
            "verdicts": page.locator("#stat-verdicts").text_content(),
            "status": page.locator("#status").text_content(),
            "panel": page.locator(".panel-head .panel-count").text_content(),
            "cards": page.locator(".card").count()}


def _count_text(findings: int, verdicts: int) -> str:
    text = f"{findings} finding{'' if findings == 1 else 's'}"
    return text + (f" + {verdicts} document verdict{'' if verdicts == 1 else 's'}" if verdicts else "")


def test_finding_counts_agree_and_say_what_they_count(page):
    page.reload()                                                    # forget earlier dismissals
    page.wait_for_selector("body[data-ready='1']")
    # Findings without a safe fix survive "Apply all safe fixes": the counts are checked after it too.
    _check(page, DIRTY + "\nDrinking tea detoxifies your liver. Muscle tissue ache is common.\n", "markdown")
    counts = _counts(page)
    n, v = counts["cards"], page.locator(".verdict:not(.none)").count()   # span findings, document verdicts
    assert n >= 3 and v >= 1 and counts["stat"] == str(n) and counts["verdicts"] == str(v)
    assert counts["panel"] == _count_text(n, v) and counts["status"].startswith(_count_text(n, v) + " · ")

    page.locator(".card", has_text="Leave a Reply").locator("button.dismiss").click()
    counts = _counts(page)
    assert counts["cards"] == n - 1 and counts["stat"] == str(n - 1) and counts["verdicts"] == str(v)
    assert counts["panel"] == _count_text(n - 1, v) and _count_text(n - 1, v) + " · " in counts["status"]

    page.click("#fix-all")
    page.wait_for_function("() => document.getElementById('status').textContent.includes('applied')")
    counts = _counts(page)
    m, v = counts["cards"], int(counts["verdicts"])
    assert 0 < m < n - 1 and page.locator(".verdict:not(.none)").count() == v
    assert counts["stat"] == str(m)
    assert counts["panel"] == _count_text(m, v) and _count_text(m, v) + " · " in counts["status"]
    assert page.errors == []


def test_a_fix_that_would_break_markup_is_a_suggestion_not_a_button(page):
    text = "Some text neck *torment* here.\n"
    _check(page, text, "markdown")
    card = page.locator(".card", has_text="torment").first
    assert card.locator("button.accept").count() == 0               # nothing that cannot work
    assert "neck pain" in card.locator(".fix-label").text_content()  # the replacement, as text
    note = card.locator(".manual-note").text_content()
    assert "would break the Markdown markup" in note and "by hand" in note
    assert card.locator("button.dismiss").count() == 1
    assert "0 with a safe fix" in page.locator(".panel-head").text_content()
    # The same phrase without markup in its way keeps its Accept button.
    _check(page, "Some text neck torment here.\n", "markdown")
    card = page.locator(".card", has_text="torment").first
    assert card.locator("button.accept").count() == 1 and card.locator(".manual-note").count() == 0
    assert page.errors == []
