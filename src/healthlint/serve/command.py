"""The ``healthlint serve`` command."""
from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but a loopback address exposes your drafts to the network.")
@click.option("--port", default=0, type=click.IntRange(0, 65535), show_default=True,
              help="Port to listen on (0: any free port, printed on start).")
@click.option("--open/--no-open", "open_browser", default=False, show_default=True,
              help="Open the page in your web browser.")
@click.option("--select", multiple=True, help="Only these rules: ids, id prefixes or categories.")
@click.option("--ignore", multiple=True, help="Skip these rules.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Configuration file (default: nearest healthlint.toml or pyproject.toml).")
def serve(host, port, open_browser, select, ignore, config_path):
    """Review an article in a local web page: highlighted findings, explanations and fixes."""
    from ..cli import _load_config, _split
    from ..engine import Linter
    from .server import ReviewServer, is_loopback

    if not is_loopback(host):
        click.secho(f"WARNING: binding to {host}: anyone who can reach this machine can use this server "
                    "and read what you paste. Use the default 127.0.0.1 unless you mean it.",
                    fg="red", bold=True, err=True)
    config = _load_config(config_path, ["."])
    try:
        server = ReviewServer((host, port), linter=None)   # bind first: fail fast on a busy port
    except OSError as exc:
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    click.echo("Loading rules and the language model...", err=True)
    server.linter = Linter(config, select=_split(select) or None, ignore=_split(ignore))
    server.linter.prepare()
    click.echo(f"healthlint review page: {server.url}  (Ctrl+C to stop)", err=False)
    if open_browser:
        import webbrowser
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
