"""What an article page says: each field from the site's own template first, then the page's
structured data (JSON-LD, microdata, OpenGraph/meta), then the visible page."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from urllib.parse import urljoin, urlsplit

from lxml import etree
from parsel import Selector

from newscrawl.extract.blocks import (
    BLOCK_TAGS,
    SKIP_TAGS,
    Block,
    blocks_from,
    in_furniture,
)
from newscrawl.extract.body import choose_blocks, page_blocks
from newscrawl.extract.draft import ArticleDraft
from newscrawl.extract.overrides import Declared, Override
from newscrawl.extract.structured import (
    Structured,
    ld_list,
    ld_name,
    ld_names,
    ld_text,
    structured_data,
)
from newscrawl.extract.text import clean, name_key, split_authors, split_names
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


# Host labels that name no site: "www.bbc.co.uk" is "bbc".
_GENERIC_HOST_LABELS = frozenset("www m amp mobile co com org net gov ac edu".split())


def _site_names(data: Structured, url: str, site: str) -> frozenset[str]:
    """Name keys of the site and its publisher: og:site_name, application-name, the JSON-LD
    publisher, the profile's name and the host, each also without its domain ending
    ("BNews.kz" -> "bnews"), so that a byline or a title part naming them can be told."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    names = [
        data.first_meta("og:site_name"),
        data.first_meta("application-name"),
        ld_name(data.article.get("publisher")),
        site,
        host,
        *(label for label in host.split(".")[:-1] if label not in _GENERIC_HOST_LABELS),
    ]
    keys = {name_key(name) for name in names if name}
    keys |= {name_key(name.split(".")[0]) for name in names if name and "." in name}
    keys.discard("")
    return frozenset(keys)


def _section_names(data: Structured) -> frozenset[str]:
    sections = [*ld_list(data.article.get("articleSection")), *data.meta.get("article:section", [])]
    return frozenset(key for key in map(name_key, sections) if key)


_TITLE_SEPARATORS = re.compile(r"\s+[|—–\-:»/·•]\s+")


def _without_site_name(title: str | None, names: frozenset[str]) -> str | None:
    """A declared title without the parts at either end that only name the site or the
    section ("Site | Headline", "Headline - Paper", "Headline | Sport")."""
    while title:
        separators = list(_TITLE_SEPARATORS.finditer(title))
        if not separators:
            break
        first, last = separators[0], separators[-1]
        if name_key(title[last.end() :]) in names:
            title = title[: last.start()]
        elif name_key(title[: first.start()]) in names:
            title = title[first.end() :]
        else:
            break
    return title


def _run_together(el: etree._Element) -> str:
    parts = [el.text or ""]
    for child in el:
        tag = child.tag.lower() if isinstance(child.tag, str) else ""
        if tag and tag not in SKIP_TAGS:
            inner = _run_together(child)
            parts.append(f" {inner} " if tag in BLOCK_TAGS else inner)
        parts.append(child.tail or "")
    return "".join(parts)


def _inline_text(el: etree._Element) -> str:
    """An element's text as a reader sees it: inline parts run together ("LTE-Patent<span>:
    </span>"), block parts apart. Joining every text node with a space would put one before
    that colon."""
    return clean(_run_together(el))


def _headings(sel: Selector, names: frozenset[str]) -> list[str]:
    """The page's <h1> texts, those inside <article> or <main> first; an <h1> that only
    names the site (a logo) is no headline."""
    h1s = sel.root.xpath("//h1")[:8]
    inside = [h for h in h1s if any(a.tag in ("article", "main") for a in h.iterancestors())]
    texts = map(_inline_text, inside + [h for h in h1s if h not in inside])
    return [text for text in dict.fromkeys(texts) if text and name_key(text) not in names]


def _words_key(text: str) -> str:
    """The words alone, padded so that `in` matches whole words: markup, quotes and
    punctuation differ between a declared title and its <h1>."""
    return " " + " ".join(re.findall(r"\w+", text.casefold())) + " "


# An <h1> shorter than this (or than this share of the declared title) is a kicker or a
# section name, not the headline.
_MIN_HEADLINE_CHARS = 10
_MIN_HEADLINE_SHARE = 0.3


