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


def test_a_method_may_answer_a_number_or_an_attribute_selector() -> None:
    class Counted(Template):
        published = "meta[itemprop=datePublished]::attr(content)"

        def views(self, page: Selector) -> int:
            return int(page.css("[data-views]::attr(data-views)").get() or 0)

        def lead(self, page: Selector) -> object:
            return object.__new__(type("Unreadable", (), {"__str__": lambda s: 1 / 0}))

    site = Site(name="counted", domain="counted.example", templates=(Counted(),))
    page = (
        '<html><head><meta itemprop="datePublished" content="2025-11-20T10:00:00+05:00">'
        '</head><body><h1>Заголовок</h1><span data-views="1234"></span></body></html>'
    )
    draft = page_draft(page, "https://counted.example/1", site, fetched_at="2025-12-01")
    assert draft.views_raw == "1234"
    assert draft.published_raw == "2025-11-20T10:00:00+05:00"
    assert draft.overrides_missed == ["lead"]  # an answer that cannot be read is a miss


def test_a_site_extending_another_keeps_its_versions() -> None:
    class Regional(Gazette):
        name = "regional"

        class Since2025(Template):
            valid_from = date(2025, 6, 1)
            title = "h1.regional"

    assert [type(t).__name__ for t in Regional().templates] == [
        "Before2024",
        "Since2024",
        "Since2025",
    ]


def test_versions_on_one_date_and_fields_of_the_wrong_kind_are_refused() -> None:
    with pytest.raises(TypeError, match="two template versions valid from one date"):

        class Twice(Site):
            class A(Template):
                title = "h1"

            class B(Template):
                title = "h2"

    with pytest.raises(TypeError, match=r"Tuple\.tags: a CSS selector or a method"):

        class Tuple(Template):
            tags = ("a", "b")  # type: ignore[assignment]


def test_only_spiders_of_declared_sites_are_judged_for_drift() -> None:
    from newscrawl.drift import judged_site
    from newscrawl.spiders.generic import GenericSpider

    assert judged_site(SPIDERS["bnews"](base_url="http://127.0.0.1:1")) == "bnews"
    generic = GenericSpider(url="https://bnews.kz/en/news/", timezone="Asia/Almaty")
    assert judged_site(generic) is None
