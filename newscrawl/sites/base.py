"""What newscrawl knows about one site, declared as a class (newscrawl/sites/<name>.py):
where its articles are listed, which URLs are articles, and, in dated template versions,
the fields its pages need overriding. Everything else comes from structured data and
generic extraction.

    class Example(Site):
        name = "example"                      # module, spider, registry and fixture name
        domain = "example.kz"
        editions = {"ru": "/", "kk": "/kz/"}  # language -> path prefix (or another host)
        feeds = ("{edition}rss",)
        article_path = r"^/(kz/)?news/\\d+"

        class Since2021(Template):
            valid_from = date(2021, 3, 1)     # the redesign of March 2021
            title = "h1.article-title"        # a field: a CSS selector ...

            def tags(self, page: Selector) -> list[str]:   # ... or a method of the page
                return json.loads(page.css("[data-tags]::attr(data-tags)").get() or "[]")
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, ClassVar, Self
from urllib.parse import urlsplit

from newscrawl.extract.overrides import FIELDS, Override
from newscrawl.extract.structured import web_host as host_of  # a site is known by its host


def class_name(site_name: str) -> str:
    """The Python class name of a site's name ("tengri_news" -> "TengriNews")."""
    return "".join(part.title() for part in site_name.split("_"))


class Template:
    """One version of a site's article template, valid for pages fetched from `valid_from`
    on: a redesign adds a version, so fixtures captured before it keep their own. Each
    field of newscrawl.extract.overrides.FIELDS may be a CSS selector (its elements' text)
    or a method taking the parsed page (a parsel Selector) and returning text, texts or
    elements; a field left out comes from structured data and generic extraction."""

    valid_from: ClassVar[date] = date.min

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = {n: v for n, v in vars(cls).items() if not n.startswith("_")}
        unknown = set(declared) - {*FIELDS, "valid_from"}
        if unknown:
            raise TypeError(f"{cls.__qualname__}: no field {sorted(unknown)}; fields: {FIELDS}")
        for name, value in declared.items():
            if name in FIELDS and not (isinstance(value, str) or callable(value)):
                raise TypeError(f"{cls.__qualname__}.{name}: a CSS selector or a method")

    def overrides(self) -> dict[str, Override]:
        found = {name: getattr(self, name, None) for name in FIELDS}
        return {name: value for name, value in found.items() if value is not None}


@dataclass(frozen=True)
class Thresholds:
    """What a crawl of the site must reach, checked at its end (newscrawl.drift): the share
    of its articles with each record field named, the share of pages on which an override
    found nothing where generic extraction found the field, and the share rejected."""

    coverage: Mapping[str, float] = field(
        default_factory=lambda: {"title": 0.95, "body": 0.9, "published_at": 0.9, "language": 0.9}
    )
    max_fallback: float = 0.2
    max_rejected: float = 0.2
    # Fewer articles than this say too little to judge a share.
    min_articles: int = 5


