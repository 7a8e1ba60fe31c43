"""Site declarations: editions on paths and on other hosts, mirrors, dated template versions,
field overrides as selectors or methods, and the registry."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

import pytest
from parsel import Selector

from newscrawl import page_draft
from newscrawl.sites import SITES, Site, Template, site_for_url
from newscrawl.spiders.sites import SPIDERS


class Gazette(Site):
    """A site with editions on two hosts and a redesign in 2024."""

    name = "gazette"
    domain = "gazette.example"
    editions: ClassVar = {"ru": "/", "kk": "https://kaz.gazette.example/"}
    feeds = ("{edition}news.rss",)
    article_path = r"^/news/\d+/$"

    class Before2024(Template):
        title = "h1.old-title"

    class Since2024(Template):
        valid_from = date(2024, 5, 1)
        title = "h1.headline"

        def tags(self, page: Selector) -> list[str]:
            return (page.css("[data-tags]::attr(data-tags)").get() or "").split("|")

        def authors(self, page: Selector) -> list[str]:
            raise KeyError("a site's method that breaks")


GAZETTE = Gazette()
PAGE = """<html lang="ru"><head><title>Old title | Gazette</title></head><body>
<h1 class="headline">Заголовок нового шаблона</h1><h1 class="old-title">Старый</h1>
<div data-tags="экономика|Астана"></div><p>Автор: Ерлан Сапаров</p>
<article><p>Первый абзац статьи о том, как в Астане открыли новый мост через Ишим.</p>
<p>Второй абзац статьи приводит слова акима города и сроки окончания работ.</p></article>
</body></html>"""


def test_editions_on_paths_and_hosts() -> None:
    assert GAZETTE.base_url == "https://gazette.example"
    assert GAZETTE.hosts() == {"gazette.example", "kaz.gazette.example"}
    assert GAZETTE.edition_of("https://gazette.example/news/1/") == "ru"
    assert GAZETTE.edition_of("https://kaz.gazette.example/news/2/") == "kk"
    assert GAZETTE.is_article_url("https://kaz.gazette.example/news/2/")
    assert GAZETTE.discovery_paths(GAZETTE.feeds, set()) == [
        "/news.rss",
        "https://kaz.gazette.example/news.rss",
    ]
    assert GAZETTE.discovery_paths(GAZETTE.feeds, {"kk"}) == [
        "https://kaz.gazette.example/news.rss"
    ]


def test_a_mirror_holds_the_other_hosts_in_folders() -> None:
    mirror = GAZETTE.rebased("http://127.0.0.1:8080/")
    assert mirror.base_url == "http://127.0.0.1:8080"
    assert mirror.domain == "gazette.example"  # records still name the site
    assert mirror.discovery_paths(mirror.feeds, set()) == [
        "/news.rss",
        "http://127.0.0.1:8080/kaz.gazette.example/news.rss",
    ]
    kazakh = "http://127.0.0.1:8080/kaz.gazette.example/news/2/"
    assert mirror.edition_of(kazakh) == "kk"
    assert mirror.is_article_url(kazakh)
    assert mirror.edition_of("http://127.0.0.1:8080/news/1/") == "ru"
    assert GAZETTE.base_url == "https://gazette.example"  # the declaration is untouched


def test_the_template_version_of_the_fetch_date() -> None:
    assert [type(t).__name__ for t in GAZETTE.templates] == ["Before2024", "Since2024"]
    old = page_draft(PAGE, "https://gazette.example/news/1/", GAZETTE, fetched_at="2023-01-01")
    new = page_draft(PAGE, "https://gazette.example/news/1/", GAZETTE, fetched_at="2025-01-01")
    assert old.title == "Старый"
    assert new.title == "Заголовок нового шаблона"


def test_methods_answer_and_a_breaking_method_is_a_miss_not_a_loss() -> None:
    draft = page_draft(
        PAGE, "https://gazette.example/news/1/", GAZETTE, fetched_at="2025-01-01", mode="fast"
    )
    assert draft.tags == ["экономика", "Астана"]
    # The broken authors method found nothing: the visible byline answers instead.
    assert draft.authors == ["Ерлан Сапаров"]
    assert draft.overrides_missed == ["authors"]
    assert draft.site == "gazette.example"
    assert draft.blocks[0].text.startswith("Первый абзац")


def test_a_template_field_that_does_not_exist_is_refused() -> None:
    with pytest.raises(TypeError, match="no field \\['headline'\\]"):

        class Typo(Template):
            headline = "h1"


def test_the_registry_finds_every_declared_site_by_name_and_host() -> None:
    assert {"bnews", "kazinform", "tengrinews"} <= set(SITES)
    for name, site in SITES.items():
        assert site.name == name
        assert SPIDERS[name].site is site and SPIDERS[name].name == name
    assert (
        site_for_url("https://kaz.tengrinews.kz/kazakhstan_news/x-512345/") is SITES["tengrinews"]
    )
    assert site_for_url("https://www.inform.kz/ru/x-a1b2c3") is SITES["kazinform"]
    assert site_for_url("https://unknown.example/") is None
