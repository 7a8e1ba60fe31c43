"""Mistakes on the command line, answered in one line: `scrapy crawl` with an unknown spider,
an argument the spider does not take, a value it cannot read or none where one is needed
exits 2 before fetching anything; `scrapy extract` names every file it did not read."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from newscrawl.spiders.generic import GenericSpider
from tests.conftest import Mirror
from tests.crawl_support import run_crawl
from tests.mockserver import SITES_DIR
from tests.test_commands_extract import scrapy

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
ARTICLE = (
    SITES_DIR
    / "bnews.kz"
    / "en"
    / "news"
    / "csto_was_appreciative_of_kazakhstans_chairmanship.html"
)


class Recorder:
    """A server on 127.0.0.1 that answers every request with an empty page and remembers
    the paths asked for: a refused command line must not reach it."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                recorder.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    yield server
    server.server.shutdown()
    server.server.server_close()


def refused(recorder: Recorder, tmp_path: Path, *args: str, feed: bool = True) -> str:
    """The one line `scrapy crawl ARGS` answers with (status 2, nothing fetched); `feed`:
    with `-O out.jsonl` (ARGS name their own feed otherwise)."""
    recorder.paths.clear()
    output = ("-O", str(tmp_path / "out.jsonl")) if feed else ()
    done = scrapy("crawl", *args, *output, cwd=tmp_path)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert recorder.paths == []
    [line] = done.stderr.splitlines()
    return line


def test_a_misspelt_argument_is_named_with_the_closest_one(
    recorder: Recorder, tmp_path: Path
) -> None:
    line = refused(
        recorder, tmp_path, "generic", "-a", f"url={recorder.origin}/", "-a", "max_article=3"
    )
    assert "max_article=3" in line
    assert "did you mean max_articles?" in line
    assert "languages, max_articles, max_pages, reset, since, timezone, until, url, urls" in line


def test_an_argument_of_another_spider_is_unknown(recorder: Recorder, tmp_path: Path) -> None:
    line = refused(recorder, tmp_path, "bnews", "-a", f"base_url={recorder.origin}", "-a", "url=x")
    assert "spider bnews has no argument url" in line
    assert "base_url, languages, max_pages, reset, since, until" in line


def test_the_generic_spider_without_an_entry(recorder: Recorder, tmp_path: Path) -> None:
    line = refused(recorder, tmp_path, "generic", "-a", "max_articles=3")
    assert "spider generic needs -a url=URL or -a urls=FILE" in line


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("max_articles=abc", "-a max_articles=abc: expected a whole number of 1 or more"),
        ("since=2024-13-45", "-a since=2024-13-45: expected a date as YYYY-MM-DD"),
        ("timezone=Mars/Base", "-a timezone=Mars/Base: expected an IANA time zone"),
    ],
)
def test_a_value_the_spider_cannot_read(
    argument: str, expected: str, recorder: Recorder, tmp_path: Path
) -> None:
    line = refused(recorder, tmp_path, "generic", "-a", f"url={recorder.origin}/", "-a", argument)
    assert expected in line


def test_a_file_of_urls_that_is_not_there(recorder: Recorder, tmp_path: Path) -> None:
    line = refused(recorder, tmp_path, "generic", "-a", "urls=missing.txt")
    assert "-a urls=missing.txt: expected a file of http:// or https:// URLs" in line
    assert "No such file or directory" in line


def test_an_unknown_spider_is_named_with_the_known_ones(recorder: Recorder, tmp_path: Path) -> None:
    line = refused(recorder, tmp_path, "bnew", "-a", f"base_url={recorder.origin}")
    assert (
        "no spider named 'bnew'; did you mean bnews?"
        " (spiders: bnews, generic, kazinform, tengrinews)" in line
    )


def test_extract_names_every_file_it_did_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "article.html").write_bytes(ARTICLE.read_bytes())
    (folder / "notes.txt").write_text("to do", encoding="utf-8")
    (folder / "photo.png").write_bytes(PNG)
    (folder / "photo.html").write_bytes(PNG)
    (folder / "README").write_text("saved pages", encoding="utf-8")
    done = scrapy("extract", str(folder), "-o", str(tmp_path / "out.jsonl"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        f"skipped {folder / 'README'}: not an HTML file (no suffix)",
        f"skipped {folder / 'notes.txt'}: not an HTML file (.txt)",
        f"skipped {folder / 'photo.png'}: not an HTML file (.png)",
        f"skipped {folder / 'photo.html'}: binary content, not HTML",
        "extracted 1 articles, rejected 0 of 1 files, skipped 4",
    ]
    assert not (tmp_path / "out.rejected.jsonl").read_text(encoding="utf-8")


def test_extract_of_binary_files_only_exports_nothing_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "scan.html").write_bytes(b"%PDF-1.7\n")
    done = scrapy("extract", str(tmp_path / "scan.html"), cwd=tmp_path)
    assert done.returncode == 1  # given an HTML file, exported no article, as before
    assert f"skipped {tmp_path / 'scan.html'}: binary content, not HTML" in done.stderr
    assert "missing" not in done.stderr  # not judged as an article without a title


