"""The item pipelines after the article's steps (newscrawl.pipelines): the crawl's language and
date window, validation, one export per story. Drafts are made as the crawl makes them
(`page_draft`, then `steps.run_steps`) from small pages written here; the pipelines are built
with `from_crawler` on a crawler whose spider has the arguments under test."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from newscrawl import page_draft, steps
from newscrawl.drift import counted_sites
from newscrawl.exceptions import RejectedArticle, SkippedArticle
from newscrawl.extract.draft import ArticleDraft
from newscrawl.items import ArticleItem
from newscrawl.pipelines import DuplicatePipeline, FilterPipeline, ValidatePipeline, site_day
from newscrawl.sites.base import Site
from newscrawl.spiders.generic import GenericSpider
from newscrawl.spiders.sites import SPIDERS

URL = "https://example.com/news/2026-11-18-riverside-tram-line-approved"
PARAGRAPHS = (
    "The city council voted on Tuesday evening to approve the Riverside tram line, ending a "
    "debate that has run through two budget cycles and more than forty public hearings.",
    "The nine-kilometre line will link the northern housing estates with the central station "
    "and the university campus, with fourteen stops planned along the embankment.",
    "Construction is expected to begin next spring and to take about three years, the council "
    "said, with most of the cost covered by a regional transport grant.",
)


def page(
    title: str = "Riverside tram line approved",
    published: str = "2026-11-18T09:30:00+00:00",
    canonical: str | None = None,
    paragraphs: tuple[str, ...] = PARAGRAPHS,
) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f'<html lang="en"><head><title>{title}</title>{link}'
        '<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="{published}"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def draft(html: str, url: str = URL, site: Site | None = None) -> ArticleDraft:
    return steps.run_steps(page_draft(html, url, site, mode="fast"))


def crawler_for(spider_cls: type[Spider] = GenericSpider, /, **spider_args: str) -> Crawler:
    crawler = get_crawler(spider_cls, {"NEWSCRAWL_DEFAULT_FEEDS": {}})
    if spider_cls is GenericSpider:
        spider_args = {"url": "https://example.com/", **spider_args}
    crawler.spider = spider_cls.from_crawler(crawler, **spider_args)
    return crawler


def skip_reason(pipeline: Any, item: Any) -> str:
    with pytest.raises(SkippedArticle) as skipped:
        pipeline.process_item(item)
    return skipped.value.reason


def test_the_language_filter() -> None:
    article = draft(page())
    assert article.language == "en"
    wanted = FilterPipeline.from_crawler(crawler_for(languages="en,kk"))
    assert wanted.process_item(article) is article
    unwanted = FilterPipeline.from_crawler(crawler_for(languages="ru,kk"))
    assert skip_reason(unwanted, article) == "filtered_language"


@pytest.mark.parametrize(
    ("window", "kept"),
    [
        ({}, True),
        ({"since": "2026-11-18", "until": "2026-11-18"}, True),
        ({"since": "2026-11-19"}, False),
        ({"until": "2026-11-17"}, False),
    ],
)
def test_the_date_window(window: dict[str, str], kept: bool) -> None:
    article = draft(page(published="2026-11-18T09:30:00+00:00"))
    pipeline = FilterPipeline.from_crawler(crawler_for(**window))
    if kept:
        assert pipeline.process_item(article) is article
    else:
        assert skip_reason(pipeline, article) == "filtered_date"


def test_the_date_window_is_the_sites_days() -> None:
    """22:30 UTC on the 18th is already the 19th in Almaty (UTC+5)."""
    assert site_day("2026-11-18T22:30:00+00:00", "Asia/Almaty") == date(2026, 11, 19)
    almaty = Site(name="example.com", base_url="https://example.com", timezone="Asia/Almaty")
    late = draft(page(published="2026-11-18T22:30:00+00:00"), site=almaty)
    pipeline = FilterPipeline.from_crawler(crawler_for(until="2026-11-18"))
    assert skip_reason(pipeline, late) == "filtered_date"
    assert site_day(None, "UTC") is None


def test_a_valid_draft_becomes_the_exported_item() -> None:
    pipeline = ValidatePipeline.from_crawler(crawler_for())
    item = pipeline.process_item(draft(page()))
    assert isinstance(item, ArticleItem)
    assert item.url == URL
    assert item.title == "Riverside tram line approved"
    assert item.body == "\n\n".join(PARAGRAPHS)
    assert item.published_at == "2026-11-18T09:30:00+00:00"


def test_an_invalid_draft_is_rejected_with_its_reasons() -> None:
    pipeline = ValidatePipeline.from_crawler(crawler_for())
    with pytest.raises(RejectedArticle) as rejected:
        pipeline.process_item(draft(page(title="", paragraphs=())))
    assert {"title: missing", "body: empty"} <= set(rejected.value.reasons)
    assert rejected.value.record["url"] == URL


def test_validation_counts_a_declared_sites_articles_for_drift() -> None:
    crawler = crawler_for(SPIDERS["bnews"])
    pipeline = ValidatePipeline.from_crawler(crawler)
    url = "https://bnews.kz/en/news/riverside_tram_line_approved"
    pipeline.process_item(draft(page(), url))
    with pytest.raises(RejectedArticle):
        pipeline.process_item(draft(page(title="", paragraphs=()), url))
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    assert counted_sites(stats) == ["bnews"]
    assert stats["newscrawl/sites/bnews/articles"] == 2
    assert stats["newscrawl/sites/bnews/rejected"] == 1
    # A generic crawl's sites have no declaration to drift from.
    generic = crawler_for()
    ValidatePipeline.from_crawler(generic).process_item(draft(page()))
    assert generic.stats is not None
    assert counted_sites(generic.stats.get_stats()) == []


def test_one_story_is_exported_once_by_url_or_canonical() -> None:
    validate = ValidatePipeline.from_crawler(crawler_for())
    dedupe = DuplicatePipeline.from_crawler(crawler_for())
    first = validate.process_item(draft(page()))
    assert dedupe.process_item(first) is first
    # The same URL spelt another way: www., a tracking parameter, a fragment.
    spelt = "https://www.example.com/news/2026-11-18-riverside-tram-line-approved?utm_source=x#top"
    assert skip_reason(dedupe, validate.process_item(draft(page(), spelt))) == "duplicate"
    # Another URL whose page names the first as its canonical address.
    other = "https://example.com/amp/riverside"
    copy = validate.process_item(draft(page(canonical=URL), other))
    assert skip_reason(dedupe, copy) == "duplicate"
    # A different story passes.
    story = "https://example.com/news/2026-11-19-library-reopens"
    assert dedupe.process_item(validate.process_item(draft(page(), story))).url == story


def test_other_items_pass_through() -> None:
    crawler = crawler_for(languages="ru", since="2030-01-01")
    thing = {"not": "a draft"}
    for pipeline in (FilterPipeline, ValidatePipeline, DuplicatePipeline):
        assert pipeline.from_crawler(crawler).process_item(thing) is thing
