"""The review server's HTTP API, against a real server on a free localhost port."""
from __future__ import annotations

import http.client
import json
import socket

import pytest

from conftest import run_cli
from serve_helpers import linter_with_verdict, running_server

ARTICLE = "# Neck care 😀\n\n😀 Unfortunate habits cause neck torment.\n\nLeave a Reply\n"


@pytest.fixture(scope="module")
def server(linter):
    with running_server(linter) as srv:
        yield srv


def request(server, method, path, body=None, headers=None, raw=None):
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=60)
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    hdrs = {"Content-Type": "application/json", **(headers or {})}
    conn.request(method, path, body=data, headers=hdrs)
    resp = conn.getresponse()
    payload = resp.read()
    conn.close()
    ctype = resp.getheader("Content-Type", "")
    return resp, json.loads(payload) if ctype.startswith("application/json") else payload


def test_lint_returns_findings_with_scope_ids_and_document_summary(server):
    resp, data = request(server, "POST", "/api/lint", {"text": ARTICLE, "format": "auto", "filename": "a.md"})
    assert resp.status == 200 and data["schema"] == "healthlint/1" and data["format"] == "markdown"
    spin = next(f for f in data["findings"] if f["rule"] == "HL101")
    assert ARTICLE[spin["start"]:spin["end"]] == "neck torment"     # code-point offsets into the text
    assert spin["scope"] == "span" and spin["id"] == f"HL101:{spin['start']}:{spin['end']}"
    assert spin["name"] == "spun-phrase"
    readability = data["document"]["readability"]
    assert readability["words"] > 5 and readability["sentences"] >= 2
    assert isinstance(readability["grade_level"], float)
    assert data["document"]["verdicts"] == [f for f in data["findings"] if f["scope"] == "document"]


def test_document_scope_findings_are_the_verdicts():
    with running_server(linter_with_verdict()) as srv:
        _, data = request(srv, "POST", "/api/lint", {"text": ARTICLE, "format": "markdown"})
    (verdict,) = data["document"]["verdicts"]
    assert verdict["rule"] == "HL199" and verdict["scope"] == "document"
    assert verdict in data["findings"]
    assert all(f["scope"] == "span" for f in data["findings"] if f["rule"] != "HL199")


def test_lint_select_limits_rules(server):
    _, data = request(server, "POST", "/api/lint", {"text": ARTICLE, "format": "markdown", "select": ["boilerplate"]})
    assert {f["category"] for f in data["findings"]} == {"boilerplate"}


def test_fix_applies_safe_fixes_or_only_the_chosen_ones(server):
    _, data = request(server, "POST", "/api/fix", {"text": ARTICLE, "format": "markdown"})
    assert "neck pain" in data["text"] and "Leave a Reply" not in data["text"]
    assert {f["rule"] for f in data["applied"]} == {"HL101", "HL701"}
    _, lint = request(server, "POST", "/api/lint", {"text": ARTICLE, "format": "markdown"})
    chosen = next(f["id"] for f in lint["findings"] if f["rule"] == "HL701")
    _, data = request(server, "POST", "/api/fix", {"text": ARTICLE, "format": "markdown", "ids": [chosen]})
    assert "neck torment" in data["text"] and "Leave a Reply" not in data["text"]
    _, data = request(server, "POST", "/api/fix", {"text": ARTICLE, "format": "markdown", "rules": ["spin"]})
    assert [f["rule"] for f in data["applied"]] == ["HL101"]


@pytest.mark.parametrize("path, key", [("/api/lint", "select"), ("/api/fix", "rules")])
def test_unknown_rule_selectors_are_a_400_like_on_the_command_line(server, path, key):
    for selectors in (["nonsense"], ["spin", "nonsense"]):
        resp, data = request(server, "POST", path, {"text": "neck torment", key: selectors})
        assert resp.status == 400, data
        message = data["error"]["message"]
        assert "unknown rule selector(s) 'nonsense'" in message and "'spin'" not in message
    for selectors in (["spin"], ["HL1"], ["HL101"], ["spun-phrase"], "spin"):  # category, prefix, id, name
        resp, data = request(server, "POST", path, {"text": "neck torment", key: selectors})
        assert resp.status == 200, (selectors, data)
    proc = run_cli("check", "--select", "nonsense", "-", input="neck torment\n")
    assert proc.returncode == 2 and "unknown rule selector(s) 'nonsense'" in proc.stderr


MARKUP = "Some text neck *torment* here.\n"   # 'neck pain' over 'neck *torment' would leave a lone '*'


