"""The kazinform and tengrinews spiders, generated from their declarations, against their
offline mirrors (Tengrinews's Kazakh and English editions on hosts of their own)."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.utils.defer import deferred_f_from_coro_f

from newscrawl.spiders.sites import SPIDERS
from tests.conftest import Mirror
from tests.crawl_support import run_crawl

# Whole crawls and subprocesses: `make test-fast` leaves them out.
pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("name", "domain"), [("kazinform", "inform.kz"), ("tengrinews", "tengrinews.kz")]
)
@deferred_f_from_coro_f
async def test_every_edition_is_crawled(name: str, domain: str, tmp_path: Path) -> None:
    mirror = Mirror(domain)
    try:
        settings = {"FEEDS": {str(tmp_path / "out.jsonl"): {"format": "jsonlines"}}}
        collector, stats = await run_crawl(SPIDERS[name], settings, base_url=mirror.origin)
    finally:
        mirror.stop()
    languages = sorted(item.language for item in collector.items)
    assert languages == ["en", "en", "kk", "kk", "ru", "ru"]
    assert {item.site for item in collector.items} == {domain}
    assert all(item.tags and item.published_at for item in collector.items)
    # Kazinform names an author on every story; Tengrinews on its two weather stories.
    named = sum(bool(item.authors) for item in collector.items)
    assert named == {"kazinform": 6, "tengrinews": 2}[name]
    assert stats.get("newscrawl/rejected", 0) == 0
    assert stats["newscrawl/drift_checked"] and not stats.get("newscrawl/drift")
    if name == "tengrinews":
        hosts = {item.url.removeprefix(mirror.origin).split("/")[1] for item in collector.items}
        assert hosts == {"kaz.tengrinews.kz", "en.tengrinews.kz", "kazakhstan_news", "sport"}
