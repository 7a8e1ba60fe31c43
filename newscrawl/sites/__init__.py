"""The registry of sites newscrawl has a profile for. Adding a site: a module with a `SITE`
profile here, a line in SITES, and a ten-line spider in newscrawl/spiders/."""

from urllib.parse import urlsplit

from newscrawl.sites import bnews
from newscrawl.sites.base import Site

SITES: dict[str, Site] = {site.name: site for site in (bnews.SITE,)}


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").removeprefix("www.")


def site_for_url(url: str) -> Site | None:
    host = host_of(url)
    return next((s for s in SITES.values() if host_of(s.base_url) == host), None)


__all__ = ["SITES", "Site", "host_of", "site_for_url"]
