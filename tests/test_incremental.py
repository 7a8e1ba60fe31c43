"""Incremental jobs against a site that changes between runs, with the real engine and a real
HTTP server: new, edited and removed articles; unchanged pages neither exported nor fetched."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_f_from_coro_f
from scrapy.utils.sitemap import Sitemap

from newscrawl.crawl.keys import LASTMOD
from newscrawl.incremental.extension import _lock
from newscrawl.incremental.feed import LineFile, trim_torn_tail
from newscrawl.incremental.identity import story_key
from newscrawl.spiders.generic import GenericSpider
from tests.incremental_support import Site, crawl_job, read_feed

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow


@pytest.fixture
def site() -> Iterator[Site]:
    changing = Site(articles=30, variants_every=10)
    yield changing
    changing.stop()


def stored(tmp_path: Path) -> dict[str, tuple[int, str]]:
    with sqlite3.connect(tmp_path / "job" / "seen.sqlite3") as db:
        rows = db.execute("SELECT url, version, content_sha1 FROM article").fetchall()
    return {url.split("/news/")[1][:5]: (version, sha1) for url, version, sha1 in rows}


def numbers(records: list[dict[str, Any]]) -> list[str]:
    return sorted(r["url"].split("/news/")[1][:5] for r in records)


@deferred_f_from_coro_f
async def test_three_runs_new_changed_unchanged(site: Site, tmp_path: Path) -> None:
    # Run 1: everything, once; the AMP and print URLs of articles 10, 20, 30 are the same
    # stories and are not exported again.
    _, stats = await crawl_job(tmp_path, "run1.jsonl", url=site.sitemap)
    first = read_feed(tmp_path / "run1.jsonl")
    assert numbers(first) == [f"{n:05d}" for n in range(1, 31)]
    assert {r["version"] for r in first} == {1}
    assert stats["newscrawl/incremental/new"] == 30
    assert len(stored(tmp_path)) == 30

    added = site.admin("add", count=3)
    site.admin("edit", id=5)
    site.admin("edit", id=20)  # a story that is also listed as AMP and print pages
    site.admin("remove", id=7)
    site.admin("reset")

    # Run 2: only the new and the edited, edited ones as version 2; unchanged pages are not
    # even fetched.
    _, stats = await crawl_job(tmp_path, "run2.jsonl", url=site.sitemap)
    second = read_feed(tmp_path / "run2.jsonl")
    assert numbers(second) == ["00005", "00020", "00031", "00032", "00033"]
    versions = {r["url"].split("/news/")[1][:5]: r["version"] for r in second}
    assert versions == {"00005": 2, "00020": 2, "00031": 1, "00032": 1, "00033": 1}
    assert "(updated 1)" in next(r["title"] for r in second if "/00005-" in r["url"])
    assert {path.split("/")[2][:5] for path in site.article_hits()} == set(versions)
    assert {path for path in site.article_hits() if "/0003" in path} == set(added)
    assert stats["newscrawl/skipped/unchanged"] >= 26
    assert stats["newscrawl/incremental/changed"] == 2
    assert stored(tmp_path)["00005"][0] == 2

    # Run 3: nothing changed: nothing exported, no article page fetched.
    site.admin("reset")
    _, stats = await crawl_job(tmp_path, "run3.jsonl", url=site.sitemap)
    run3 = tmp_path / "run3.jsonl"
    assert not run3.exists() or read_feed(run3) == []
    assert site.article_hits() == {}
    assert stats.get("newscrawl/incremental/new", 0) == 0
    assert stats["newscrawl/skipped/unchanged"] == 32 + 6  # 32 live stories, 6 variant URLs


class DatedSitemapSpider(GenericSpider):
    """A spider that hands discovery dates over itself (the one-line change NewsSpider is
    to get); `-a bump=N` dates article N in 2099, a date the sitemap never had."""

    name = "dated"
    bump = ""

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        dates = {entry["loc"]: entry.get("lastmod") for entry in Sitemap(response.body)}
        for request in super().parse_sitemap(response):
            date = dates.get(request.url)
            if self.bump and f"/{int(self.bump):05d}-" in request.url:
                date = "2099-01-01T00:00:00+00:00"
            request.meta[LASTMOD] = date
            yield request


@deferred_f_from_coro_f
async def test_dates_from_the_spider_win(site: Site, tmp_path: Path) -> None:
    await crawl_job(tmp_path, "run1.jsonl", DatedSitemapSpider, url=site.sitemap)
    site.admin("reset")
    # The spider says article 3 changed (2099 > what we stored): fetched again, conditionally,
    # and the site answers 304 Not Modified.
    _, stats = await crawl_job(
        tmp_path, "run2.jsonl", DatedSitemapSpider, url=site.sitemap, bump="3"
    )
    assert stats["newscrawl/skipped/http_304"] == 1
    assert [path.split("/")[2][:5] for path in site.article_hits()] == ["00003"]
    assert not (tmp_path / "run2.jsonl").exists() or read_feed(tmp_path / "run2.jsonl") == []


@deferred_f_from_coro_f
async def test_undated_pages_refetched_after_max_age_with_304(site: Site, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join(f"{site.origin}{p}" for p in site.admin("add", count=4)) + "\n")
    await crawl_job(tmp_path, "run1.jsonl", urls=str(urls))
    assert len(read_feed(tmp_path / "run1.jsonl")) == 4

    # No dates from discovery and fetched moments ago: not fetched.
    site.admin("reset")
    _, stats = await crawl_job(tmp_path, "run2.jsonl", urls=str(urls))
    assert site.article_hits() == {}
    assert stats["newscrawl/skipped/unchanged"] == 4

    # Past the maximum age: fetched again, conditionally; unchanged pages answer 304, the
    # edited one comes back whole and is exported as version 2.
    edited = site.admin("edit", id=33)
    site.admin("reset")
    time.sleep(1.1)  # fetched_at has whole seconds
    _, stats = await crawl_job(
        tmp_path, "run3.jsonl", settings={"NEWSCRAWL_REFETCH_AFTER": 1}, urls=str(urls)
    )
    assert len(site.article_hits()) == 4
    assert stats["newscrawl/incremental/refetched"] == 4
    assert stats["newscrawl/skipped/http_304"] == 3
    [changed] = read_feed(tmp_path / "run3.jsonl")
    assert changed["url"].endswith(edited) and changed["version"] == 2


@deferred_f_from_coro_f
async def test_reset_starts_from_scratch(site: Site, tmp_path: Path) -> None:
    await crawl_job(tmp_path, "run1.jsonl", url=site.sitemap)
    _, stats = await crawl_job(tmp_path, "run2.jsonl", url=site.sitemap, reset="1")
    again = read_feed(tmp_path / "run2.jsonl")
    assert len(again) == 30 and {r["version"] for r in again} == {1}
    assert stats["newscrawl/incremental/new"] == 30


@deferred_f_from_coro_f
async def test_a_run_with_nothing_new_says_so(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    await crawl_job(tmp_path, "run1.jsonl", url=site.sitemap)
    capsys.readouterr()
    summary = {"NEWSCRAWL_SUMMARY": True}
    await crawl_job(tmp_path, "run2.jsonl", settings=summary, url=site.sitemap)
    # 30 stories and 6 variants of theirs, none fetched
    assert "  incremental: 0 new, 0 changed, 36 unchanged not fetched" in capsys.readouterr().out


@deferred_f_from_coro_f
async def test_reset_starts_a_damaged_store_afresh(site: Site, tmp_path: Path) -> None:
    await crawl_job(tmp_path, "run1.jsonl", url=site.sitemap)
    store = tmp_path / "job" / "seen.sqlite3"
    with store.open("r+b") as damaged:  # a disk error, or a copy cut short
        damaged.seek(100)
        damaged.write(b"\xff" * 4000)
    _, stats = await crawl_job(tmp_path, "run2.jsonl", url=site.sitemap, reset="1")
    assert len(read_feed(tmp_path / "run2.jsonl")) == 30
    assert stats["newscrawl/incremental/new"] == 30


@pytest.mark.parametrize(
    ("variant", "original"),
    [
        ("https://m.example.kz/news/123-story?utm_source=tg", "https://example.kz/news/123-story"),
        ("https://www.example.kz/amp/news/123-story", "https://example.kz/news/123-story/"),
        ("https://example.kz/news/123-story/amp", "https://example.kz/news/123-story"),
        ("https://example.kz/news/123-story.amp.html", "https://example.kz/news/123-story.html"),
        ("https://example.kz/news/123-story?print=1", "https://example.kz/news/123-story"),
        ("https://amp.example.kz/news/123-story?amp", "http://example.kz/news/123-story#top"),
        ("https://example.kz/news?id=5&outputType=amp", "https://example.kz/news?id=5"),
    ],
)
def test_story_key_folds_renderings(variant: str, original: str) -> None:
    assert story_key(variant) == story_key(original)


def test_story_key_keeps_stories_apart() -> None:
    assert story_key("https://example.kz/news?id=5") != story_key("https://example.kz/news?id=6")
    assert story_key("https://m.ru/news/1-story") != story_key("https://ru/news/1-story")
    assert story_key("https://example.kz/a/123-story") != story_key(
        "https://example.kz/b/123-story"
    )


def test_torn_tail_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"a": 1}\n{"b": 2}\n{"c": ')
    assert trim_torn_tail(path) == len(b'{"c": ')
    assert path.read_bytes() == b'{"a": 1}\n{"b": 2}\n'
    assert trim_torn_tail(path) == 0
    feed = LineFile(path, truncate=False, fsync=True)
    feed.write(b'{"d"')  # a line reaches the file only once it is whole
    assert path.read_bytes() == b'{"a": 1}\n{"b": 2}\n'
    feed.write(b": 4}\n")
    feed.close()
    assert path.read_bytes().endswith(b'{"d": 4}\n')


def test_one_crawl_per_job_directory(tmp_path: Path) -> None:
    held = _lock(tmp_path / "seen.sqlite3.lock")
    with pytest.raises(RuntimeError, match=f"in use by pid {os.getpid()}"):
        _lock(tmp_path / "seen.sqlite3.lock")
    held.close()
    _lock(tmp_path / "seen.sqlite3.lock").close()


@deferred_f_from_coro_f
async def test_a_page_given_three_times_is_one_unchanged_page(site: Site, tmp_path: Path) -> None:
    # A URL the sitemap, the feed and a listing all give was counted unchanged each time.
    await crawl_job(tmp_path, "run1.jsonl", url=site.sitemap)
    story = read_feed(tmp_path / "run1.jsonl")[0]["url"]
    listed = tmp_path / "urls.txt"
    listed.write_text(f"{story}\n{story}\n{story}\n", encoding="utf-8")
    _, stats = await crawl_job(tmp_path, "run2.jsonl", urls=str(listed))
    assert stats["newscrawl/skipped/unchanged"] == 1
    assert stats["newscrawl/skipped/duplicate_request"] == 2
    assert stats["newscrawl/urls_seen"] == 3
