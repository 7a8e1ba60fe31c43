"""What newscrawl knows about one site: where its articles are listed and how its template
names each field. A site module is this data plus, at most, a few small overrides."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from newscrawl.extract.article import Selectors


@dataclass(frozen=True)
class Site:
    name: str
    base_url: str
    timezone: str
    # language code -> path prefix of that edition ("kk": "/kz/")
    editions: Mapping[str, str] = field(default_factory=lambda: {"": "/"})
    # Discovery paths; "{edition}" stands for an edition's prefix ("/en/rss/news" from
    # "{edition}rss/news").
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    # Regular expression over the URL path that only article pages match.
    article_path: str = r".+"
    listing_links: str = "a::attr(href)"
    next_page: str | None = None
    selectors: Selectors = field(default_factory=Selectors)

    @cached_property
    def _article_re(self) -> re.Pattern[str]:
        return re.compile(self.article_path)

    def is_article_url(self, url: str) -> bool:
        return bool(self._article_re.search(urlsplit(url).path))

    def edition_of(self, url: str) -> str | None:
        """The language of the edition `url` belongs to (longest prefix wins)."""
        path = urlsplit(url).path
        matches = [(len(p), lang) for lang, p in self.editions.items() if path.startswith(p)]
        return max(matches)[1] or None if matches else None

    def discovery_paths(self, templates: tuple[str, ...], languages: set[str]) -> list[str]:
        paths = []
        for template in templates:
            if "{edition}" not in template:
                paths.append(template)
                continue
            for lang, prefix in self.editions.items():
                if not languages or lang in languages:
                    paths.append(template.format(edition=prefix))
        return list(dict.fromkeys(paths))
