import pytest
from parsel import Selector

from newscrawl.extract.structured import (
    ld_list,
    ld_text,
    link_url,
    normalise_language,
    structured_data,
)

URL = "https://example.kz/ru/news/1"


def data(head: str, body: str = ""):
    return structured_data(
        Selector(text=f"<html lang=ru><head>{head}</head><body>{body}</body></html>"), URL
    )


def test_jsonld_article_found_inside_graph() -> None:
    found = data(
        '<script type="application/ld+json">{"@context":"https://schema.org","@graph":['
        '{"@type":"WebSite","name":"X"},{"@type":"NewsArticle","headline":"Заголовок"}]}</script>'
    )
    assert found.article["headline"] == "Заголовок"
    assert found.declares_article


def test_broken_jsonld_block_does_not_hide_a_good_one() -> None:
    found = data(
        '<script type="application/ld+json">{"@type": "NewsArticle", oops</script>'
        '<script type="application/ld+json">// comment\n'
        '{"@type":"Article","headline":"OK",}</script>'
    )
    assert found.article["headline"] == "OK"


def test_microdata_article() -> None:
    found = data(
        "",
        '<div itemscope itemtype="https://schema.org/NewsArticle">'
        '<h1 itemprop="headline">Микроданные</h1></div>',
    )
    assert found.article["headline"] == "Микроданные"


def test_meta_canonical_and_alternates() -> None:
    found = data(
        '<meta property="og:type" content="article"><meta property="og:title" content="T">'
        '<link rel="canonical" href="/ru/news/1?x=1">'
        '<link rel="alternate" hreflang="kz" href="/kz/news/1">'
        '<link rel="alternate" hreflang="en-US" href="https://example.kz/en/news/1">'
        '<link rel="alternate" hreflang="x-default" href="/">'
    )
    assert found.first_meta("og:title") == "T"
    assert found.declares_article
    assert found.canonical_url == "https://example.kz/ru/news/1?x=1"
    assert found.alternates == {
        "kk": "https://example.kz/kz/news/1",
        "en": "https://example.kz/en/news/1",
    }
    assert found.html_lang == "ru"


def test_website_is_not_an_article() -> None:
    assert not data('<meta property="og:type" content="website">').declares_article


def test_ld_values() -> None:
    assert ld_text([{"@type": "Person", "name": "Аня"}]) == "Аня"
    assert ld_list("a, b ,c") == ["a", "b", "c"]
    assert ld_list([{"name": "X"}, "Y"]) == ["X", "Y"]
    assert normalise_language("kk-KZ") == "kk" and normalise_language("ua") == "uk"


@pytest.mark.parametrize(
    "href",
    [
        "http://[::1",  # unclosed IPv6 literal: urlsplit raises
        "http://example.kz:port/",  # a port that is no number
        "javascript:void(0)",
        "mailto:desk@example.kz",
        "data:image/png;base64,iVBORw0KGgo=",
        "   ",
    ],
)
def test_a_link_no_reader_can_open_is_no_url(href: str) -> None:
    assert link_url(URL, href) is None


def test_a_relative_link_is_made_absolute() -> None:
    assert link_url(URL, " /ru/news/2 ") == "https://example.kz/ru/news/2"


def test_malformed_canonical_and_hreflang_links_are_left_out() -> None:
    found = data(
        '<link rel="canonical" href="http://[bad">'
        '<link rel="alternate" hreflang="kk" href="javascript:void(0)">'
        '<link rel="alternate" hreflang="en" href="/en/news/1">'
    )
    assert found.canonical_url is None
    assert found.alternates == {"en": "https://example.kz/en/news/1"}


def test_jsonld_nested_past_the_recursion_limit_hides_nothing_else() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    found = data(
        f'<script type="application/ld+json">{deep}</script>'
        '<script type="application/ld+json">{"@type":"NewsArticle","headline":"OK"}</script>'
    )
    assert found.article["headline"] == "OK"