def test_a_fix_that_would_break_markup_is_flagged_and_never_applied(server):
    _, data = request(server, "POST", "/api/lint", {"text": MARKUP, "format": "markdown"})
    (spin,) = [f for f in data["findings"] if f["rule"] == "HL101"]
    assert spin["fix"]["replacement"] == "neck pain" and spin["fix_breaks_markup"] is True
    resp, fixed = request(server, "POST", "/api/fix", {"text": MARKUP, "format": "markdown", "ids": [spin["id"]]})
    assert resp.status == 200 and fixed["text"] == MARKUP and fixed["applied"] == []
    assert fixed["skipped"] == [{"id": spin["id"], "reason": "the fix would break the Markdown markup: "
                                                             "make the change by hand"}]
    # Fixes that keep the markup (and every fix in plain text) are not flagged.
    for fmt in ("markdown", "text"):
        _, data = request(server, "POST", "/api/lint", {"text": ARTICLE, "format": fmt})
        assert any(f["fix"] for f in data["findings"])
        assert not any(f["fix_breaks_markup"] for f in data["findings"])


def test_rules_endpoint_explains_rules(server):
    resp, data = request(server, "GET", "/api/rules")
    rule = next(r for r in data["rules"] if r["id"] == "HL101")
    assert rule["rationale"] and rule["category"] == "spin" and rule["scope"] == "span"


@pytest.mark.parametrize("body, status", [
    (b"{not json", 400),
    (b"[1, 2]", 400),
    (json.dumps({"text": 5}).encode(), 400),
    (json.dumps({"text": "x", "format": "pdf"}).encode(), 400),
    (json.dumps({"text": "x", "select": [1]}).encode(), 400),
    (json.dumps({"text": "x", "unsafe": "yes"}).encode(), 400),
    (b"\xff\xfe", 400),
])
def test_bad_input_is_a_clean_4xx(server, body, status):
    path = "/api/fix" if b"unsafe" in body else "/api/lint"
    resp, data = request(server, "POST", path, raw=body)
    assert resp.status == status
    assert set(data) == {"error"} and "Traceback" not in data["error"]["message"]


def test_oversized_body_is_rejected_unread(server):
    # Announce a body over 2 MB: the server answers 413 at once, without reading it.
    conn = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
    conn.putrequest("POST", "/api/lint")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(2 * 1024 * 1024 + 1))
    conn.endheaders()
    resp = conn.getresponse()
    assert resp.status == 413 and "error" in json.loads(resp.read())
    conn.close()


def test_post_must_be_json_and_host_must_be_local(server):
    resp, _ = request(server, "POST", "/api/lint", {"text": "x"}, headers={"Content-Type": "text/plain"})
    assert resp.status == 415     # a cross-site HTML form cannot post JSON
    resp, _ = request(server, "GET", "/", headers={"Host": "attacker.example:80"})
    assert resp.status == 403     # DNS rebinding: a foreign Host name is refused
    resp, _ = request(server, "GET", "/nope")
    assert resp.status == 404
    resp, _ = request(server, "GET", "/api/lint")
    assert resp.status == 405


def test_page_and_assets_are_bundled_with_security_headers(server):
    for path, ctype in (("/", "text/html"), ("/app.js", "javascript"), ("/app.css", "text/css")):
        resp, body = request(server, "GET", path)
        assert resp.status == 200 and ctype in resp.getheader("Content-Type")
        assert resp.getheader("Content-Security-Policy").startswith("default-src 'self'")
        assert resp.getheader("X-Content-Type-Options") == "nosniff"
        assert b"http://" not in body and b"https://" not in body   # no CDN: works offline
    _, js = request(server, "GET", "/app.js")
    assert b"innerHTML" not in js and b"insertAdjacentHTML" not in js


def test_serve_warns_when_binding_beyond_localhost():
    from healthlint.serve.server import is_loopback
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")
    with socket.socket() as busy:          # a taken port: the command warns, then fails cleanly
        busy.bind(("0.0.0.0", 0))
        busy.listen()
        proc = run_cli("serve", "--host", "0.0.0.0", "--port", str(busy.getsockname()[1]), "--no-open")
    assert proc.returncode == 2 and "cannot listen" in proc.stderr
    assert "WARNING: binding to 0.0.0.0" in proc.stderr and "Traceback" not in proc.stderr
    proc = run_cli("serve", "--help")
    assert "--no-open" in proc.stdout and "--host" in proc.stdout


def test_serve_command_prints_its_url_and_answers():
    import os
    import re
    import subprocess
    import sys
    import urllib.request

    from conftest import ROOT
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "healthlint.cli", "serve", "--no-open"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line).group(0)
        with urllib.request.urlopen(url + "api/rules", timeout=30) as resp:
            assert resp.status == 200 and json.load(resp)["rules"]
    finally:
        proc.terminate()
        proc.wait(10)
