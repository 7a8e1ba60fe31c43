"""A local HTTP server over the offline fixture sites in tests/fixtures/sites/<domain>/.

    python -m tests.mockserver bnews.kz [--port 0]

prints its origin (http://127.0.0.1:PORT) as the first line of standard output, then serves
until killed. Pages are written with the real site's origin (https://<domain>); the server
rewrites it to its own, so canonical links, hreflang, feeds and sitemaps point back here. A
site on several hosts keeps the others in folders named after them (`kaz.tengrinews.kz/`),
served under `/<host>/`, as the spiders read a mirror (newscrawl.sites.base.Site.rebased).

URL → file: with a query string Q, `P@Q.html`; otherwise the first of `P`, `P.html`, `P.xml`,
`P/index.html` that exists. Anything else is a 404.
"""

from __future__ import annotations

import argparse
import mimetypes
import subprocess
import sys
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SITES_DIR = ROOT / "tests" / "fixtures" / "sites"
_TEXT_TYPES = ("text/", "application/xml", "application/rss+xml", "application/json")


def resolve(root: Path, target: str) -> Path | None:
    """The fixture file serving `target` (path and query), or None."""
    parts = urlsplit(target)
    path = unquote(parts.path).lstrip("/")
    if ".." in Path(path).parts:
        return None
    if parts.query:
        candidates = [f"{path}@{unquote(parts.query)}.html"]
    else:
        candidates = [path, f"{path}.html", f"{path}.xml", f"{path.rstrip('/')}/index.html"]
    for candidate in candidates:
        file = root / candidate.lstrip("/")
        if candidate and file.is_file():
            return file
    return None


def content_type(file: Path) -> str:
    if file.suffix == ".xml":
        return "application/xml; charset=utf-8"
    if file.suffix == ".rss":
        return "application/rss+xml; charset=utf-8"
    guessed = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def other_hosts(root: Path) -> list[str]:
    """The folders of a mirror that hold another host of the site (their names have dots)."""
    return sorted(p.name for p in root.iterdir() if p.is_dir() and "." in p.name)


class FixtureHandler(BaseHTTPRequestHandler):
    server_version = "newscrawl-mockserver/1"

    def __init__(self, *args: object, root: Path, domain: str, **kwargs: object) -> None:
        self.root = root
        self.domain = domain
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        file = resolve(self.root, self.path)
        if file is None:
            self._send(
                404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html; charset=utf-8"
            )
            return
        kind = content_type(file)
        body = file.read_bytes()
        if kind.startswith(_TEXT_TYPES):
            body = self._rewritten(body, f"http://{self.headers.get('Host') or '127.0.0.1'}")
        self._send(200, body, kind)

    def _rewritten(self, body: bytes, origin: str) -> bytes:
        """The site's origins made this server's: other hosts of the site live in folders
        named after them (kaz.tengrinews.kz/), the main one (with or without www.) at the
        root."""
        for host in other_hosts(self.root):
            body = body.replace(f"https://{host}".encode(), f"{origin}/{host}".encode())
        for host in (f"www.{self.domain}", self.domain):
            body = body.replace(f"https://{host}".encode(), origin.encode())
        return body

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the crawler logs every request already


def make_server(domain: str, port: int = 0) -> ThreadingHTTPServer:
    root = SITES_DIR / domain
    if not root.is_dir():
        raise SystemExit(f"no fixture site {domain!r} in {SITES_DIR}")
    handler = partial(FixtureHandler, root=root, domain=domain)
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("domain", help="a folder of tests/fixtures/sites, e.g. bnews.kz")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    args = parser.parse_args(argv)
    serve(make_server(args.domain, args.port))


def serve(server: ThreadingHTTPServer) -> None:
    """Announce the origin on the first line of standard output, then serve until killed."""
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


class ServerProcess:
    """`python -m <module> <args>` from the checkout in its own process: a server of tests/
    (this one, tests.sitegen, tests.faultsite) that announces its origin on the first line of
    standard output. `name` says which server failed to start."""

    def __init__(self, module: str, *args: str, name: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        self.origin = self.process.stdout.readline().strip()
        if not self.origin.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"{name} did not start")

    def url(self, path: str) -> str:
        return self.origin + path

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


if __name__ == "__main__":
    main()
