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
