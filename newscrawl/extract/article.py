"""What an article page says: each field from the site's own template first, then the page's
structured data (JSON-LD, microdata, OpenGraph/meta), then the visible page."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from lxml import etree
from parsel import Selector

from newscrawl.extract.blocks import (
    BLOCK_TAGS,
    SKIP_TAGS,
    Block,
    blocks_from,
    in_furniture,
    run_together,
)
from newscrawl.extract.body import choose_blocks, page_blocks
from newscrawl.extract.draft import ArticleDraft
from newscrawl.extract.overrides import Declared, Override
from newscrawl.extract.structured import (
    Structured,
    ld_list,
    ld_names,
    ld_text,
    link_url,
    structured_data,
    web_host,
)
from newscrawl.extract.text import clean, split_authors, split_names
from newscrawl.extract.title import description, site_names, title_of
from newscrawl.extract.wordlists import alternation


def _first(*values: str | None) -> str | None:
    for value in values:
        if value:
            return value
    return None


def _body_roots(sel: Selector, declared_roots: list[etree._Element]) -> list[etree._Element]:
    """The elements the site says hold the body. A declared articleBody may come in parts
    (an advert or a paywall break between them): every outermost part counts."""
    if declared_roots:
        return declared_roots
    declared = [part.root for part in sel.css("[itemprop=articleBody]")]
    return [el for el in declared if not any(a in declared for a in el.iterancestors())]


def _image(src: str | None, data: Structured, url: str) -> str | None:
    found = (src, ld_text(data.article.get("image")), data.first_meta("og:image"))
    return _first(*(link_url(url, candidate) for candidate in found))


_DATE_LIKE = re.compile(
    r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2}|\b\d{1,2}\s+\w{3,}\.?,?\s+\d{4}"
)
# Elements named like a date, and the byline and dateline, where news templates print the
# date beside the author ("5 марта 2024, 18:20 | Автор: Ольга Ли").
_DATE_NODES = (
    "//time | //*[@itemprop='datePublished'] | //*[contains(@class, 'date') or "
    "contains(@class, 'time') or contains(@class, 'publish') or contains(@id, 'date') or "
    "contains(@class, 'byline')]"
)
# Between the date and the rest of such a line.
_SEPARATOR = re.compile(r"\s+[|·•]\s+")


def _visible_date(sel: Selector) -> str | None:
    """The first short date-like text in an element named like a date (or a <time>), or
    the date-like part of a line that says more (a byline)."""
    for node in sel.xpath(_DATE_NODES)[:30]:
        if in_furniture(node.root):
            continue
        text = clean(" ".join(node.xpath(".//text()").getall()))
        found = _date_part(text) if len(text) <= 2 * _MAX_DATE_CHARS else ""
        if 6 <= len(found) <= _MAX_DATE_CHARS:
            return found
    return None


def _date_part(text: str) -> str:
    """The date-like parts of a line, from the first one on while they last: "12.03.2024 |
    14:35" is the date and its time, "5 марта 2024, 18:20 | Автор: Ольга Ли" the date."""
    found: list[str] = []
    for part in _SEPARATOR.split(text):
        if _DATE_LIKE.search(part):
            found.append(part)
        elif found:
            break
    return " ".join(found)


_MAX_DATE_CHARS = 60


