"""The item pipeline's steps as pure functions over an `ArticleDraft`.

STEPS is the one place their order is written: `newscrawl.pipelines.StepsPipeline` runs them
in the crawl and `extract_article` without the engine (both through `run_steps`), so both give
the same article.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import datetime

from newscrawl.extract import boilerplate
from newscrawl.extract.blocks import Block
from newscrawl.extract.dates import parse_date, to_iso
from newscrawl.extract.draft import ArticleDraft, Segment
from newscrawl.extract.language import detect, guess, paragraph_languages
from newscrawl.extract.template import TemplateMemory
from newscrawl.extract.text import clean, fold
from newscrawl.items import ArticleItem

_VIEWS = re.compile(r"(\d[\d\s.,]*)\s*([kкmм])?", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# How far down the body a lead may stand again (after a date line or a photo credit).
_LEAD_REACH = 3
# Word-set overlap above which a lead is the first paragraph again.
_NEAR_DUPLICATE = 0.8
# A lead whose word 4-grams are mostly in the body is an excerpt of it (a generated
# description: the opening cut short, sentences run together, a date or section appended).
_EXCERPT_SHARE = 0.7
_EXCERPT_MIN_WORDS = 8
# A headline this long found whole inside the lead makes it a keyword description.
_TITLE_IN_LEAD_CHARS = 20
# A headline this long found at the end of a block is that block's headline after a kicker.
_KICKED_TITLE_CHARS = 30
# Confidence given to the page's declared language when the text cannot tell.
_MIN_CONFIDENCE = 0.5
# Blocks long enough to say which language the page is written in.
_SAMPLE_BLOCK_CHARS = 60


def parse_views(raw: str | None) -> int | None:
    """'410' → 410, '1 204' → 1204, '2,5K' → 2500."""
    match = _VIEWS.search(clean(raw))
    if not match:
        return None
    number, suffix = match.group(1).replace(" ", ""), (match.group(2) or "").lower()
    if suffix:
        value = float(number.replace(",", "."))
        return int(value * (1000 if suffix in "kк" else 1_000_000))
    digits = re.sub(r"\D", "", number)
    return int(digits) if digits else None


def _repeats(block: Block, text: str) -> bool:
    """`block` says `text` again: equal, `text` plus a date stamp or site name, or a kicker
    and then `text` ("European Payments Initiative Statt Paypal & Co.: So könnte ...")."""
    # Compared word by word: "Die Eisheiligen 2024: Wann sie sind" is the headline
    # "Die Eisheiligen 2024 Wann sie sind" set in two spans.
    key, own = " ".join(_WORD.findall(fold(text))), " ".join(_WORD.findall(fold(block.text)))
    if not key or len(own) >= 1.5 * len(key):
        return bool(key) and own == key
    return own.startswith(key) or (len(key) >= _KICKED_TITLE_CHARS and own.endswith(key))


def _same_text(lead: str, paragraph: str) -> bool:
    """The lead is the first paragraph again: cut short (a meta description), or with a few
    words changed. Compared on word sets."""
    key = fold(lead.rstrip(".…")).rstrip(".…")
    own = fold(paragraph)
    if len(key) >= 20 and own.startswith(key):
        return True
    # ... or the body's opening paragraphs run together and cut (a generated description).
    if len(own) >= 40 and key.startswith(own):
        return True
    a, b = set(_WORD.findall(key)), set(_WORD.findall(own))
    return len(a) >= 5 and len(a & b) >= _NEAR_DUPLICATE * len(a | b)


def _shingles(text: str) -> list[tuple[str, ...]]:
    words = _WORD.findall(fold(text))
    return [tuple(words[i : i + 4]) for i in range(len(words) - 3)]


def _is_excerpt(lead: str, blocks: list[Block]) -> bool:
    """The lead is copied out of the body: it starts as a body sentence does and most of its
    4-grams are in the body. (A summary written in other words is kept.)"""
    own = _shingles(lead)
    if len(own) < _EXCERPT_MIN_WORDS:
        return False
    body = {shingle for block in blocks for shingle in _shingles(block.text)}
    shared = sum(shingle in body for shingle in own)
    return own[0] in body and shared >= _EXCERPT_SHARE * len(own)


def _holds_title(lead: str, title: str | None) -> bool:
    """A description made of the headline and search keywords, not a standfirst."""
    key = fold(title or "")
    return len(key) >= _TITLE_IN_LEAD_CHARS and key in fold(lead)


def _is_copy(block: Block, text: str) -> bool:
    # Only the lead itself: a body paragraph that goes on after the lead's words is the lead
    # in full, so the paragraph stays and the (cut) lead goes below.
    return fold(block.text) == fold(text)


def _drop_repeats(draft: ArticleDraft) -> None:
    """Title or lead repeated at the top of the body (an image caption, a bold first line)."""
    for text, reason, same in (
        (draft.title, "title_repeated", _repeats),
        (draft.lead, "lead_repeated", _is_copy),
    ):
        if not text:
            continue
        for i, block in enumerate(draft.blocks[:3]):
            if same(block, text):
                draft.boilerplate.append(Segment(block.text, reason))
                del draft.blocks[i]
                break
    lead = draft.lead
    if lead and _holds_title(lead, draft.title):
        draft.lead = None  # "City news, <headline> - today in the city, photo, video"
    elif lead and (
        any(_same_text(lead, b.text) for b in draft.blocks[:_LEAD_REACH])
        or _is_excerpt(lead, draft.blocks)
    ):
        draft.lead = None


def normalise(draft: ArticleDraft) -> ArticleDraft:
    draft.title = clean(draft.title) or None
    draft.lead = clean(draft.lead) or None
    draft.section = clean(draft.section) or None
    draft.authors = list(dict.fromkeys(a for a in map(clean, draft.authors) if a))
    draft.tags = list(dict.fromkeys(t for t in map(clean, draft.tags) if t))
    draft.blocks = [replace(b, text=text) for b in draft.blocks if (text := clean(b.text))]
    _drop_repeats(draft)
    fetched = datetime.fromisoformat(draft.fetched_at)
    tz, hint = draft.timezone, draft.language_hint
    draft.published_raw = clean(draft.published_raw) or None
    draft.published_at = to_iso(parse_date(draft.published_raw, tz, hint, fetched), tz)
    draft.modified_at = to_iso(parse_date(draft.modified_raw, tz, hint, fetched), tz)
    draft.views = parse_views(draft.views_raw)
    return draft


def split_boilerplate(draft: ArticleDraft) -> ArticleDraft:
    # The article's language as the page shows it, to tell foreign UI labels from the text.
    sample = "\n".join(b.text for b in draft.blocks if len(b.text) > _SAMPLE_BLOCK_CHARS)
    language = detect(sample)[0] or draft.language_hint
    draft.language = language  # a first estimate; the language step settles it on the body
    kept, removed = boilerplate.split(draft.blocks, language)
    draft.paragraphs = [b.text for b in kept if not b.outvoted]
    outvoted = [Segment(b.text, "outvoted") for b in kept if b.outvoted]
    draft.boilerplate.extend(removed)
    if outvoted:
        draft.boilerplate = _in_page_order([*draft.boilerplate, *outvoted], draft.blocks)
    return draft


def learn_site_template(draft: ArticleDraft, memory: TemplateMemory | None = None) -> ArticleDraft:
    """One more page of the site for its template memory (when there is one: a crawl, or
    `scrapy extract` over a folder)."""
    if memory is not None:
        memory.learn(draft.site, draft.paragraphs)
    return draft


def split_site_template(draft: ArticleDraft, memory: TemplateMemory | None = None) -> ArticleDraft:
    """Paragraphs that stand on a large share of the site's pages, at the same place: its own
    template."""
    if memory is None:
        return draft
    kept = []
    for text, template in zip(
        draft.paragraphs, memory.flags(draft.site, draft.paragraphs), strict=True
    ):
        if template:
            draft.boilerplate.append(Segment(text, "site_template"))
        else:
            kept.append(text)
    if len(kept) < len(draft.paragraphs):
        draft.paragraphs = kept
        draft.boilerplate = _in_page_order(draft.boilerplate, draft.blocks)
    return draft


def _in_page_order(segments: list[Segment], blocks: list[Block]) -> list[Segment]:
    """Segments sorted by where their block stood (a segment of text no block has exactly,
    a marker cut out of a line, stays right after the one before it)."""
    where: dict[str, int] = {}
    for i, block in enumerate(blocks):
        where.setdefault(block.text, i)
    keys: list[int] = []
    last = -1
    for segment in segments:
        last = where.get(segment.text, last)
        keys.append(last)
    order = sorted(range(len(segments)), key=lambda i: keys[i])
    return [segments[i] for i in order]


def detect_language(draft: ArticleDraft) -> ArticleDraft:
    """Language per paragraph and of the article, on the body after the split."""
    texts = draft.paragraphs or ([draft.title] if draft.title else [])
    prior = draft.language or detect(" ".join(texts))[0] or draft.language_hint
    per_paragraph, language, confidence, mixed = paragraph_languages(texts, prior)
    if language is None and draft.language_hint:
        language, confidence = draft.language_hint, _MIN_CONFIDENCE
    draft.paragraph_languages = per_paragraph if draft.paragraphs else []
    draft.language, draft.language_confidence, draft.mixed_language = language, confidence, mixed
    for segment in draft.boilerplate:
        if segment.language is None:
            segment.language = guess(segment.text, language)
    own = {draft.url, draft.canonical_url}
    draft.translations = {
        lang: url
        for lang, url in sorted(draft.alternates.items())
        if lang != language and url not in own
    }
    return draft


Step = Callable[..., ArticleDraft]
# The order the steps run in, written once. Each takes the draft and, optionally, the crawl's
# template memory (only the site-template steps use it).
STEPS: tuple[Step, ...] = (
    normalise,
    split_boilerplate,
    learn_site_template,
    split_site_template,
    detect_language,
)
# The steps in three runs: a page's own (before any reads the template memory, so they may
# run in another process: `scrapy extract --jobs`), learning its site's template, and the
# rest. A new site's articles may wait between the last two (learned, nothing split by the
# template yet) until it has seen enough of the site: `template.Warmup`.
_LEARN = STEPS.index(learn_site_template)
OWN_STEPS, LEARNING, AFTER_HOLD = STEPS[:_LEARN], STEPS[_LEARN : _LEARN + 1], STEPS[_LEARN + 1 :]
UNTIL_HOLD = OWN_STEPS + LEARNING


def portable(draft: ArticleDraft) -> ArticleDraft:
    """The draft without its references into the page's element tree, which cannot cross to
    another process; no step after extraction reads them."""
    draft.blocks = [dataclasses.replace(b, element=None, furniture=None) for b in draft.blocks]
    draft.candidates = []
    return draft


def run_steps(
    draft: ArticleDraft,
    memory: TemplateMemory | None = None,
    steps: tuple[Step, ...] = STEPS,
) -> ArticleDraft:
    for step in steps:
        draft = step(draft, memory) if step in _USE_MEMORY else step(draft)
    return draft


_USE_MEMORY = frozenset({learn_site_template, split_site_template})


def content_sha1(title: str, body: str) -> str:
    """Fingerprint of what a reader sees: changes when the title or the text changes."""
    return hashlib.sha1(f"{title}\n\n{body}".encode()).hexdigest()


def to_item(draft: ArticleDraft) -> ArticleItem:
    body = "\n\n".join(draft.paragraphs)
    title = draft.title or ""
    return ArticleItem(
        url=draft.url,
        canonical_url=draft.canonical_url,
        site=draft.site,
        language=draft.language or "und",
        language_confidence=draft.language_confidence,
        mixed_language=draft.mixed_language,
        paragraph_languages=draft.paragraph_languages,
        title=title,
        lead=draft.lead,
        body=body,
        authors=draft.authors,
        published_at=draft.published_at,
        published_raw=draft.published_raw,
        modified_at=draft.modified_at,
        section=draft.section,
        tags=draft.tags,
        image_url=draft.image_url,
        views=draft.views,
        translations=draft.translations,
        boilerplate=[asdict(s) for s in draft.boilerplate],
        content_sha1=content_sha1(title, body),
        fetched_at=draft.fetched_at,
    )
