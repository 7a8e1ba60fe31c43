from datetime import date

from newscrawl.sites.base import Site, Template, Thresholds


class Bnews(Site):
    """BNews.kz: Kazakhstan business news in English, Russian and Kazakh (Asia/Almaty)."""

    name = "bnews"
    domain = "bnews.kz"
    timezone = "Asia/Almaty"
    editions = {"en": "/en/", "ru": "/ru/", "kk": "/kz/"}
    feeds = ("{edition}rss/news",)
    sitemaps = ("/sitemap.xml",)
    listings = ("{edition}news",)
    article_path = r"^/(en|ru|kz)/news/[^/]+$"
    listing_links = ".news-list__link::attr(href)"
    next_page = ".pagination__next::attr(href)"
    thresholds = Thresholds(max_fallback=0.3)  # photo reports lack a visible date or h1

    class Since2018(Template):
        valid_from = date(2018, 1, 1)
        title = "h1.news-detail__title"
        lead = ".news-detail__lead"
        body = ".news-detail__text"
        published = ".news-detail__date"
        views = ".news-detail__views"
        authors = ".news-detail__author"
        tags = ".news-detail__tags a"
        section = ".breadcrumbs a"
