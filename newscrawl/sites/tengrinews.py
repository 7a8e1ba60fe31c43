from datetime import date

from newscrawl.sites.base import Site, Template


class Tengrinews(Site):
    """Tengrinews.kz in Russian, with its Kazakh and English editions on their own hosts."""

    name = "tengrinews"
    domain = "tengrinews.kz"
    timezone = "Asia/Almaty"
    editions = {
        "ru": "/",
        "kk": "https://kaz.tengrinews.kz/",
        "en": "https://en.tengrinews.kz/",
    }
    feeds = ("{edition}news.rss",)
    sitemaps = ("{edition}sitemap.xml",)
    listings = ("{edition}news/",)
    article_path = r"^/[a-z_]+_news/[a-z0-9-]+-\d{6}/$|^/sport/[a-z0-9-]+-\d{6}/$"
    listing_links = ".content_main_item_title a::attr(href)"
    next_page = ".pagination a.next::attr(href)"

    class Since2020(Template):
        valid_from = date(2020, 1, 1)
        tags = ".content_main_text_tags a"  # plain links: neither JSON-LD nor '#' marks them
