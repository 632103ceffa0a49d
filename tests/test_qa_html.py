"""HTML main text: state classes on a content container do not make it page furniture."""
import pytest

from healthlint.formats import parse

BODY = "<p>Neck torment is a common complaint among office workers.</p>"


@pytest.mark.parametrize("cls", ["site-content has-sidebar", "content no-ads", "main with-toc", "post is_sticky"])
def test_state_classes_keep_the_content(cls):
    doc = parse(f'<html><body><div class="{cls}">{BODY}</div></body></html>', "html")
    assert "Neck torment" in doc.text


@pytest.mark.parametrize("cls", ["sidebar", "site-footer", "social-share", "cookie-banner"])
def test_furniture_is_still_skipped(cls):
    doc = parse(f'<html><body><div class="{cls}"><p>Share this post.</p></div>{BODY}</body></html>', "html")
    assert "Share this" not in doc.text and "Neck torment" in doc.text
