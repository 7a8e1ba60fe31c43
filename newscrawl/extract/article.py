"""What an article page says: each field from the site's own template first, then the page's
structured data (JSON-LD, microdata, OpenGraph/meta), then the visible page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from newscrawl.extract.blocks import Block, blocks_from, is_furniture
from newscrawl.extract.body import choose_blocks, page_blocks
from newscrawl.extract.draft import ArticleDraft
from newscrawl.extract.structured import Structured, ld_list, ld_text, structured_data
from newscrawl.extract.text import clean, split_authors


@dataclass(frozen=True)
class Selectors:
    """CSS selectors of one site's article template; a field left None falls back to the
    page's structured data and then to generic extraction."""

    title: str | None = None
    lead: str | None = None
    body: str | None = None
    published: str | None = None
    modified: str | None = None
    authors: str | None = None
    tags: str | None = None
    section: str | None = None
    image: str | None = None
    views: str | None = None


def _texts(sel: Selector, css: str | None) -> list[str]:
    if not css:
        return []
    out = []
    for node in sel.css(css):
        text = clean(" ".join(node.xpath(".//text()[not(ancestor::script)]").getall()))
        if text:
            out.append(text)
    return out


def _first(*values: str | None) -> str | None:
    for value in values:
        if value:
            return value
    return None


def _body_roots(sel: Selector, css: str | None) -> list[etree._Element]:
    """The elements the site says hold the body. A declared articleBody may come in parts
    (an advert or a paywall break between them): every outermost part counts."""
    if css:
        found = sel.css(css)
        if found:
            return [found[0].root]
    declared = [part.root for part in sel.css("[itemprop=articleBody]")]
    return [el for el in declared if not any(a in declared for a in el.iterancestors())]


def _in_page_furniture(el: etree._Element) -> bool:
    """Inside the site's header, footer, navigation, sidebar or comments."""
    return any(
        isinstance(node.tag, str) and is_furniture(node, node.tag.lower())
        for node in (el, *el.iterancestors())
    )


_TITLE_SEPARATORS = re.compile(r"\s+[|—–\-:»/]\s+")


def _without_site_name(title: str | None, sel: Selector, data: Structured) -> str | None:
    """og:title and <title> often carry the site's name ("Site | Headline", "Headline - Site"):
    the page's own <h1>, when the title contains it, is the headline; else a part that is not
    the site name."""
    if not title or not _TITLE_SEPARATORS.search(title):
        return title
    for h1 in sel.css("h1"):
        text = clean(" ".join(h1.css("::text").getall()))
        if len(text) >= 10 and text in title:
            return text
    site = (data.first_meta("og:site_name") or "").casefold()
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if site:
        parts = [p for p in parts if p.casefold() not in site and site not in p.casefold()]
    return max(parts, key=len) if parts and site else title


def _generic_title(sel: Selector) -> str | None:
    h1 = clean(" ".join(sel.css("article h1 ::text, main h1 ::text").getall())) or clean(
        " ".join(sel.css("h1 ::text").getall())
    )
    return h1 or clean(sel.css("title::text").get()) or None


def _image(sel: Selector, css: str | None, data: Structured, url: str) -> str | None:
    src = sel.css(css).attrib.get("src") if css else None
    found = _first(src, ld_text(data.article.get("image")), data.first_meta("og:image"))
    return urljoin(url, found) if found else None


_DATE_LIKE = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2}|\b\d{1,2}\s+\w{3,}\.?,?\s+\d{4}"
)
_DATE_NODES = (
    "//time | //*[@itemprop='datePublished'] | //*[contains(@class, 'date') or "
    "contains(@class, 'time') or contains(@class, 'publish') or contains(@id, 'date')]"
)


def _visible_date(sel: Selector) -> str | None:
    """The first short date-like text in an element named like a date (or a <time>)."""
    for node in sel.xpath(_DATE_NODES)[:30]:
        if _in_page_furniture(node.root):
            continue
        text = clean(" ".join(node.xpath(".//text()").getall()))
        if 6 <= len(text) <= 60 and _DATE_LIKE.search(text):
            return text
    return None


def _published(sel: Selector, css: str | None, data: Structured) -> str | None:
    return _first(
        *_texts(sel, css)[:1],
        ld_text(data.article.get("datePublished")),
        data.first_meta(
            "article:published_time",
            "og:published_time",
            "pubdate",
            "publishdate",
            "date",
            "dc.date",
            "dcterms.created",
            "datepublished",
        ),
    ) or (
        # Searching the visible page costs more than the rest: only when nothing states it.
        sel.css("article time::attr(datetime), time[itemprop]::attr(datetime)").get()
        or _visible_date(sel)
    )


