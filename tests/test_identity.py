"""One key per story (newscrawl.incremental.identity): the renderings of a story (AMP, mobile
and print hosts and paths) fold into its key, an article is known by its canonical address
too, unless that is the home page. More folded spellings are in tests/test_incremental.py."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request

from newscrawl.incremental.identity import item_keys, response_keys, story_key
from newscrawl.items import ArticleItem

STORY = "https://example.kz/news/123-story"


@pytest.mark.parametrize(
    "variant",
    [
        "https://m.example.kz/news/123-story",
        "https://mobile.example.kz/news/123-story",
        "https://print.example.kz/news/123-story",
        "https://amp.example.kz/news/123-story",
        "https://example.kz/amp/news/123-story",
        "https://example.kz/printable/news/123-story",
        "https://example.kz/news/123-story/print",
        "https://example.kz/news/123-story.amp",
        "https://example.kz/news/123-story?amp=1&utm_source=tg",
        "https://example.kz/news/123-story?view=mobile",
    ],
)
def test_renderings_fold_into_the_storys_key(variant: str) -> None:
    assert story_key(variant) == story_key(STORY)


def test_a_print_page_file_folds_into_the_html_page() -> None:
    html = "https://example.kz/news/123-story.html"
    assert story_key("https://example.kz/news/123-story.print.html") == story_key(html)
    assert story_key("https://example.kz/news/123-story.amp.htm") == story_key(html)


def test_what_selects_another_page_is_kept() -> None:
    # Only rendering values are folded: ?view=list, ?page=2 are other pages.
    assert story_key(STORY + "?view=list") != story_key(STORY)
    assert story_key(STORY + "?view=mobile&page=2") == story_key(STORY + "?page=2")
    assert story_key("https://example.kz:8080/news/123-story") != story_key(STORY)
    # m.kz is a site of its own, not the mobile rendering of "kz".
    assert story_key("https://m.kz/news/123-story") == "//m.kz/news/123-story"


def article(url: str, canonical: str | None) -> ArticleItem:
    return ArticleItem(
        url=url,
        canonical_url=canonical,
        site="example.kz",
        language="en",
        language_confidence=1.0,
        mixed_language=False,
        paragraph_languages=["en"],
        title="A story",
        lead=None,
        body="Text.",
        authors=[],
        published_at=None,
        published_raw=None,
        modified_at=None,
        section=None,
        tags=[],
        image_url=None,
        views=None,
        translations={},
        boilerplate=[],
        content_sha1="0" * 40,
        fetched_at="2026-11-18T10:00:00+00:00",
    )


def test_an_article_is_known_first_by_its_canonical_address() -> None:
    item = article("https://m.example.kz/news/123-story?utm_source=tg", STORY + "-edited")
    assert item_keys(item) == [story_key(STORY + "-edited"), story_key(STORY)]
    assert item_keys(article(STORY, None)) == [story_key(STORY)]


@pytest.mark.parametrize(
    "home",
    [
        "https://example.kz/",
        "https://example.kz",
        "https://www.example.kz/amp/",
        "https://m.example.kz/?amp",
    ],
)
def test_a_canonical_pointing_at_the_home_page_is_ignored(home: str) -> None:
    assert item_keys(article(STORY, home)) == [story_key(STORY)]


def test_a_canonical_with_a_query_is_a_story_address() -> None:
    canonical = "https://example.kz/?id=5"
    assert item_keys(article(STORY, canonical))[0] == story_key(canonical)


def test_a_response_is_known_by_every_url_on_its_way() -> None:
    request = Request(
        "https://example.kz/news/123-story",
        meta={"redirect_urls": ["https://example.kz/s/123", "https://m.example.kz/n/123"]},
    )
    response = HtmlResponse("https://example.kz/news/123-story", body=b"", request=request)
    assert response_keys(response) == [
        story_key(STORY),
        "//example.kz/s/123",
        "//example.kz/n/123",
        story_key(STORY),
    ]
