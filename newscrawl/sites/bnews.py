"""BNews.kz: Kazakhstan business news in English, Russian and Kazakh (Asia/Almaty)."""

from newscrawl.extract.article import Selectors
from newscrawl.sites.base import Site

SITE = Site(
    name="bnews.kz",
    base_url="https://bnews.kz",
    timezone="Asia/Almaty",
    editions={"en": "/en/", "ru": "/ru/", "kk": "/kz/"},
    feeds=("{edition}rss/news",),
    sitemaps=("/sitemap.xml",),
    listings=("{edition}news",),
    article_path=r"^/(en|ru|kz)/news/[^/]+$",
    listing_links=".news-list__link::attr(href)",
    next_page=".pagination__next::attr(href)",
    selectors=Selectors(
        title="h1.news-detail__title",
        lead=".news-detail__lead",
        body=".news-detail__text",
        published=".news-detail__date",
        views=".news-detail__views",
        authors=".news-detail__author",
        tags=".news-detail__tags a",
        section=".breadcrumbs a",
    ),
)
