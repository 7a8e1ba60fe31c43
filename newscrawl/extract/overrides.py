"""A site's field overrides, read off one page: each field a CSS selector or a function of
the parsed page (a method of the site's template). What an override does not find is left
to structured data and generic extraction, and noted, so that a crawl can say how often a
site's declaration no longer matches its pages (newscrawl.extensions.drift)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from lxml import etree
from parsel import Selector, SelectorList

from newscrawl.extract.text import clean

logger = logging.getLogger(__name__)

# The fields a site may override, as the template names them.
FIELDS = (
    "title",
    "lead",
    "body",
    "published",
    "modified",
    "authors",
    "tags",
    "section",
    "image",
    "views",
)
Override = str | Callable[[Selector], Any]


def node_text(node: Selector) -> str:
    """An element's text, or the value of a text or attribute selector (`::attr(content)`)."""
    if isinstance(node.root, str):
        return clean(node.root)
    return clean(" ".join(node.xpath(".//text()[not(ancestor::script)]").getall()))


def _as_texts(answer: Any) -> list[str]:
    """A method's answer as texts: a string, a selector (its text), another value (a number
    of views), or several of these."""
    if answer is None:
        return []
    several = isinstance(answer, Iterable) and not isinstance(answer, str | bytes | Selector)
    items: Iterable[Any] = answer if several else [answer]
    texts = [node_text(item) if isinstance(item, Selector) else clean(str(item)) for item in items]
    return [text for text in texts if text]


def _as_roots(answer: Any) -> list[etree._Element]:
    if answer is None:
        return []
    items = [answer] if isinstance(answer, Selector) else list(answer)
    return [
        item.root for item in items if isinstance(item, Selector) and not isinstance(item.root, str)
    ]


class Declared:
    """What a site's overrides say on one page; `missed` lists those that found nothing."""

    def __init__(self, sel: Selector, overrides: Mapping[str, Override] | None) -> None:
        unknown = set(overrides or {}) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown field override {sorted(unknown)}: fields are {FIELDS}")
        self.sel = sel
        self.overrides = dict(overrides or {})
        self.missed: list[str] = []

    def _call(
        self, field: str, method: Callable[[Selector], Any], read: Callable[[Any], Any]
    ) -> Any:
        # A site's method that breaks on a page it does not expect (or answers with what
        # cannot be read) is a miss on that page, not a lost article: generic extraction
        # still answers, and the miss is counted.
        try:
            return read(method(self.sel))
        except Exception as error:  # any bug in a site's own method
            logger.warning("override %s failed: %s: %s", field, type(error).__name__, error)
            return read(None)

    def _found(self, field: str, found: list[Any]) -> list[Any]:
        if not found:
            self.missed.append(field)
        return found

    def texts(self, field: str) -> list[str]:
        override = self.overrides.get(field)
        if override is None:
            return []
        if isinstance(override, str):
            return self._found(field, [t for t in map(node_text, self.sel.css(override)) if t])
        return self._found(field, self._call(field, override, _as_texts))

    def roots(self) -> list[etree._Element]:
        """The elements holding the body: the first match of a selector, or what a method
        returns (several parts count)."""
        override = self.overrides.get("body")
        if override is None:
            return []
        if isinstance(override, str):
            found: SelectorList[Selector] = self.sel.css(override)
            return self._found("body", [found[0].root] if found else [])
        return self._found("body", self._call("body", override, _as_roots))

    def image(self) -> str | None:
        override = self.overrides.get("image")
        if override is None:
            return None
        if isinstance(override, str):
            src = self.sel.css(override).attrib.get("src")
        else:
            src = next(iter(self._call("image", override, _as_texts)), None)
        self._found("image", [src] if src else [])
        return src
