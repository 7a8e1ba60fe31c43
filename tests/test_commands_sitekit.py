"""`scrapy newsite` and `scrapy savefixture`: what they write, and mistakes answered in one
line with exit status 2 (before anything is fetched or written)."""

from __future__ import annotations

import gzip
import json
import socket
from pathlib import Path

import pytest

from tests.mockserver import SITES_DIR
from tests.project_copy import ProjectCopy

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

PAGE = SITES_DIR / "inform.kz" / "ru" / "v-astane-otkrylas-vystavka-voylochnoy-igrushki-b72e04.html"
URL = "https://www.inform.kz/ru/v-astane-otkrylas-vystavka-voylochnoy-igrushki-b72e04"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> ProjectCopy:
    return ProjectCopy(tmp_path_factory.mktemp("project"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["newsite", "Kazinform2", "x.kz"], "NAME 'Kazinform2': a lowercase Python name"),
        (
            ["newsite", "bnews", "x.kz"],
            "NAME 'bnews': already declared in newscrawl/sites/bnews.py",
        ),
        (["newsite", "x2", "https://x.kz/"], "DOMAIN 'https://x.kz/': a host name such as"),
        (["newsite", "x2", "kaz.tengrinews.kz"], "DOMAIN 'kaz.tengrinews.kz': already the site"),
        (["newsite", "site", "x.kz"], "NAME 'site': a lowercase Python name"),
        (["newsite", "x2", "x.kz", "--timezone", "Asia/Nowhere"], "--timezone 'Asia/Nowhere'"),
        (["newsite", "x2", "x.kz", "--languages", "russian"], "--languages 'russian': ISO 639-1"),
        (["newsite", "x2", "x.kz", "--languages", "ru,xx"], "--languages 'ru,xx': ISO 639-1"),
        (["newsite", "x2"], "give a NAME and a DOMAIN"),
        (["savefixture", "kazinfrom", URL], "no site 'kazinfrom': declared sites are bnews, "),
        (["savefixture", "kazinform", "ftp://x/"], "URL 'ftp://x/': not an http:// or https://"),
        (["savefixture", "kazinform", "nofile.html", "--url", URL], "FILE 'nofile.html': no such"),
        (["savefixture", "kazinform", str(PAGE), "--url", "x"], "--url 'x': not an http://"),
    ],
)
def test_a_mistake_is_one_line(project: ProjectCopy, args: list[str], message: str) -> None:
    done = project.run("scrapy", *args)
    assert done.returncode == 2
    assert done.stderr.startswith(f"scrapy {args[0]}: {message}"), done.stderr
    assert done.stderr.count("\n") == 1  # no traceback, no usage banner
    assert not (project.root / "newscrawl" / "sites" / "x2.py").exists()


def test_newsite_writes_a_declaration_that_is_a_spider(project: ProjectCopy) -> None:
    # "kz" (the country) is read as the language articles carry, kk
    done = project.run("scrapy", "newsite", "daily", "daily.kz", "--languages", "kz,ru")
    assert done.returncode == 0, done.stderr
    assert "scrapy savefixture daily URL" in done.stdout
    declaration = (project.root / "newscrawl" / "sites" / "daily.py").read_text()
    assert 'domain = "daily.kz"' in declaration
    assert 'editions = {"kk": "/", "ru": "/ru/"}' in declaration
    assert len(declaration.splitlines()) <= 30
    assert (project.root / "tests" / "fixtures" / "pages" / "daily").is_dir()
    assert "daily" in project.run("scrapy", "list").stdout.split()
    for linter in (["ruff", "check"], ["mypy"]):
        lint = project.run("python", "-m", *linter, "newscrawl/sites/daily.py")
        assert lint.returncode == 0, lint.stdout


def test_savefixture_of_a_saved_page_keeps_its_bytes_and_url(project: ProjectCopy) -> None:
    done = project.run("scrapy", "savefixture", "kazinform", str(PAGE), "--url", URL)
    assert done.returncode == 0, done.stderr
    folder = project.root / "tests" / "fixtures" / "pages" / "kazinform"
    slug = "v_astane_otkrylas_vystavka_voylochnoy_igrushki_b72e04"
    assert gzip.decompress((folder / f"{slug}.html.gz").read_bytes()) == PAGE.read_bytes()
    saved = json.loads((folder / f"{slug}.json").read_text(encoding="utf-8"))
    assert saved["url"] == URL
    assert saved["expected"]["fetched_at"] == saved["captured_at"]
    assert saved["expected"]["tags"] == ["Астана", "Культура"]  # the site's method
    # The same URL saved again keeps its name; another URL with that slug gets its own.
    project.run("scrapy", "savefixture", "kazinform", str(PAGE), "--url", URL)
    other = URL.replace("www.inform.kz/ru/", "www.inform.kz/kz/")
    project.run("scrapy", "savefixture", "kazinform", str(PAGE), "--url", other)
    assert sorted(p.name for p in folder.glob(f"{slug}*.json")) == [
        f"{slug}.json",
        f"{slug}_2.json",
    ]


def test_a_binary_file_is_no_fixture(project: ProjectCopy, tmp_path: Path) -> None:
    photo = tmp_path / "photo.html"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    done = project.run("scrapy", "savefixture", "kazinform", str(photo), "--url", URL)
    assert done.returncode == 2
    assert done.stderr == f"scrapy savefixture: FILE '{photo}': binary content, not an HTML page\n"
    assert not list((project.root / "tests" / "fixtures" / "pages").glob("kazinform/*photo*"))


def test_a_page_a_crawl_would_reject_is_no_fixture_unless_asked(
    project: ProjectCopy, tmp_path: Path
) -> None:
    # A feed or a listing became a passing fixture with "body": "" and no warning.
    feed = tmp_path / "rss.html"
    feed.write_text("<rss><channel><title>Новости</title></channel></rss>", encoding="utf-8")
    listing_url = "https://www.inform.kz/ru/rss"
    done = project.run("scrapy", "savefixture", "kazinform", str(feed), "--url", listing_url)
    assert done.returncode == 1
    assert done.stderr.startswith(
        f"scrapy savefixture: {listing_url}: a crawl would reject its record (body: empty"
    )
    assert done.stderr.endswith("not saved (--invalid saves it, for a page the site must reject)\n")
    folder = project.root / "tests" / "fixtures" / "pages" / "kazinform"
    assert not list(folder.glob("rss*"))
    args = ("savefixture", "kazinform", str(feed), "--url", listing_url, "--invalid")
    assert project.run("scrapy", *args).returncode == 0
    assert (folder / "rss.json").is_file()


def test_a_page_that_cannot_be_fetched_is_one_line(project: ProjectCopy) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    url = f"http://127.0.0.1:{port}/ru/news/1"
    done = project.run("scrapy", "savefixture", "kazinform", url, "-s", "RETRY_TIMES=0")
    assert done.returncode == 1
    # It was 73 lines: a robots.txt traceback, and the books calling the URL a newscrawl bug.
    assert "Traceback" not in done.stderr and "have no outcome" not in done.stderr
    assert done.stderr.splitlines()[-1].startswith(f"scrapy savefixture: could not fetch {url}: ")
