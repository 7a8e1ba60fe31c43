"""One-block classifiers: the short lines templates put around articles, each told from the
block alone — captions and photo credits, bylines and author bios, datelines and reading
times, newsletter small print, affiliate disclosures, labelled teasers and "more" links,
typo and paywall notices, and short labels in another language than the article's.

The words these rules look for are in `data/words/*.txt` (newscrawl/extract/wordlists.py);
the regexes here only say where in the line they must stand.
"""

from __future__ import annotations

import re

from newscrawl.extract.blocks import Block
from newscrawl.extract.boilerplate.shape import (
    BYLINE_MAX_WORDS,
    LABEL_MAX_WORDS,
    LINE_MAX_WORDS,
    WORD,
    ends_sentence,
    word_count,
)
from newscrawl.extract.language import cyrillic_script, guess
from newscrawl.extract.wordlists import alternation


def _whole_words(name: str) -> str:
    return alternation(name, whole_words=True)


# A caption-sized line ending in a credit: photo/фото/foto/сурет and a source, ©, or the
# agency's "(AP Photo/Marco Ugarte)".
_CAPTION_MAX_WORDS = 30
_CREDIT = re.compile(
    r"((^|[.,!?/|–—]\s*)(" + alternation("photo_credit") + r")\s*:?\s*[\w.\-/ ]{2,40}"
    r"|©[^.!?]{1,60})$",
    re.IGNORECASE,
)
# A credit in brackets closing a caption of any length: "... in The Hague on Monday.
# (Photo: Frank van Beek / UN Photo)". Running text does not end like that.
_PAREN_CREDIT_MAX_WORDS = 90
_PAREN_CREDIT = re.compile(
    r"\([\w ]{0,20}\b(" + _whole_words("photo_credit") + r")[^()]{1,80}\)$", re.IGNORECASE
)
# ... and one that says what is pictured: "Pictured from left, are ...", «На фото: ...».
_PICTURED = re.compile(r"^(" + _whole_words("pictured") + r")", re.IGNORECASE)
_BYLINE = re.compile(r"^(" + _whole_words("byline") + r")[:\s]", re.IGNORECASE)
# "28.4.2023 18:41 Uhr", "Stand: 28.04.2023 17:23 Uhr", "Updated 10:02 GMT".
_DATELINE_MAX_WORDS = 8
_DATELINE = re.compile(r"\d{1,2}[./:]\d{2}|\d{4}-\d{2}-\d{2}")
_DATELINE_WORDS = re.compile(r"^(" + _whole_words("dateline") + r")", re.IGNORECASE)
# A date with its month in words and nothing else: "11 Jan 2019", "6. November 2025",
# "January 6, 2012", "6 января 2012 г.".
_DATE_ONLY = re.compile(
    r"^\s*(\d{1,2}\.?\s+[^\W\d_]{3,10}\.?,?\s+\d{4}|[^\W\d_]{3,10}\.?\s+\d{1,2},?\s+\d{4})"
    r"(\s*(" + alternation("year_suffix") + r"))?\s*$"
)
# "3 Min Lesezeit", "4 min read", "Lesezeit: 3 Minuten", "5 минут чтения".
_READING_TIME = re.compile(
    r"^((" + alternation("reading_time_label") + r")\s*:?\s*)?"
    r"\d+\s*(" + alternation("reading_time_unit") + r")"
    r"\s*(" + alternation("reading_time_after") + r")?\s*$",
    re.IGNORECASE,
)
# The small print of a newsletter form: "By signing up, you confirm ...", "By clicking
# “Sign Up”, you accept our Terms ...", "Mit meiner Anmeldung zum Newsletter stimme ich ...".
_CONSENT_MAX_WORDS = 60
_CONSENT = re.compile(r"^(" + _whole_words("consent") + r")", re.IGNORECASE)
# "Links marked with a symbol are affiliate links": the disclosure, not the story.
_AFFILIATE = re.compile(r"\b(" + _whole_words("affiliate") + r")", re.IGNORECASE)
# "READ ANOTHER STORY HERE | Headline", "ALSO READ | Headline": a label of two or more
# capitalised words, a bar and another story's headline.
_TEASER_LABEL_MAX_CHARS = 40
# A linked line that starts with an arrow points elsewhere. (Not », a German quotation mark.)
_POINTER = re.compile(r"^\s*(>>|→|►|▶|▸|⇒|➤|➔)")
# A teaser that ends in its "more" link (or a "more" the whole card's link stands for).
_AFTER_SENTENCE = re.compile(r"[.!?…]\s+(\w+\s)?\w+$")
_TEASER_END = re.compile(r"(\||\s)(" + alternation("teaser_more") + r")$", re.IGNORECASE)
# "Found a typo? Select it and press Ctrl+Enter", a paywall notice, a post footer: short.
_NOTICE_MAX_CHARS = 300
_TYPO_NOTICE = re.compile(r"ctrl\s*[+\-]\s*enter", re.IGNORECASE)
# A blog engine's post footer ("Filed under News. You can follow any responses to this
# entry through the RSS 2.0 feed."), in whatever language the theme is translated to.
_POST_FOOTER = re.compile(r"\bRSS 2\.0\b")
# "The rest is for subscribers": a paywall notice, wherever in the line it is said.
_PAYWALL_NOTICE = re.compile(alternation("paywall"), re.IGNORECASE)
# An author's bio: "John Doe is a national affairs correspondent for ...", "Redakteurin.
# Seit 2019 bei der taz".
_BIO_MAX_WORDS = 80
_AUTHOR_BIO = re.compile(
    r"[A-Z][\w'.-]+( [A-Z][\w'.-]+){1,3} (" + alternation("bio_is") + r") ([a-z-]+ ){0,4}"
    r"(" + _whole_words("bio_job") + r")"
)
_AUTHOR_BIO_DE = re.compile(
    r"^(" + _whole_words("bio_opening") + r")|\b(" + _whole_words("bio_since") + r")"
)


