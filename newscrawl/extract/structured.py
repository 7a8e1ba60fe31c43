"""Structured data a page declares about itself: JSON-LD, microdata, OpenGraph/meta, links."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from extruct.jsonld import JsonLdExtractor
from extruct.w3cmicrodata import MicrodataExtractor
from parsel import Selector

from newscrawl.extract.text import clean

ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
        "ScholarlyArticle",
    }
)
# hreflang values seen in the wild for Kazakh and Ukrainian that are not ISO 639-1.
_LANG_ALIASES = {"kz": "kk", "ua": "uk"}

_jsonld = JsonLdExtractor()
_microdata = MicrodataExtractor()


@dataclass
class Structured:
    article: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, list[str]] = field(default_factory=dict)
    canonical_url: str | None = None
    alternates: dict[str, str] = field(default_factory=dict)
    html_lang: str | None = None

    def first_meta(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, ()):
                if value:
                    return value
        return None

    @property
    def declares_article(self) -> bool:
        og_type = (self.first_meta("og:type") or "").lower()
        return bool(self.article) or og_type == "article"


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type") or obj.get("type") or ()
    kinds = [kind] if isinstance(kind, str) else list(kind)
    return {str(k).rsplit("/", 1)[-1] for k in kinds}


def _walk_objects(data: Any) -> Any:
    if isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "itemListElement"):
            yield from _walk_objects(data.get(key))
    elif isinstance(data, list):
        for item in data:
            yield from _walk_objects(item)


def _find_article(objects: list[Any]) -> dict[str, Any]:
    for obj in _walk_objects(objects):
        if _types(obj) & ARTICLE_TYPES:
            return obj
    return {}


def _microdata_article(sel: Selector, url: str) -> dict[str, Any]:
    if not sel.xpath("//*[@itemscope][@itemtype]"):
        return {}
    try:
        items = _microdata.extract_items(sel.root, url)
    except Exception:  # extruct raises on odd markup; structured data is only a hint
        return {}
    for item in items:
        if _types(item) & ARTICLE_TYPES:
            props = dict(item.get("properties", {}))
            props["@type"] = item.get("type")
            return props
    return {}


def _jsonld_objects(sel: Selector) -> list[Any]:
    objects: list[Any] = []
    for script in sel.root.xpath('//script[@type="application/ld+json"]'):
        # A broken block must not hide the good ones beside it (nor one nested past
        # Python's recursion limit, which only an attack writes).
        with contextlib.suppress(ValueError, TypeError, RecursionError):
            objects.extend(_jsonld.extract_items(script))
    return objects


def _meta(sel: Selector) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for node in sel.xpath("//meta[@content]"):
        key = node.attrib.get("property") or node.attrib.get("name") or node.attrib.get("itemprop")
        if key:
            meta.setdefault(key.strip().lower(), []).append(clean(node.attrib["content"]))
    return meta


def normalise_language(code: str | None) -> str | None:
    if not code:
        return None
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return _LANG_ALIASES.get(base, base) or None


def link_url(base: str, href: str | None) -> str | None:
    """`href` made absolute against `base` when it is a web address a reader can open
    (http or https, with a host); None for a `data:` placeholder, a `javascript:` or
    `mailto:` link, or one too malformed to parse ("http://[::1"), so that a bad link costs
    its own field and never the article."""
    if not href or not href.strip():
        return None
    try:
        joined = urljoin(base, href.strip())
        parts = urlsplit(joined)
        parts.port  # noqa: B018 - parsing the port is what raises on "host:abc"
    except ValueError:
        return None
    return joined if parts.scheme in ("http", "https") and parts.hostname else None


def web_host(url: str) -> str:
    """The host of `url` without "www.", or "" when it has none or cannot be parsed."""
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def _alternates(sel: Selector, url: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for link in sel.xpath('//link[@rel="alternate"][@hreflang][@href]'):
        lang = normalise_language(link.attrib["hreflang"])
        address = link_url(url, link.attrib["href"])
        if lang and lang != "x" and address:  # x-default is not a language
            found.setdefault(lang, address)
    return found


def structured_data(sel: Selector, url: str) -> Structured:
    canonical = sel.xpath('//link[@rel="canonical"]/@href').get()
    return Structured(
        article=_find_article(_jsonld_objects(sel)) or _microdata_article(sel, url),
        meta=_meta(sel),
        canonical_url=link_url(url, canonical),
        alternates=_alternates(sel, url),
        html_lang=normalise_language(sel.xpath("/html/@lang").get()),
    )


def ld_text(value: Any) -> str | None:
    """A JSON-LD value as one string: names of objects, first of lists."""
    if isinstance(value, list):
        for item in value:
            text = ld_text(item)
            if text:
                return text
        return None
    if isinstance(value, dict):
        return ld_text(value.get("name") or value.get("url") or value.get("@id"))
    if value is None:
        return None
    return clean(str(value)) or None


def ld_list(value: Any) -> list[str]:
    """A JSON-LD value as a list of strings (authors, keywords)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [clean(v) for v in value.split(",") if clean(v)]
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(ld_list(item))
        return out
    text = ld_text(value)
    return [text] if text else []


def ld_name(value: Any) -> str | None:
    """The name a JSON-LD object (or the first of a list) gives itself, never its `url` or
    `@id`: a link is no name."""
    if isinstance(value, list):
        return next((name for name in map(ld_name, value) if name), None)
    if isinstance(value, dict):
        name = value.get("name")
        if not name:
            name = " ".join(str(value.get(k) or "") for k in ("givenName", "familyName"))
        return ld_name(name)
    if isinstance(value, str):
        return clean(value) or None
    return None


def ld_names(value: Any) -> list[str]:
    """The names a JSON-LD author value gives, each as written (a list of names in one
    string stays one): Person or Organization objects by their `name`."""
    if isinstance(value, list):
        return [name for item in value for name in ld_names(item)]
    name = ld_name(value)
    return [name] if name else []
