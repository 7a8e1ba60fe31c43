"""docs/adding-a-site.md, followed step by step on a throwaway site served locally: its
console commands run in a copy of the project (the site's origin pointed at the local
server) and its declaration is the one written in step 2, so the recipe cannot rot."""

from __future__ import annotations

import json
import re
import shlex
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.project_copy import ROOT, ProjectCopy

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

RECIPE = ROOT / "docs" / "adding-a-site.md"
DOC_ORIGIN = "https://example.kz"
_BLOCK = re.compile(r"^( *)```(\w+)\n(.*?)^\1```", re.MULTILINE | re.DOTALL)

STORY_RU = (
    "В Караганде открылся новый корпус областной детской больницы на двести мест.",
    "Строительство заняло два года, его финансировали из местного бюджета и фонда развития.",
    "По словам главного врача, в корпусе будут работать отделения хирургии и реабилитации.",
)
STORY_KK = (
    "Қарағандыда облыстық балалар ауруханасының екі жүз орындық жаңа ғимараты ашылды.",
    "Құрылыс екі жылға созылды, оны жергілікті бюджет пен даму қоры қаржыландырды.",
    "Бас дәрігердің айтуынша, ғимаратта хирургия және оңалту бөлімшелері жұмыс істейді.",
)


def article(origin: str, path: str, lang: str, title: str, story: tuple[str, ...]) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": f"{title} — SEO",
        "datePublished": "2025-11-20T10:15:00+05:00",
        "author": {"@type": "Person", "name": "Айгерим Нурланова"},
    }
    paragraphs = "".join(f"<p>{p}</p>" for p in story)
    return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title} | Example.kz</title><link rel="canonical" href="{origin}{path}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script></head>
<body><header><a href="/">Example.kz</a></header><main><article>
<h1 class="story-title">{title}</h1><div data-tags='["Караганда", "медицина"]'></div>
<div class="story-text">{paragraphs}</div></article></main>
<footer>© Example.kz</footer></body></html>"""


def feed(origin: str, paths: list[str]) -> str:
    items = "".join(f"<item><link>{origin}{p}</link></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'


def site_pages(origin: str) -> dict[str, tuple[str, str]]:
    return {
        "/robots.txt": ("text/plain", "User-agent: *\nAllow: /\n"),
        "/rss.xml": ("application/rss+xml", feed(origin, ["/news/101"])),
        "/kk/rss.xml": ("application/rss+xml", feed(origin, ["/kk/news/102"])),
        "/news/101": ("text/html", article(origin, "/news/101", "ru", "Открыт корпус", STORY_RU)),
        "/kk/news/102": (
            "text/html",
            article(origin, "/kk/news/102", "kk", "Жаңа ғимарат ашылды", STORY_KK),
        ),
    }


@pytest.fixture
def example_site() -> Iterator[str]:
    """The throwaway site on 127.0.0.1, its pages written above."""
    pages: dict[str, tuple[str, str]] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            kind, text = pages.get(self.path, ("text/html", "<h1>Not found</h1>"))
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.end_headers()
            self.wfile.write(text.encode())

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    pages.update(site_pages(origin))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield origin
    server.shutdown()
    server.server_close()


def recipe_blocks() -> list[tuple[str, str]]:
    """(language, text) of every code block of the recipe, in order."""
    text = RECIPE.read_text(encoding="utf-8")
    return [(m[2], textwrap.dedent(m[3])) for m in _BLOCK.finditer(text)]


def recipe_commands() -> list[list[str]]:
    return [
        shlex.split(line.removeprefix("$ "))
        for language, text in recipe_blocks()
        if language == "console"
        for line in text.splitlines()
        if line.startswith("$ ")
    ]


def local(command: list[str], origin: str, output: Path) -> list[str]:
    """A recipe command pointed at the local site (and, for a crawl, a scratch output)."""
    command = [part.replace(DOC_ORIGIN, origin) for part in command]
    if command[:2] == ["scrapy", "crawl"]:
        command += ["-a", f"base_url={origin}", "-s", f"NEWSCRAWL_OUTPUT_DIR={output}"]
        command += ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]
    return command


def test_the_recipe_gives_a_tested_site(example_site: str, tmp_path: Path) -> None:
    project = ProjectCopy(tmp_path / "project")
    commands = recipe_commands()
    assert [c[:2] for c in commands] == [
        ["scrapy", "newsite"],
        ["scrapy", "savefixture"],
        ["python", "-m"],
        ["scrapy", "crawl"],
    ]
    newsite, savefixture, pytest_run, crawl = (local(c, example_site, tmp_path) for c in commands)

    assert project.run(*newsite).returncode == 0
    listed = project.run("scrapy", "list")
    assert "example" in listed.stdout.split(), listed.stderr

    # Step 2: the declaration as the recipe writes it.
    declaration = next(text for language, text in recipe_blocks() if language == "python")
    (project.root / "newscrawl" / "sites" / "example.py").write_text(declaration)

    saved = project.run(*savefixture)
    assert saved.returncode == 0, saved.stderr
    record_file = project.root / "tests" / "fixtures" / "pages" / "example" / "101.json"
    expected = json.loads(record_file.read_text(encoding="utf-8"))["expected"]
    # The template's title (the JSON-LD headline is written for search engines), the
    # method's tags, the JSON-LD author and the edition's language.
    assert expected["title"] == "Открыт корпус"
    assert expected["tags"] == ["Караганда", "медицина"]
    assert expected["authors"] == ["Айгерим Нурланова"]
    assert expected["language"] == "ru"
    assert expected["body"].split("\n\n") == list(STORY_RU)

    passed = project.run(*pytest_run, "-q", "-p", "no:cacheprovider")
    assert passed.returncode == 0, passed.stdout
    assert "2 passed" in passed.stdout  # the fixture, and the site having one

    project.edit(record_file.relative_to(project.root).as_posix(), "Открыт корпус", "Закрыт")
    failed = project.run(*pytest_run, "-q", "-p", "no:cacheprovider")
    assert failed.returncode == 1
    assert "title: expected 'Закрыт', got 'Открыт корпус'" in failed.stdout

    crawled = project.run(*crawl)
    assert crawled.returncode == 0, crawled.stdout + crawled.stderr
    assert "articles exported: 2" in crawled.stdout
    assert "{'kk': 1, 'ru': 1}" in crawled.stdout
