"""Metadata fields from generic extraction (no site template): title, authors, tags and lead,
as real sites get them wrong in their declared data, on small pages written for the tests."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

import pytest
from parsel import Selector

from newscrawl import extract_article
from newscrawl.extract.article import extract_draft
from newscrawl.extract.draft import ArticleDraft
from newscrawl.validate import problems
from tests.article_pages import HEADLINE, TEXT, URL, ld


def org(name: str) -> dict[str, str]:
    return {"@type": "Organization", "name": name}


def meta(name: str, content: str) -> str:
    return f'<meta property="{name}" content="{escape(content)}">'


def page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}<article><p>{TEXT}</p></article></body></html>"


def draft(html: str, url: str = URL) -> ArticleDraft:
    return extract_draft(
        Selector(text=html), url, site="daily-planet.example", timezone="UTC", fetched_at=""
    )


# --------------------------------------------------------------------------- authors


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Anna Berg and Max Muster", ["Anna Berg", "Max Muster"]),
        ("Anna Berg und Max Muster", ["Anna Berg", "Max Muster"]),
        ("Анна Берг и Макс Мустер", ["Анна Берг", "Макс Мустер"]),
        ("Анна Берг та Макс Мустер", ["Анна Берг", "Макс Мустер"]),
        ("Anna Berg; Max Muster", ["Anna Berg", "Max Muster"]),
        ("Anna Berg & Max Muster", ["Anna Berg", "Max Muster"]),
        ("Anna Berg, Max Muster und Erika Beispiel", ["Anna Berg", "Max Muster", "Erika Beispiel"]),
    ],
)
def test_a_byline_is_split_into_its_names(byline: str, names: list[str]) -> None:
    assert draft(page(ld(author=byline))).authors == names


def test_an_agency_or_initials_tag_after_a_name_is_dropped() -> None:
    authors = ["Oliver Beige (obe)", "Anna Berg (dpa)", "Max Muster (AFP/dpa)"]
    assert draft(page(ld(author=authors))).authors == ["Oliver Beige", "Anna Berg", "Max Muster"]


@pytest.mark.parametrize(
    "head",
    [
        # the site's name, as og:site_name has it
        meta("og:site_name", "The Daily Planet") + ld(author=org("The Daily Planet")),
        # the publisher's name, as JSON-LD has it
        ld(author="Planet Media Group", publisher=org("Planet Media Group")),
        # the domain, or the host's name
        ld(author="daily-planet.example"),
        ld(author="Daily Planet"),
        # a TV channel that is the site
        meta("og:site_name", "Хабар") + '<meta name="author" content="ХАБАР">',
    ],
)
def test_the_publisher_is_no_author(head: str) -> None:
    assert draft(page(head)).authors == []


def test_a_link_is_no_author_and_a_person_gives_its_name() -> None:
    schema_id = {"@type": "Person", "@id": "https://www.daily-planet.example/#/schema/person/1f3"}
    assert draft(page(ld(author=schema_id))).authors == []
    assert draft(page(ld(author="https://www.daily-planet.example/author/anna"))).authors == []
    people = [
        {"@type": "Person", "name": "Anna Berg", "url": "https://www.daily-planet.example/anna"},
        {"@type": "Person", "givenName": "Max", "familyName": "Muster", "@id": "https://x.example"},
    ]
    assert draft(page(ld(author=people))).authors == ["Anna Berg", "Max Muster"]


@pytest.mark.parametrize(
    "head",
    [
        ld(author="( Image: Getty Images )"),
        '<meta name="author" content="Photo: Reuters">',
        '<meta name="author" content="Фото: Иван Петров">',
    ],
)
def test_a_photo_credit_is_no_author(head: str) -> None:
    assert draft(page(head)).authors == []


PUBLISHER_AS_AUTHOR = meta("og:site_name", "BNews.kz") + ld(author=org("BNews.kz"))
OTHER_STORIES = (
    '<ul class="author-news__list"><li><a href="/en/news/a">Grain exports rose in October'
    '</a></li><li><a href="/en/news/b">New bus routes for the left bank</a></li></ul>'
)


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        (
            f'<div class="author-news">Автор: <a href="/author/7">Асель Тулегенова</a>'
            f"{OTHER_STORIES}</div>",
            ["Асель Тулегенова"],
        ),
        (
            '<div class="byline">Авторы: <a href="/author/7">Ерлан Ахметов</a> и '
            '<a href="/author/8">Дина Ким</a></div>',
            ["Ерлан Ахметов", "Дина Ким"],
        ),
        (
            '<div class="author-box"><div class="label">Author:</div><div class="name">'
            f'<a href="/author/9">Aigerim Sadykova</a></div>{OTHER_STORIES}</div>',
            ["Aigerim Sadykova"],
        ),
        # a comment's author is none of the article's
        ('<div class="comments"><p>Author: Troll</p><p>First!</p></div>', []),
    ],
)
def test_a_visible_byline_beats_the_publisher_as_author(byline: str, names: list[str]) -> None:
    assert draft(page(PUBLISHER_AS_AUTHOR, byline), "https://bnews.kz/en/news/x").authors == names


# --------------------------------------------------------------------------- tags


def test_links_shown_as_hash_tags_are_the_tags() -> None:
    body = (
        '<div class="article__tags"><a href="/tag/kazakhstan">#Kazakhstan</a> '
        '<a href="/tag/economy">#economy</a></div>'
        # a social network's hashtag and an issue number are no tags of the article
        '<p><a href="https://twitter.com/hashtag/news">#news</a> <a href="/issues/919">#919</a></p>'
    )
    assert draft(page(body=body)).tags == ["Kazakhstan", "economy"]


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("head", "url"),
    [
        (meta("og:title", f"{HEADLINE} | Sport") + meta("article:section", "Sport"), URL),
        (
            ld(headline=f"{HEADLINE} - The Daily Planet", publisher=org("The Daily Planet")),
            URL,
        ),
        (f"<title>{HEADLINE} — Gazeta</title>", "https://gazeta.example/news/1"),
    ],
)
def test_a_site_or_section_suffix_is_cut_from_a_title(head: str, url: str) -> None:
    assert draft(page(head), url).title == HEADLINE


H1 = f"<h1>{HEADLINE}</h1>"


@pytest.mark.parametrize(
    "head",
    [
        # a kicker in front
        ld(headline=f"Kazakhstan: {HEADLINE}"),
        # a longer form
        meta("og:title", f"{HEADLINE}, minister says after the vote on schools"),
        # a form written for search engines and social networks, where <title> agrees with <h1>
        meta("og:title", "Kazakhstan budget 2026: what changes for taxpayers")
        + f"<title>{HEADLINE} | The Daily Planet</title>",
    ],
)
def test_the_visible_headline_beats_a_kicker_or_search_title(head: str) -> None:
    assert draft(page(head, H1)).title == HEADLINE


def test_a_headline_is_read_as_shown_and_a_logo_is_no_headline() -> None:
    shown = "<h1><span>LTE-Patent</span><span>: </span><span>Samsung soll zerstören</span></h1>"
    assert draft(page(body=shown)).title == "LTE-Patent: Samsung soll zerstören"
    logo = '<div class="top"><h1><a href="/">Daily Planet</a></h1></div>'
    assert draft(page(meta("og:site_name", "Daily Planet"), logo + H1)).title == HEADLINE


LEAD = (
    "The participants have agreed to continue cooperation in military and economic and "
    "military and technical spheres."
)


def test_a_headline_that_is_the_lead_cut_short_loses_to_the_h1() -> None:
    head = ld(headline=LEAD[:107], description=LEAD)
    article = extract_article(page(head, H1), URL)
    assert article["title"] == HEADLINE
    assert article["lead"] == LEAD
    # With no <h1> to say otherwise it is the only headline there is.
    assert draft(page(head)).title == LEAD[:107]


# --------------------------------------------------------------------------- the seed site

STORIES = Path(__file__).parent / "fixtures" / "bnews_stories.json"
SEED_FILE = Path(__file__).parents[2] / "shared" / "seeds" / "000_5091a43d42f5909f.txt"
SEED_URL = "https://bnews.kz/en/news/csto_was_appreciative_of_kazakhstans_chairmanship"


def seed_story() -> dict[str, Any]:
    """The seed article (story s01, en), as tests/fixtures/generate_bnews.py renders it."""
    stories = json.loads(STORIES.read_text(encoding="utf-8"))["stories"]
    return next(s for s in stories if s["id"] == "s01")["editions"]["en"]


def cms_page(story: dict[str, Any]) -> str:
    """The seed story in a Kazakh news CMS's article template as it may really look: the
    JSON-LD headline is the lead cut at 107 characters and the author falls back to the
    site's name, while the page shows the headline, the author and '#' tags."""
    title, lead = escape(story["title"]), story["lead"]
    data = ld(
        headline=lead[:107],
        description=lead,
        datePublished="2018-11-09T11:07:00+06:00",
        author=org("BNews.kz"),
        publisher=org("BNews.kz"),
    )
    text = "".join(f"<p>{escape(p)}</p>" for p in story["body"])
    tags = " ".join(f'<a href="/en/tag/{t}">#{t.upper()}</a>' for t in story["tags"])
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title} - BNews.kz</title><meta name="description" content="{escape(lead)}">
{meta("og:site_name", "BNews.kz")}{meta("og:type", "article")}{meta("og:description", lead)}
{data}</head><body>
<header class="header"><a class="logo" href="/en/">BNews.kz</a>
<nav class="menu"><a href="/en/news">News</a> <a href="/en/politics">Politics</a></nav></header>
<main class="main"><div class="breadcrumbs"><a href="/en/">Main</a> / <a href="/en/news">News</a>
/ <a href="/en/politics">Politics</a></div>
<div class="article"><h1 class="article__title">{title}</h1>
<div class="article__meta"><span class="article__date">09 November, 2018, 11:07</span></div>
<div class="article__image"><img src="/storage/news/csto.png" alt="">
<span class="article__photo">Photo: press service of the CSTO</span></div>
<div class="article__lead">{escape(lead)}</div>
<div class="article__text">{text}</div>
<div class="article__tags">{tags}</div>
<div class="article__share"><span>Бөлісу</span> <a href="https://www.facebook.com/sharer.php">
Facebook</a> <a href="https://t.me/share/url">Telegram</a> <a href="https://wa.me/">WhatsApp</a>
</div>
<div class="article__author author-news"><div class="author-news__name">Автор:
<a href="/en/author/12">Aigerim Sadykova</a></div>{OTHER_STORIES}</div>
</div></main>
<footer class="footer"><p>© 2013-2018 BNews.kz. All rights reserved.</p></footer>
</body></html>"""


def test_the_seed_story_in_a_kazakh_cms_template() -> None:
    story = seed_story()
    article = extract_article(cms_page(story), SEED_URL)
    assert article["title"] == "CSTO was appreciative of Kazakhstan's chairmanship"
    assert article["lead"] == story["lead"]
    assert article["authors"] == ["Aigerim Sadykova"]
    assert article["tags"] == ["CSTO", "SECURITY", "KAZAKHSTAN"]
    assert article["body"] == "\n\n".join(story["body"])
    assert article["published_at"] == "2018-11-09T11:07:00+06:00"
    assert problems(article) == []
    if SEED_FILE.exists():  # the text is the seed's own, where ../shared is at hand
        seed = SEED_FILE.read_text(encoding="utf-8")
        assert all(paragraph in seed for paragraph in story["body"])


# --------------------------------------------------------------------------- links


@pytest.mark.parametrize(
    "head",
    [
        meta("og:image", "data:image/gif;base64,R0lGODlhAQABAAAAACw="),  # lazy-load placeholder
        '<link rel="canonical" href="javascript:void(0)">',
        '<link rel="canonical" href="http://[::1">',
        '<link rel="alternate" hreflang="kk" href="http://[::1/kk">',
        meta("og:image", "http://[bad/photo.jpg"),
    ],
)
def test_a_link_no_reader_can_open_costs_its_field_not_the_article(head: str) -> None:
    record = extract_article(page(head + f"<title>{HEADLINE}</title>", f"<h1>{HEADLINE}</h1>"), URL)
    assert problems(record) == []
    assert record["image_url"] is None
    assert record["canonical_url"] in (None, URL)
    assert record["translations"] == {}


def test_a_bad_declared_image_gives_way_to_the_next_one() -> None:
    head = ld(image="data:image/gif;base64,R0lGOD=") + meta("og:image", "/img/budget.jpg")
    record = extract_article(page(head), URL)
    assert record["image_url"] == "https://www.daily-planet.example/img/budget.jpg"


def test_control_characters_never_reach_the_record() -> None:
    html = page(f"<title>{HEADLINE}\x01</title>").replace(TEXT, TEXT.replace(" ", " \x1b", 3))
    record = extract_article(html, URL)
    assert record["body"] == TEXT and record["title"] == HEADLINE


def test_a_placeholder_date_costs_its_field_not_the_article() -> None:
    # On a site east of UTC, .NET's "no date" fell before year 1: OverflowError, article lost.
    head = ld(
        headline=HEADLINE, datePublished="2024-05-04T06:00:00Z", dateModified="0001-01-01T00:00:00"
    )
    record = extract_article(page(head), "https://bnews.kz/en/news/park")  # Asia/Almaty
    assert problems(record) == []
    assert (record["published_at"], record["modified_at"]) == ("2024-05-04T06:00:00+00:00", None)