class Site:
    """A site's declaration: class attributes in a subclass (one per site module), or
    keyword arguments for a site made on the fly (the generic spider's)."""

    name: str = ""
    domain: str = ""
    # The main origin; "https://<domain>" unless declared.
    base_url: str = ""
    timezone: str = "UTC"
    # Language code -> path prefix of that edition ("kk": "/kz/"), or its own origin
    # ("kk": "https://kaz.example.kz/") when an edition lives on another host.
    editions: Mapping[str, str] = {"": "/"}
    # Discovery paths; "{edition}" stands for an edition's prefix ("/en/rss/news" from
    # "{edition}rss/news").
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    # Regular expression over the URL path that only article pages match.
    article_path: str = r".+"
    listing_links: str = "a::attr(href)"
    next_page: str | None = None
    thresholds: Thresholds = Thresholds()
    # False for a site whose spider is written by hand (discovery no declaration covers).
    generate_spider: bool = True
    # The template versions, oldest first (collected from the nested Template classes).
    templates: tuple[Template, ...] = ()
    # Mirror folder of the site's other hosts ("/kaz.example.kz") when `rebased` onto one.
    _host_folders: Mapping[str, str] = {}

    def __init__(self, **declared: Any) -> None:
        for key, value in declared.items():
            if not hasattr(type(self), key):
                raise TypeError(f"Site has no attribute {key!r}")
            setattr(self, key, value)
        self.domain = self.domain or host_of(self.base_url)
        self.base_url = self.base_url or f"https://{self.domain}"
        self._article_re = re.compile(self.article_path)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # A site's versions, with those of the site it extends (a nested class of the same
        # name replaces the inherited one).
        nested: dict[str, type[Template]] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, type) and issubclass(value, Template):
                    nested[name] = value
        dates = [t.valid_from for t in nested.values()]
        if len(set(dates)) != len(dates):
            raise TypeError(f"{cls.__qualname__}: two template versions valid from one date")
        cls.templates = tuple(t() for t in sorted(nested.values(), key=lambda t: t.valid_from))

    def __repr__(self) -> str:
        return f"<Site {self.name or self.domain} {self.base_url}>"

    # -- which version, which edition, which host ------------------------------------------

    def template_for(self, fetched: date) -> Template | None:
        """The template version valid for a page fetched on `fetched`."""
        valid = [t for t in self.templates if t.valid_from <= fetched]
        return valid[-1] if valid else (self.templates[0] if self.templates else None)

    def hosts(self) -> set[str]:
        """Every host the site's pages are on (without "www.")."""
        others = {host_of(p) for p in self.editions.values() if "://" in p}
        return {self.domain, host_of(self.base_url), *others}

    def _local(self, url: str) -> tuple[str, str]:
        """(origin key, path) of `url`: the edition host it belongs to ("" for the main
        one), reading a mirror's host folders as those hosts."""
        parts = urlsplit(url)
        host = host_of(url)
        if not self._is_main(host) and host in self.hosts():
            return host, parts.path
        for other, folder in self._host_folders.items():
            if parts.path == folder or parts.path.startswith(folder + "/"):
                return other, parts.path.removeprefix(folder) or "/"
        return "", parts.path

    def is_article_url(self, url: str) -> bool:
        return bool(self._article_re.search(self._local(url)[1]))

    def edition_of(self, url: str) -> str | None:
        """The language of the edition `url` belongs to (longest prefix wins)."""
        host, path = self._local(url)
        matches = []
        for lang, prefix in self.editions.items():
            edition_host, edition_path = self._split(prefix)
            if edition_host == host and path.startswith(edition_path):
                matches.append((len(edition_path), lang))
        return max(matches)[1] or None if matches else None

    def _split(self, prefix: str) -> tuple[str, str]:
        if "://" not in prefix:
            return "", prefix
        host = host_of(prefix)
        return ("" if self._is_main(host) else host), urlsplit(prefix).path or "/"

    def _is_main(self, host: str) -> bool:
        return host in (self.domain, host_of(self.base_url))

    def discovery_paths(self, templates: tuple[str, ...], languages: set[str]) -> list[str]:
        """Discovery URLs (paths on the main host, or absolute URLs of other hosts)."""
        paths = []
        for template in templates:
            if "{edition}" not in template:
                paths.append(template)
                continue
            for lang, prefix in self.editions.items():
                if not languages or lang in languages:
                    paths.append(template.format(edition=self.edition_root(prefix)))
        return list(dict.fromkeys(paths))

    def edition_root(self, prefix: str) -> str:
        """Where an edition starts: a path on the main host, or the edition's own origin as
        declared (its folder, in a mirror)."""
        host, path = self._split(prefix)
        if not host:
            return path
        folder = self._host_folders.get(host)
        if folder:
            return f"{self.base_url}{folder}{path}"
        parts = urlsplit(prefix)
        return f"{parts.scheme}://{parts.netloc}{path}"

    def rebased(self, base_url: str) -> Self:
        """The site served from `base_url` (a mirror): its main host at the root and every
        other host under a folder of its name, as `wget --mirror --span-hosts` lays out."""
        site = copy.copy(self)
        site.base_url = base_url.rstrip("/")
        others = sorted(self.hosts() - {self.domain, host_of(self.base_url)})
        site._host_folders = {host: f"/{host}" for host in others}
        return site
