"""The bnews spider against the offline mirror, with the real Scrapy engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from newscrawl.items import ARTICLE_FIELDS
from newscrawl.spiders.sites import SPIDERS
from newscrawl.validate import problems
from tests.conftest import Mirror
from tests.crawl_support import FAST, Collector, run_crawl
from tests.mockserver import SITES_DIR
from tests.scrapy_runner import run_scrapy

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow

SEED_SLUG = "/en/news/csto_was_appreciative_of_kazakhstans_chairmanship"
SEED_BODY = Path(__file__).parents[2] / "shared" / "seeds" / "000_5091a43d42f5909f.txt"


def mirror_articles() -> set[str]:
    """Every article page of the mirror that carries a body."""
    found = set()
    for page in (SITES_DIR / "bnews.kz").glob("*/news/*.html"):
        if 'class="news-detail__text"></div>' not in page.read_text(encoding="utf-8"):
            found.add("/" + page.relative_to(SITES_DIR / "bnews.kz").as_posix()[: -len(".html")])
    return found


async def crawl(mirror: Mirror, tmp_path: Path, **spider_args: str) -> tuple[Collector, dict]:
    settings = {
        "FEEDS": {str(tmp_path / "out.jsonl"): {"format": "jsonlines"}},
        "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected-%(name)s.jsonl"),
    }
    return await run_crawl(SPIDERS["bnews"], settings, base_url=mirror.origin, **spider_args)


@deferred_f_from_coro_f
async def test_every_article_exported_once(bnews_mirror: Mirror, tmp_path: Path) -> None:
    collector, stats = await crawl(bnews_mirror, tmp_path)
    paths = [item.url.removeprefix(bnews_mirror.origin) for item in collector.items]
    assert sorted(paths) == sorted(mirror_articles())
    assert len(paths) == len(set(paths))
    # The 404 and the about page are counted, not exported.
    assert stats["newscrawl/skipped/http_404"] == 1
    assert stats["newscrawl/skipped/not_article_url"] >= 1
    # The withdrawn article is rejected with its reason, into the rejected feed.
    rejected = [json.loads(line) for line in (tmp_path / "rejected-bnews.jsonl").open()]
    assert [r["reasons"] for r in rejected] == [["body: empty"]]
    assert stats["newscrawl/rejected"] == 1
    exported = [json.loads(line) for line in (tmp_path / "out.jsonl").open()]
    assert len(exported) == len(collector.items)
    for record in exported:
        assert list(record) == list(ARTICLE_FIELDS)
        assert problems(record) == []


@deferred_f_from_coro_f
async def test_seed_article(bnews_mirror: Mirror, tmp_path: Path) -> None:
    collector, _ = await crawl(bnews_mirror, tmp_path, languages="en")
    [seed] = [i for i in collector.items if i.url.endswith(SEED_SLUG)]
    assert seed.title == "CSTO was appreciative of Kazakhstan's chairmanship"
    assert seed.published_at == "2018-11-09T11:07:00+06:00"
    assert seed.views == 410
    assert seed.lead == (
        "The participants have agreed to continue cooperation in military and economic and "
        "military and technical spheres."
    )
    assert seed.body.startswith("Deputy CSTO Secretary-General Valery Semerikov emphasized")
    assert seed.body.endswith("Currently, the Organization is chaired by Kazakhstan.")
    assert seed.language == "en"
    for marker in ("Читайте также", "Похожие новости"):
        assert marker not in seed.body
        assert {"text": marker, "reason": seed_reason(marker), "language": "ru"} in (
            seed.boilerplate
        )
    assert set(seed.translations) == {"ru", "kk"}
    assert "/ru/news/" in seed.translations["ru"] and "/kz/news/" in seed.translations["kk"]
    if SEED_BODY.exists():  # the seed text itself, where ../shared is at hand
        seed_text = SEED_BODY.read_text(encoding="utf-8")
        for paragraph in seed.body.split("\n\n"):
            assert paragraph in seed_text


def seed_reason(marker: str) -> str:
    return "marker:read_also" if marker == "Читайте также" else "marker:related_news"


@deferred_f_from_coro_f
async def test_language_filter(bnews_mirror: Mirror, tmp_path: Path) -> None:
    collector, _ = await crawl(bnews_mirror, tmp_path, languages="kk")
    assert collector.items
    assert {item.language for item in collector.items} == {"kk"}
    assert all("/kz/news/" in item.url for item in collector.items)


@deferred_f_from_coro_f
async def test_date_window(bnews_mirror: Mirror, tmp_path: Path) -> None:
    collector, stats = await crawl(bnews_mirror, tmp_path, since="2018-11-09")
    assert collector.items
    assert all(item.published_at and item.published_at >= "2018-11-09" for item in collector.items)
    assert stats.get("newscrawl/skipped/filtered_date", 0) > 0


def test_scrapy_crawl_as_cron_runs_it(bnews_mirror: Mirror, tmp_path: Path) -> None:
    out = tmp_path / "bnews.jsonl"
    settings = {**FAST, "NEWSCRAWL_REJECTED_FEED": str(tmp_path / "rejected.jsonl")}
    # Run where cron would: outside the checkout, settings found by module name.
    done = run_scrapy(
        *("crawl", "bnews", "-O", str(out), "-a", f"base_url={bnews_mirror.origin}"),
        cwd=tmp_path,
        settings=settings,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(mirror_articles())
    assert not (tmp_path / "output").exists()  # -O replaces the default feed
    assert "Читайте также" in out.read_text(encoding="utf-8")  # UTF-8, not \u escapes
    assert "articles exported: " + str(len(lines)) in done.stdout
    assert "rejected: 1" in done.stdout
    assert len((tmp_path / "rejected.jsonl").read_text(encoding="utf-8").splitlines()) == 1