def _modified(sel: Selector, css: str | None, data: Structured) -> str | None:
    return _first(
        *_texts(sel, css)[:1],
        ld_text(data.article.get("dateModified")),
        data.first_meta("article:modified_time", "og:updated_time", "dcterms.modified"),
    )


def _authors(sel: Selector, css: str | None, data: Structured) -> list[str]:
    names: list[str] = []
    for text in _texts(sel, css):
        names.extend(split_authors(text))
    if not names:
        names = ld_list(data.article.get("author"))
    if not names:
        meta = data.first_meta("author", "article:author")
        names = split_authors(meta) if meta and "://" not in meta else []
    return list(dict.fromkeys(names))


def _tags(sel: Selector, css: str | None, data: Structured) -> list[str]:
    tags = _texts(sel, css) or ld_list(data.article.get("keywords"))
    if not tags:
        tags = data.meta.get("article:tag", [])
    if not tags:
        tags = ld_list(data.first_meta("news_keywords", "keywords"))
    return list(dict.fromkeys(t for t in tags if t))


# An article has running text: this much of it outside links, in this many paragraphs.
_MIN_ARTICLE_CHARS = 400
_MIN_ARTICLE_PARAGRAPHS = 2
_MAX_ARTICLE_LINK_DENSITY = 0.35


def looks_like_article(draft: ArticleDraft) -> bool:
    """Whether a page reports a story (rather than listing stories), from what it states
    (og:type, JSON-LD type) or, failing that, from the shape of its text: dated running prose
    (an "about us" page is prose too, but undated)."""
    if draft.declares_article:
        return True
    text = sum(len(b.text) for b in draft.blocks)
    if not text or not draft.published_raw:
        return False
    linked = sum(b.link_chars for b in draft.blocks)
    prose = [b for b in draft.blocks if b.link_density < 0.5 and len(b.text) >= 80]
    return (
        text - linked >= _MIN_ARTICLE_CHARS
        and len(prose) >= _MIN_ARTICLE_PARAGRAPHS
        and linked / text <= _MAX_ARTICLE_LINK_DENSITY
    )


def extract_draft(
    sel: Selector,
    url: str,
    *,
    site: str,
    timezone: str,
    fetched_at: str,
    selectors: Selectors | None = None,
    language_hint: str | None = None,
) -> ArticleDraft:
    """Every field the page states, as raw strings, with the body as text blocks."""
    css = selectors or Selectors()
    data = structured_data(sel, url)
    title = _first(*_texts(sel, css.title)[:1], ld_text(data.article.get("headline"))) or (
        _without_site_name(
            data.first_meta("og:title", "twitter:title") or _generic_title(sel), sel, data
        )
    )
    roots = _body_roots(sel, css.body)
    candidates: list[Block] = []
    if roots:
        blocks = [block for root in roots for block in blocks_from(root)]
    else:
        body = sel.root.find("body")
        candidates = page_blocks(body if body is not None else sel.root)
        blocks = choose_blocks(candidates, title)
    if not blocks and data.article.get("articleBody"):
        blocks = [Block(p, "p") for p in str(data.article["articleBody"]).split("\n") if p.strip()]
    canonical = _first(
        data.canonical_url, data.first_meta("og:url"), ld_text(data.article.get("url"))
    )
    return ArticleDraft(
        url=url,
        site=site,
        timezone=timezone,
        fetched_at=fetched_at,
        language_hint=language_hint or data.html_lang,
        declares_article=data.declares_article,
        canonical_url=urljoin(url, canonical) if canonical else None,
        title=title,
        lead=_first(
            *_texts(sel, css.lead)[:1],
            ld_text(data.article.get("description")),
            data.first_meta("og:description", "description"),
        ),
        blocks=blocks,
        candidates=candidates,
        authors=_authors(sel, css.authors, data),
        published_raw=_published(sel, css.published, data),
        modified_raw=_modified(sel, css.modified, data),
        section=_first(
            *_texts(sel, css.section)[-1:],
            ld_text(data.article.get("articleSection")),
            data.first_meta("article:section"),
        ),
        tags=_tags(sel, css.tags, data),
        image_url=_image(sel, css.image, data, url),
        views_raw=_first(*_texts(sel, css.views)[:1]),
        alternates=data.alternates,
    )
