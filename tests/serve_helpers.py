"""A review server on a free localhost port, in a thread, for the serve tests."""
from __future__ import annotations

import contextlib
import threading


@contextlib.contextmanager
def running_server(linter):
    from healthlint.serve.server import make_server
    server = make_server("127.0.0.1", 0, linter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def linter_with_verdict():
    """The shipped rules plus a test-only article-level rule (scope: document) the page must show
    as a verdict, whatever document-level rules the shipped packs have today."""
    from healthlint import Linter
    from healthlint.rulepack import load_rules, parse_rule
    verdict = parse_rule({
        "id": "HL199", "name": "test-spun-article", "type": "phrase", "category": "spin", "severity": "warning",
        "scope": "document", "message": "This article reads as machine-spun",
        "rationale": "Test rule: several tortured phrases mark the whole article as spun.",
        "options": {"phrases": {"neck torment": "neck pain", "muscle tissue ache": "muscle pain"}},
    }, "test", "serve_helpers")
    return Linter(rules=[*load_rules(), verdict])
