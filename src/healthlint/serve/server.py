"""The HTTP layer: standard-library ThreadingHTTPServer, bundled static files, JSON API.

Safety: request bodies are capped (413), JSON is validated (400, never a traceback), answers carry
a strict Content-Security-Policy and nosniff, POSTs must be JSON (a cross-site form cannot send
that without a CORS preflight, which we never grant), and a server bound to a loopback address
only answers requests addressed to a loopback host name (no DNS-rebinding).
"""
from __future__ import annotations

import ipaddress
import json
import logging
import mimetypes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources

from . import api

MAX_BODY_BYTES = 2 * 1024 * 1024
STATIC_FILES = {"/": "index.html", "/index.html": "index.html", "/app.js": "app.js", "/app.css": "app.css"}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}
log = logging.getLogger("healthlint.serve")


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(header: str) -> str:
    """'localhost:8000' -> 'localhost', '[::1]:80' -> '::1'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


class Handler(BaseHTTPRequestHandler):
    server_version = "healthlint"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    # -- plumbing ---------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in SECURITY_HEADERS.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                   "application/json; charset=utf-8")

    def _error(self, status: int, message: str) -> None:
        self._json(status, {"error": {"status": status, "message": message}})

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        log.info("%s %s", self.address_string(), format % args)

    def _host_allowed(self) -> bool:
        if not is_loopback(self.server.server_address[0]):
            return True
        return _host_name(self.headers.get("Host", "")) in LOOPBACK_NAMES

    def _read_json(self):
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise api.ApiError(411, "a Content-Length header is required")
        if int(length) > MAX_BODY_BYTES:
            self.close_connection = True  # do not read (or keep) a huge body
            raise api.ApiError(413, f"request body over {MAX_BODY_BYTES} bytes")
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if ctype != "application/json":
            raise api.ApiError(415, "send the request body as application/json")
        raw = self.rfile.read(int(length))
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise api.ApiError(400, f"invalid JSON: {exc}") from None

    def _guarded(self, action) -> None:
        try:
            if not self._host_allowed():
                raise api.ApiError(403, "this server answers only requests addressed to localhost")
            action()
        except api.ApiError as exc:
            self._error(exc.status, exc.message)
        except Exception:  # never a traceback to the client; keep it in the server log
            log.exception("internal error on %s %s", self.command, self.path)
            self._error(500, "internal error (see the server log)")

    # -- routes -----------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._guarded(self._get)

    def do_HEAD(self) -> None:
        self._guarded(self._get)

    def do_POST(self) -> None:
        self._guarded(self._post)

    def _method_not_allowed(self) -> None:
        self._guarded(lambda: self._error(405, f"{self.command} is not supported"))

    do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _method_not_allowed

    def _get(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/api/rules":
            return self._json(200, api.rules(self.server.linter))
        if path in ("/api/lint", "/api/fix"):
            raise api.ApiError(405, f"use POST for {path}")
        name = STATIC_FILES.get(path)
        if name is None:
            raise api.ApiError(404, f"no such page: {path}")
        ctype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        self._send(200, _static(name), f"{ctype}; charset=utf-8")

    def _post(self) -> None:
        path = self.path.split("?", 1)[0]
        routes = {"/api/lint": api.lint, "/api/fix": api.fix}
        if path not in routes:
            raise api.ApiError(404 if path not in STATIC_FILES else 405, f"no API at {path}")
        body = self._read_json()
        self._json(200, routes[path](self.server.linter, body))


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, linter):
        if ":" in address[0]:
            import socket
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
        self.linter = linter

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}/"


def make_server(host: str = "127.0.0.1", port: int = 0, linter=None) -> ReviewServer:
    """A server on host:port (port 0: a free one); call ``serve_forever()`` on it."""
    if linter is None:
        from ..engine import Linter
        linter = Linter()
    return ReviewServer((host, port), linter)
