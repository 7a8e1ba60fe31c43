"""An article's title, and the names of its site that a title, a byline or a tag may carry:
the template's title first, else the declared headline (JSON-LD, og:title) without the
site's name or a section prefix, checked against the page's visible <h1>."""

from __future__ import annotations

import re

from lxml import etree
from parsel import Selector

from newscrawl.extract.blocks import run_together
from newscrawl.extract.structured import Structured, ld_list, ld_name, ld_text, web_host
from newscrawl.extract.text import clean, name_key


def _first(*values: str | None) -> str | None:
    return next((value for value in values if value), None)


# Host labels that name no site: "www.bbc.co.uk" is "bbc".
_GENERIC_HOST_LABELS = frozenset("www m amp mobile co com org net gov ac edu".split())


def site_names(data: Structured, url: str, site: str) -> frozenset[str]:
    """Name keys of the site and its publisher: og:site_name, application-name, the JSON-LD
    publisher, the profile's name and the host, each also without its domain ending
    ("BNews.kz" -> "bnews"), so that a byline or a title part naming them can be told."""
    host = web_host(url)
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


def _inline_text(el: etree._Element) -> str:
    """An element's text as a reader sees it: inline parts run together ("LTE-Patent<span>:
    </span>"), block parts apart. Joining every text node with a space would put one before
    that colon."""
    return clean(run_together(el))


_TRAIL_TAGS = frozenset({"nav", "ol", "ul", "li"})


def _in_breadcrumb(el: etree._Element) -> bool:
    """The element is a step of a breadcrumb trail (a schema.org BreadcrumbList, or a list
    whose class names one), where a site may mark its page's own step as an <h1>."""
    for node in [el, *el.iterancestors()]:
        if str(node.get("itemtype") or "").endswith("/BreadcrumbList"):
            return True
        classes = str(node.get("class") or "").casefold().split()
        if node.tag in _TRAIL_TAGS and any(c.startswith("breadcrumb") for c in classes):
            return True
    return False


def _headings(sel: Selector, names: frozenset[str]) -> list[str]:
    """The page's <h1> texts, those inside <article> or <main> first; an <h1> that only
    names the site (a logo) or is a step of a breadcrumb trail is no headline."""
    h1s = [h for h in sel.root.xpath("//h1")[:8] if not _in_breadcrumb(h)]
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


def _agreed_spelling(title: str, og_title: str | None, html_title: str | None) -> str:
    """The declared title as the og:title and the <title> both spell it, when they agree
    on its words but not on its punctuation ("Kicker - Headline" vs "Kicker: Headline")."""
    if not og_title or og_title != html_title or og_title == title:
        return title
    return og_title if _words_key(og_title) == _words_key(title) else title


# The article's other declared names, beside its JSON-LD headline.
_ALTERNATIVE_KEYS = ("alternativeHeadline", "name")


def _shown_alternative(headline: str, alternatives: list[str], headings: list[str]) -> str:
    """The article's other declared name (JSON-LD alternativeHeadline, name) that an <h1>
    has the very words of, when the headline's words are no <h1>'s: the article declares
    both forms, and the page shows that one."""
    shown = {_words_key(h) for h in headings}
    if _words_key(headline) in shown:
        return headline
    return next((name for name in alternatives if _words_key(name) in shown), headline)


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


def description(data: Structured) -> str | None:
    return _first(
        ld_text(data.article.get("description")),
        data.first_meta("og:description", "description"),
    )


def title_of(
    sel: Selector, templated: list[str], data: Structured, names: frozenset[str]
) -> str | None:
    """The template's title; else the declared one (JSON-LD headline, else og:title unless
    it alone disagrees with the <h1>) without the site's name, or the <h1> it holds with
    more; else the <h1>, the <title>. A JSON-LD headline that is only the lead cut short is
    no title on a page with an <h1>; one that no <h1> shows gives way to the article's
    alternativeHeadline or name that one does, and takes the spelling of its words that
    og:title and <title> agree on."""
    if templated:
        return templated[0]
    headings = _headings(sel, names)
    headline = ld_text(data.article.get("headline"))
    if headline and headings and _is_cut_lead(headline, description(data)):
        headline = None
    strip = names | _section_names(data)
    og_title = _without_site_name(data.first_meta("og:title", "twitter:title"), strip)
    html_title = _without_site_name(clean(sel.css("title::text").get()), strip)
    headline = _without_site_name(headline, strip)
    if headline:
        alternatives = [ld_text(data.article.get(key)) for key in _ALTERNATIVE_KEYS]
        stripped = [_without_site_name(name, strip) or "" for name in alternatives]
        headline = _shown_alternative(headline, [name for name in stripped if name], headings)
        shown = _shown_headline(headline, headings)
        return _agreed_spelling(shown, og_title, html_title) if shown == headline else shown
    if og_title and not _held_heading(og_title, headings):
        # An og:title written for social networks, when <title> and <h1> agree on another.
        og_title = html_title if html_title and _held_heading(html_title, headings) else og_title
    if og_title:
        return _shown_headline(og_title, headings)
    return _first(*headings[:1], html_title)