def is_credit(block: Block) -> bool:
    """A short line that ends in a photo credit ("... Фото: pravo.ru", "... © DPA"), a
    caption closed by a credit in brackets, or one that says what is pictured."""
    words = word_count(block.text)
    if words <= _PAREN_CREDIT_MAX_WORDS and (
        _PICTURED.match(block.text) or _PAREN_CREDIT.search(block.text)
    ):
        return True
    return words <= _CAPTION_MAX_WORDS and bool(_CREDIT.search(block.text))


def line_kind(block: Block) -> str | None:
    """The segment reason for one of the short lines templates put around articles: byline,
    dateline, marker:subscribe (newsletter small print), marker:advertising (affiliate
    disclosure), teaser or link_list. None for any other block."""
    words = word_count(block.text)
    if words <= BYLINE_MAX_WORDS and _BYLINE.match(block.text):
        return "byline"
    if _is_dateline(block.text, words):
        return "dateline"
    if words <= _CONSENT_MAX_WORDS and _CONSENT.match(block.text):
        return "marker:subscribe"
    if words <= _CONSENT_MAX_WORDS and _AFFILIATE.search(block.text):
        return "marker:advertising"
    if words <= LINE_MAX_WORDS * 2 and _is_labelled_teaser(block.text):
        return "teaser"
    if block.links and _POINTER.match(block.text):
        return "link_list"  # ">> All dates at a glance", "→ Compare mortgage rates"
    if _TEASER_END.search(block.text) and (block.links or _AFTER_SENTENCE.search(block.text)):
        return "link_list"  # "... sie sei überfordert. mehr": the card's "more" link
    return None


def _is_dateline(text: str, words: int) -> bool:
    """A date or time line, or a reading time."""
    if _DATE_ONLY.match(text):
        return True
    # Counted between spaces: "10/07/2026 00:50" is two words of a dateline, not five.
    spaced = len(text.split())
    if spaced <= LINE_MAX_WORDS and _DATELINE.search(text):
        if _DATELINE_WORDS.match(text):
            return True  # "Artikel veröffentlicht am 28. April 2024, 14:26 Uhr, A. Autor"
        digits = sum(ch.isdigit() for ch in text)
        if spaced <= _DATELINE_MAX_WORDS and digits * 4 >= len(text.replace(" ", "")):
            return True
    return words <= _DATELINE_MAX_WORDS and bool(_READING_TIME.match(text))


def _is_labelled_teaser(text: str) -> bool:
    label, bar, rest = text.partition("|")
    label = label.strip()
    return (
        bool(bar and rest.strip())
        and len(label) <= _TEASER_LABEL_MAX_CHARS
        and len(label.split()) >= 2
        and label.isupper()
    )


def is_author_bio(text: str) -> bool:
    """An author's bio ("John Doe is a national affairs correspondent for ...",
    "Redakteurin. Seit 2019 bei der taz"); where it stands decides whether it is one."""
    return word_count(text) <= _BIO_MAX_WORDS and bool(
        _AUTHOR_BIO.match(text) or _AUTHOR_BIO_DE.search(text)
    )


def is_typo_notice(text: str) -> bool:
    """A "found a typo? Select it and press Ctrl+Enter" notice: the article is over."""
    return len(text) < _NOTICE_MAX_CHARS and bool(_TYPO_NOTICE.search(text))


def is_closing_notice(text: str) -> bool:
    """A paywall notice or a blog engine's post footer: the article is over."""
    return len(text) < _NOTICE_MAX_CHARS and bool(
        _PAYWALL_NOTICE.search(text) or _POST_FOOTER.search(text)
    )


def foreign_label(block: Block, language: str | None) -> str | None:
    """The language of a short unpunctuated line in another language than the article's: a
    template's UI string ("Поделиться", "Share this") that no marker list names yet."""
    if language is None or block.tag == "h1":
        return None
    words = WORD.findall(block.text)
    if not words or len(words) > LABEL_MAX_WORDS or ends_sentence(block.text):
        return None
    found = guess(block.text, language)
    if found is None or found == language:
        return None
    # Same script: letters tell Kazakh, Ukrainian and Russian apart even in a few words, but
    # a handful of Latin words is too little to tell English from German.
    same_script = cyrillic_script(found) == cyrillic_script(language)
    if same_script and (not cyrillic_script(language) or len(words) < 4):
        return None
    return found