@deferred_f_from_coro_f
async def test_an_entry_page_without_an_article_is_not_article(
    bnews_mirror: Mirror, tmp_path: Path
) -> None:
    # The about page: prose, no date, and article links only in its sidebar; no listing.
    settings = {"FEEDS": {}, "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected.jsonl")}
    about = bnews_mirror.url("/en/page/about")
    collector, stats = await run_crawl(GenericSpider, settings, url=about)
    assert stats["newscrawl/skipped/not_article"] == 1
    assert "newscrawl/followed" not in stats
    assert stats["newscrawl/urls_seen"] == 1
    assert [url for url in collector.requested if not url.endswith("/robots.txt")] == [about]


def refused_feed(recorder: Recorder, tmp_path: Path, *args: str) -> str:
    """`refused` for a feed destination: the crawl's arguments are right, its feed is not."""
    entry = ("generic", "-a", f"url={recorder.origin}/")
    return refused(recorder, tmp_path, *entry, *args, feed=False)


def test_a_feed_that_cannot_be_written_is_refused_before_the_crawl(
    recorder: Recorder, tmp_path: Path
) -> None:
    # /proc takes no new file, even from root: without the check the crawl ran, counted its
    # articles as exported and wrote none of them.
    line = refused_feed(recorder, tmp_path, "-O", "/proc/out.jsonl")
    assert (
        line == "scrapy crawl: -O /proc/out.jsonl: cannot write in /proc: No such file or directory"
    )
    (tmp_path / "taken").write_text("a file", encoding="utf-8")
    line = refused_feed(recorder, tmp_path, "-o", f"{tmp_path}/taken/out.jsonl:jsonlines")
    assert f"-o {tmp_path}/taken/out.jsonl: {tmp_path}/taken is a file, not a folder" in line


@pytest.mark.parametrize(
    ("setting", "named"),
    [
        ("NEWSCRAWL_OUTPUT_DIR={taken}", "-s NEWSCRAWL_OUTPUT_DIR={taken}: "),
        ("NEWSCRAWL_REJECTED_FEED={taken}/r.jsonl", "-s NEWSCRAWL_REJECTED_FEED={taken}/r.jsonl: "),
    ],
)
def test_the_default_and_rejected_feeds_are_checked_too(
    setting: str, named: str, recorder: Recorder, tmp_path: Path
) -> None:
    taken = tmp_path / "taken"
    taken.write_text("a file", encoding="utf-8")
    line = refused_feed(recorder, tmp_path, "-s", setting.format(taken=taken))
    assert line.startswith(f"scrapy crawl: {named.format(taken=taken)}")
    assert line.endswith("is a file, not a folder")


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (("languages=de",), "-a languages=de: bnews has no de edition (it has en, kk, ru)"),
        (("languages=en,de",), "-a languages=de,en: bnews has no de edition"),
        # a code no article can carry would have filtered every article out, and exited 0
        (("languages=en,xx",), "-a languages=en,xx: expected ISO 639-1 codes separated by"),
        (("languages=english",), "(english: no such language code)"),
        (("languages=,",), "-a languages=,: expected ISO 639-1 codes separated by commas"),
        (("since=2030-01-01", "until=2020-01-01"), "-a since=2030-01-01 is after -a until="),
    ],
)
def test_arguments_that_cannot_go_together_or_name_no_edition(
    arguments: tuple[str, ...], expected: str, recorder: Recorder, tmp_path: Path
) -> None:
    given = [part for argument in arguments for part in ("-a", argument)]
    line = refused(recorder, tmp_path, "bnews", "-a", f"base_url={recorder.origin}", *given)
    assert expected in line


def test_a_file_of_urls_names_its_bad_line(recorder: Recorder, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{recorder.origin}/a\n  # an indented comment\nnews/b\n", encoding="utf-8")
    line = refused(recorder, tmp_path, "generic", "-a", f"urls={urls}")
    assert line.endswith("(line 3: 'news/b')")


def test_an_unknown_option_is_named_with_the_spider_argument_it_may_mean(
    recorder: Recorder, tmp_path: Path
) -> None:
    line = refused(
        recorder, tmp_path, "bnews", "-a", f"base_url={recorder.origin}", "--languages=en"
    )
    assert (
        line
        == "scrapy crawl: no such option: --languages=en (a spider argument is -a languages=VALUE)"
    )


def test_the_job_directory_of_another_spider_is_refused_before_fetching(
    recorder: Recorder, tmp_path: Path
) -> None:
    jobdir = tmp_path / "job"
    jobdir.mkdir()
    (jobdir / "spider").write_text("bnews\n", encoding="utf-8")
    line = refused(
        recorder, tmp_path, "generic", "-a", f"url={recorder.origin}/", "-s", f"JOBDIR={jobdir}"
    )
    assert line.endswith("the job of spider bnews, not generic (give each spider its own)")
