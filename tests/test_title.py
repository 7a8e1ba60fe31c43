"""Titles from generic extraction when a page's forms of its headline disagree: a breadcrumb
step marked as an <h1>, the same words spelled two ways, a second headline the article
declares. Small pages written for the tests."""

from __future__ import annotations

from html import escape

import pytest

from newscrawl import extract_article
from tests.article_pages import HEADLINE, TEXT, URL, ld

KICKER = "Night session"


def meta(name: str, content: str) -> str:
    return f'<meta property="{name}" content="{escape(content)}">'


def title(head: str = "", body: str = "") -> str | None:
    html = f"<html><head>{head}</head><body>{body}<article><p>{TEXT}</p></article></body></html>"
    found: str | None = extract_article(html, URL)["title"]
    return found


# --------------------------------------------------------------------------- breadcrumb <h1>

SCHEMA_TRAIL = (
    '<ol itemscope itemtype="https://schema.org/BreadcrumbList">'
    '<li itemprop="itemListElement"><a href="/news">News</a></li>'
    f'<li itemprop="itemListElement"><h1><span itemprop="name">{HEADLINE}</span></h1></li></ol>'
)
CLASS_TRAIL = (
    '<nav><ul class="breadcrumbs"><li><a href="/news">News</a></li>'
    f"<li><h1>{HEADLINE}</h1></li></ul></nav>"
)


@pytest.mark.parametrize("trail", [SCHEMA_TRAIL, CLASS_TRAIL])
def test_an_h1_in_a_breadcrumb_trail_is_no_headline(trail: str) -> None:
    # The trail's last step names the page without its kicker; the declared title is whole.
    assert title(ld(headline=f"{KICKER}: {HEADLINE}"), trail) == f"{KICKER}: {HEADLINE}"


def test_an_h1_outside_a_trail_still_beats_a_kicker() -> None:
    body = f'<div class="breadcrumb-wrapper"><h1>{HEADLINE}</h1></div>'
    assert title(ld(headline=f"{KICKER}: {HEADLINE}"), body) == HEADLINE


# --------------------------------------------------------------------------- one spelling

SPELLED = f"{KICKER}: {HEADLINE}"


def test_og_title_and_title_agreeing_on_a_spelling_beat_the_json_ld_one() -> None:
    head = (
        ld(headline=f"{KICKER} - {HEADLINE}")
        + meta("og:title", SPELLED)
        + meta("og:site_name", "Daily Planet")
        + f"<title>{SPELLED} | Daily Planet</title>"
    )
    assert title(head) == SPELLED


def test_the_json_ld_spelling_stays_when_og_title_and_title_differ() -> None:
    head = (
        ld(headline=f"{KICKER} - {HEADLINE}")
        + meta("og:title", SPELLED)
        + f"<title>{KICKER} – {HEADLINE}</title>"
    )
    assert title(head) == f"{KICKER} - {HEADLINE}"


# --------------------------------------------------------------------------- second headline

SEARCH_FORM = "Parliament passes 2026 budget: what changes"


@pytest.mark.parametrize("key", ["alternativeHeadline", "name"])
def test_the_declared_alternative_the_page_shows_beats_the_headline(key: str) -> None:
    head = ld(**{"headline": SEARCH_FORM, key: HEADLINE})
    assert title(head, f"<h1>{HEADLINE}</h1>") == HEADLINE


def test_the_headline_stays_when_the_page_shows_it() -> None:
    head = ld(headline=HEADLINE, alternativeHeadline=SEARCH_FORM)
    assert title(head, f"<h1>{HEADLINE}</h1><h1>{SEARCH_FORM}</h1>") == HEADLINE