def _held_heading(title: str, headings: list[str]) -> str | None:
    """The first <h1> whose words the title holds, alone or with more (the site's name, a
    kicker, search words)."""
    title_key = _words_key(title)
    for heading in headings:
        key = _words_key(heading)
        if (
            len(heading) >= _MIN_HEADLINE_CHARS
            and key in title_key
            and len(key) >= _MIN_HEADLINE_SHARE * len(title_key)
        ):
            return heading
    return None


def _shown_headline(title: str, headings: list[str]) -> str:
    """The <h1> a declared title holds with more words, since the <h1> is what readers
    see; else the declared title as spelled (an <h1> of the same words may need its markup
    joined to read right)."""
    heading = _held_heading(title, headings)
    return heading if heading and _words_key(heading) != _words_key(title) else title


def _is_cut_lead(headline: str, description: str | None) -> bool:
    """The headline is only the description's opening, cut mid-sentence: a CMS that fills
    the headline with the lead's first ~107 characters."""
    head = headline.rstrip(" .…")
    return bool(
        description
        and len(head) < len(description)
        and description.startswith(head)
        and description[len(head)] not in ".!?:;"
    )


def _description(data: Structured) -> str | None:
    return _first(
        ld_text(data.article.get("description")),
        data.first_meta("og:description", "description"),
    )


def _title(
    sel: Selector, templated: list[str], data: Structured, names: frozenset[str]
) -> str | None:
    """The template's title; else the declared one (JSON-LD headline, else og:title unless
    it alone disagrees with the <h1>) without the site's name, or the <h1> it holds with
    more; else the <h1>, the <title>. A JSON-LD headline that is only the lead cut short is
    no title on a page with an <h1>."""
    if templated:
        return templated[0]
    headings = _headings(sel, names)
    headline = ld_text(data.article.get("headline"))
    if headline and headings and _is_cut_lead(headline, _description(data)):
        headline = None
    strip = names | _section_names(data)
    og_title = _without_site_name(data.first_meta("og:title", "twitter:title"), strip)
    html_title = _without_site_name(clean(sel.css("title::text").get()), strip)
    headline = _without_site_name(headline, strip)
    if headline:
        return _shown_headline(headline, headings)
    if og_title and not _held_heading(og_title, headings):
        # An og:title written for social networks, when <title> and <h1> agree on another.
        og_title = html_title if html_title and _held_heading(html_title, headings) else og_title
    if og_title:
        return _shown_headline(og_title, headings)
    return _first(*headings[:1], html_title)


def _image(src: str | None, data: Structured, url: str) -> str | None:
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
        if in_furniture(node.root):
            continue
        text = clean(" ".join(node.xpath(".//text()").getall()))
        if 6 <= len(text) <= 60 and _DATE_LIKE.search(text):
            return text
    return None


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
            parts.append(_run_together(child))
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
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    target = (urlsplit(urljoin(url, href)).hostname or "").removeprefix("www.")
    return bool(href) and not href.startswith("#") and target == host


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
    """Every field the page states, as raw strings, with the body as text blocks. A field
    the site overrides (a CSS selector or a function of the page) comes from its override
    when that finds anything."""
    declared = Declared(sel, overrides)
    data = structured_data(sel, url)
    site_names = _site_names(data, url, site)
    title = _title(sel, declared.texts("title")[:1], data, site_names)
    blocks, candidates = _body(sel, declared, data, title)
    canonical = _first(
        data.canonical_url, data.first_meta("og:url"), ld_text(data.article.get("url"))
    )
    draft = ArticleDraft(
        url=url,
        site=site,
        timezone=timezone,
        fetched_at=fetched_at,
        language_hint=language_hint or data.html_lang,
        declares_article=data.declares_article,
        canonical_url=urljoin(url, canonical) if canonical else None,
        title=title,
        lead=_first(*declared.texts("lead")[:1], _description(data)),
        blocks=blocks,
        candidates=candidates,
        authors=_authors(sel, declared.texts("authors"), data, site_names),
        published_raw=_published(sel, declared.texts("published"), data),
        modified_raw=_modified(declared.texts("modified"), data),
        section=_first(
            *declared.texts("section")[-1:],
            ld_text(data.article.get("articleSection")),
            data.first_meta("article:section"),
        ),
        tags=_tags(sel, declared.texts("tags"), data, url),
        image_url=_image(declared.image(), data, url),
        views_raw=_first(*declared.texts("views")[:1]),
        alternates=data.alternates,
    )
    draft.overrides_missed = declared.missed
    return draft


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
