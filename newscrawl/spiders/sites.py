"""A spider for every declared site (newscrawl.sites) that does not bring its own: Scrapy's
spider loader finds them here under the site's name (`scrapy crawl bnews`)."""

from __future__ import annotations

from newscrawl.sites import SITES, Site
from newscrawl.sites.base import class_name
from newscrawl.spiders.base import NewsSpider


def spider_for(site: Site) -> type[NewsSpider]:
    """The spider of a declared site: NewsSpider's discovery over the site's declaration."""
    doc = (type(site).__doc__ or site.domain).strip().splitlines()[0]
    attributes = {
        "name": site.name,
        "site": site,
        "__module__": __name__,
        "__doc__": f"{doc}\n\n    scrapy crawl {site.name} -a languages=... -a since=YYYY-MM-DD",
    }
    return type(f"{class_name(site.name)}Spider", (NewsSpider,), attributes)


SPIDERS = {name: spider_for(site) for name, site in SITES.items() if site.generate_spider}
globals().update({spider.__name__: spider for spider in SPIDERS.values()})