def _published(sel: Selector, templated: list[str], data: Structured) -> str | None:
    return _first(
        *templated[:1],
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


def _modified(templated: list[str], data: Structured) -> str | None:
    return _first(
        *templated[:1],
        ld_text(data.article.get("dateModified")),
        data.first_meta("article:modified_time", "og:updated_time", "dcterms.modified"),
    )


# A visible byline label (data/words/byline_label.txt); the name follows it, in its block or
# in the next one.
_BYLINE_LABEL = re.compile(
    r"(?:^|\s)(?:" + alternation("byline_label") + r")\s*:\s*(.*)$", re.IGNORECASE
)
_BYLINE_NODES = (
    "//text()[contains(., ':')][string-length(normalize-space()) < 80]"
    "[not(ancestor::script or ancestor::style)]"
)
_MAX_NAME_CHARS = 60
_MAX_NAME_WORDS = 5
_MAX_BYLINE_NAMES = 6


def _block_of(el: etree._Element | None) -> etree._Element | None:
    while el is not None and not (isinstance(el.tag, str) and el.tag.lower() in BLOCK_TAGS):
        el = el.getparent()
    return el


def _flow_text(block: etree._Element) -> str:
    """A block's own running text, without the blocks nested in it (the list of the
    author's other stories under an "Author:" line)."""
    parts = [block.text or ""]
    for child in block:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag and tag not in BLOCK_TAGS and tag not in SKIP_TAGS:
            parts.append(run_together(child))
        parts.append(" " if tag in BLOCK_TAGS else "")
        parts.append(child.tail or "")
    return clean("".join(parts))


def _byline_after_label(text: str) -> str | None:
    """What follows a byline label: None without a label or when it is no list of names
    (a sentence that happens to start with "Author:")."""
    found = _BYLINE_LABEL.search(text)
    if not found:
        return None
    names = split_authors(found.group(1))
    too_long = any(len(n) > _MAX_NAME_CHARS or len(n.split()) > _MAX_NAME_WORDS for n in names)
    return found.group(1) if names and len(names) <= _MAX_BYLINE_NAMES and not too_long else None


def _stands_alone(text: str) -> bool:
    found = _BYLINE_LABEL.search(text)
    return bool(found and not found.group(1))


def _visible_byline(sel: Selector) -> list[str]:
    """The byline after a visible "Author:" / "Автор:" label outside the page furniture
    (comments have authors too): in the label's own block, or in the next block when the
    label stands alone."""
    for node in sel.root.xpath(_BYLINE_NODES)[:40]:
        if not _BYLINE_LABEL.match(clean(node)):  # a text that opens with the label
            continue
        block = _block_of(node.getparent())
        if block is None or in_furniture(block):
            continue
        own = _flow_text(block)
        after = block.getnext()
        if _stands_alone(own) and after is not None:
            own = f"{own} {_flow_text(after)}"
        byline = _byline_after_label(own)
        if byline:
            return [byline]
    return []


def _bylines(
    sel: Selector, templated: list[str], data: Structured, site: frozenset[str]
) -> Iterator[list[str]]:
    """The people each source names, most trusted first (read only as far as needed). A
    JSON-LD name is a name as it stands: no byline label to strip from it."""
    yield [name for text in templated for name in split_authors(text, site)]
    declared = ld_names(data.article.get("author"))
    yield [name for text in declared for name in split_names(text, site)]
    meta = [*data.meta.get("author", []), *data.meta.get("article:author", [])]
    yield [name for text in meta for name in split_authors(text, site)]
    yield [name for text in _visible_byline(sel) for name in split_authors(text, site)]


def _authors(
    sel: Selector, templated: list[str], data: Structured, site: frozenset[str]
) -> list[str]:
    """The people the first source that names any gives. A CMS that puts its own name (or
    domain) where no author was entered has named nobody, and the visible "Author:" block,
    if any, names the author."""
    for people in _bylines(sel, templated, data, site):
        if people:
            return list(dict.fromkeys(people))
    return []


_MAX_TAG_CHARS = 60


def _same_site(href: str, url: str) -> bool:
    target = web_host(link_url(url, href) or "")
    return bool(href) and not href.startswith("#") and target == web_host(url)


# A '#' tag starts with a letter: "#919" is an issue number, "#1" a rank.
_HASH_TAG = re.compile(r"^#\s*(?=[^\W\d_])")


def _hash_tags(sel: Selector, url: str) -> list[str]:
    """Tags shown as links whose text starts with '#' ("#Kazakhstan" -> /tag/kazakhstan),
    linking within the site and outside page furniture (a hashtag of a social network is no
    tag of the article)."""
    tags = []
    for link in sel.xpath("//a[starts-with(normalize-space(), '#')]")[:50]:
        text = clean(" ".join(link.xpath(".//text()").getall()))
        if (
            _HASH_TAG.match(text)
            and len(text) <= _MAX_TAG_CHARS
            and _same_site(link.attrib.get("href", ""), url)
            and not in_furniture(link.root)
        ):
            tags.append(_HASH_TAG.sub("", text))
    return tags


def _tags(sel: Selector, templated: list[str], data: Structured, url: str) -> list[str]:
    """The template's tags; else the declared ones (JSON-LD keywords, article:tag); else
    the '#' tags the page shows; else the keywords meta, often written for search engines."""
    tags = templated or ld_list(data.article.get("keywords"))
    tags = tags or data.meta.get("article:tag", []) or _hash_tags(sel, url)
    if not tags:
        tags = ld_list(data.first_meta("news_keywords", "keywords"))
    return list(dict.fromkeys(t for t in (tag.lstrip("#").strip() for tag in tags) if t))


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
    overrides: Mapping[str, Override] | None = None,
    language_hint: str | None = None,
) -> ArticleDraft:
    """Every field the page states, as raw strings, the body as text blocks; a field the
    site overrides (a selector or a method) from its override when that finds anything."""
    declared = Declared(sel, overrides)
    data = structured_data(sel, url)
    names = site_names(data, url, site)
    title = title_of(sel, declared.texts("title")[:1], data, names)
    blocks, candidates = _body(sel, declared, data, title)
    draft = ArticleDraft(
        url=url,
        site=site,
        timezone=timezone,
        fetched_at=fetched_at,
        language_hint=language_hint or data.html_lang,
        declares_article=data.declares_article,
        canonical_url=_canonical(data, url),
        title=title,
        lead=_first(*declared.texts("lead")[:1], description(data)),
        blocks=blocks,
        candidates=candidates,
        authors=_authors(sel, declared.texts("authors"), data, names),
        published_raw=_published(sel, declared.texts("published"), data),
        modified_raw=_modified(declared.texts("modified"), data),
        section=_section(declared.texts("section"), data),
        tags=_tags(sel, declared.texts("tags"), data, url),
        image_url=_image(declared.image(), data, url),
        views_raw=_first(*declared.texts("views")[:1]),
        alternates=data.alternates,
    )
    draft.overrides_missed = declared.missed
    return draft


def _canonical(data: Structured, url: str) -> str | None:
    found = (data.canonical_url, data.first_meta("og:url"), ld_text(data.article.get("url")))
    return _first(*(link_url(url, candidate) for candidate in found))


def _section(templated: list[str], data: Structured) -> str | None:
    """The template's last breadcrumb; else the declared section."""
    return _first(
        *templated[-1:],
        ld_text(data.article.get("articleSection")),
        data.first_meta("article:section"),
    )


def _body(
    sel: Selector, declared: Declared, data: Structured, title: str | None
) -> tuple[list[Block], list[Block]]:
    """The body's blocks, and every block of the page when it was found generically (what
    the consensus of extractors votes on)."""
    roots = _body_roots(sel, declared.roots())
    candidates: list[Block] = []
    if roots:
        blocks = [block for root in roots for block in blocks_from(root)]
    else:
        body = sel.root.find("body")
        candidates = page_blocks(body if body is not None else sel.root)
        blocks = choose_blocks(candidates, title)
    if not blocks and data.article.get("articleBody"):
        # The declared text is the body: not one of the page's blocks to vote on.
        declared_text = str(data.article["articleBody"]).split("\n")
        return [Block(p, "p") for p in declared_text if p.strip()], []
    return blocks, candidates
