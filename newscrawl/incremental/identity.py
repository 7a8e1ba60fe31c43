"""One key per story, whichever of its URLs reached it.

`newscrawl.urls.url_key` already folds tracking parameters, fragments, `www.` and trailing
slashes. News sites also publish each story as an AMP page, on a mobile host and as a print
view; `story_key` folds those too, so that the seen-store recognises an edited story under any
of its spellings and a crawl never exports one story twice.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy.http import Response

from newscrawl.crawl.keys import LASTMOD
from newscrawl.items import ArticleItem
from newscrawl.urls import url_key

# Host labels that only select a rendering of the same site.
_RENDERING_HOSTS = ("m.", "mobile.", "amp.", "print.")
# Path segments that only select a rendering: /amp/news/x, /news/x/amp, /print/news/x.
_RENDERING_SEGMENTS = frozenset({"amp", "print", "printable", "mobile"})
# Query parameters that only select a rendering (?amp, ?amp=1, ?print=1, ?outputType=amp).
_RENDERING_PARAMS = frozenset({"amp", "print", "printable", "outputtype", "output", "view", "m"})
_RENDERING_VALUES = frozenset({"", "1", "true", "yes", "amp", "print", "printable", "mobile"})


def _fold_host(host: str) -> str:
    for prefix in _RENDERING_HOSTS:
        # m.ru is a site, m.example.ru a rendering of example.ru.
        if host.startswith(prefix) and host.count(".") >= 2:
            return host.removeprefix(prefix)
    return host


def _fold_path(path: str) -> str:
    segments = path.split("/")
    kept = [s for s in segments if s.lower() not in _RENDERING_SEGMENTS]
    if kept and kept[-1]:
        last = kept[-1]
        for suffix in (".amp.html", ".amp.htm", ".print.html"):
            if last.lower().endswith(suffix):
                kept[-1] = last[: -len(suffix)] + ".html"
        if last.lower().endswith(".amp"):
            kept[-1] = last[: -len(".amp")]
    return "/".join(kept) or "/"


def _fold_query(query: str) -> str:
    pairs = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if not (name.lower() in _RENDERING_PARAMS and value.lower() in _RENDERING_VALUES)
    ]
    return urlencode(pairs)


# A crawl asks for the key of one URL several times (discovery, fetch, export).
@lru_cache(maxsize=1 << 16)
def story_key(url: str) -> str:
    """The key of the story `url` shows: the same for its AMP page, its mobile-host and print
    spellings, with or without tracking parameters."""
    parts = urlsplit(url.strip())
    host = _fold_host((parts.hostname or "").lower().removeprefix("www."))
    netloc = f"{host}:{parts.port}" if parts.port else host
    folded = urlunsplit(
        (parts.scheme, netloc, _fold_path(parts.path), _fold_query(parts.query), "")
    )
    return url_key(folded)


def item_keys(item: ArticleItem) -> list[str]:
    """The story keys an exported article is known by; the first is its record's key."""
    keys = [story_key(item.url)]
    if item.canonical_url:
        canonical = urlsplit(story_key(item.canonical_url))
        # A canonical pointing at the home page is a template bug, not the story's address.
        if canonical.path.strip("/") or canonical.query:
            keys.insert(0, canonical.geturl())
    return keys


def response_keys(response: Response) -> list[str]:
    urls = [response.url, *response.meta.get("redirect_urls", ())]
    if response.request is not None:
        urls.append(response.request.url)
    return [story_key(url) for url in urls]


def http_validators(response: Response | None) -> dict[str, str | None]:
    """What the next run sends back to ask "changed since?": the discovery date the request
    carried and the response's HTTP validators."""
    if response is None:
        return {"lastmod": None, "etag": None, "last_modified": None}
    return {
        "lastmod": response.meta.get(LASTMOD),
        "etag": _header(response, "ETag"),
        "last_modified": _header(response, "Last-Modified"),
    }


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
