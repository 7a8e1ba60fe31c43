import json
from datetime import date

from parsel import Selector

from newscrawl.sites.base import Site, Template


class Kazinform(Site):
    """Kazinform (inform.kz), the national news agency, in Russian, Kazakh and English."""

    name = "kazinform"
    domain = "inform.kz"
    base_url = "https://www.inform.kz"
    timezone = "Asia/Almaty"
    editions = {"ru": "/ru/", "kk": "/kz/", "en": "/en/"}
    feeds = ("{edition}rss",)
    sitemaps = ("/sitemap.xml",)
    listings = ("{edition}lenta",)
    article_path = r"^/(ru|kz|en)/[a-z0-9-]+-[0-9a-f]{6}$"
    listing_links = ".lenta__item-link::attr(href)"
    next_page = ".pagination__next::attr(href)"

    class Since2023(Template):
        valid_from = date(2023, 1, 1)

        def tags(self, page: Selector) -> list[str]:
            # Filled in by a script on the live site: only the attribute holds them.
            return list(json.loads(page.css("[data-tags]::attr(data-tags)").get() or "[]"))
