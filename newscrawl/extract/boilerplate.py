"""Split template text (read-also blocks, share/subscribe lines, credits, comment sections)
off an article body, in any of the languages we ship markers for, keeping every piece.

Marker phrases live in `data/markers/<language>.txt` so that a contributor extends them
without touching code. A phrase's category decides how much text it takes with it:

- heading categories (read_also, related_news): the marker, and the run of linked headlines
  (and their time stamps) right after it;
- end_of_article: the marker and everything after it;
- line categories (share, subscribe, advertising, credit, source, copyright): the one short
  line that starts with the marker.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newscrawl.extract.blocks import Block
from newscrawl.extract.draft import Segment
from newscrawl.extract.language import cyrillic_script, guess
from newscrawl.extract.text import fold

HEADING_CATEGORIES = frozenset({"read_also", "related_news"})
END_CATEGORIES = frozenset({"end_of_article"})
LINE_CATEGORIES = frozenset({"share", "subscribe", "advertising", "credit", "source", "copyright"})
CATEGORIES = HEADING_CATEGORIES | END_CATEGORIES | LINE_CATEGORIES

# A line-category marker takes its line only when the line is this short: "Фото: Reuters"
# goes, a paragraph that merely starts with "Фото" stays.
_LINE_MAX_WORDS = 12
# An end-of-article marker heading a line this short is that section's title ("Комментарии
# нашего читателя: гость").
_END_MAX_WORDS = 6
# Link-dominated: most of the block's characters are anchor text.
_LINKED = 0.6
# A caption-sized line ending in a credit: photo/фото/foto/сурет and a source, ©, or the
# agency's "(AP Photo/Marco Ugarte)".
_CAPTION_MAX_WORDS = 30
_CREDIT = re.compile(
    r"((^|[.,!?/|–—]\s*)(фото|photo|foto|сурет|світлина|bild|crédito)\s*:?\s*[\w.\-/ ]{2,40}"
    r"|©[^.!?]{1,60})$",
    re.IGNORECASE,
)
# A credit in brackets closing a caption of any length: "... in The Hague on Monday.
# (Photo: Frank van Beek / UN Photo)". Running text does not end like that.
_PAREN_CREDIT_MAX_WORDS = 90
_PAREN_CREDIT = re.compile(
    r"\([\w ]{0,20}\b(фото|photo|foto|сурет|bild|crédito)\b[^()]{1,80}\)$", re.IGNORECASE
)
# ... and one that says what is pictured: "Pictured from left, are ...", «На фото: ...».
_PICTURED = re.compile(
    r"^(pictured\b|picture:|im bild:|auf dem bild:|на фото\b|на снимке\b|суретте\b)",
    re.IGNORECASE,
)
# "Von Nina Magoley", "By Jane Doe", "Автор: ..." standing alone.
_BYLINE_MAX_WORDS = 7
_BYLINE = re.compile(r"^(von|by|автор|авторы|автор материала|авторы материала)\b[:\s]", re.I)
# "28.4.2023 18:41 Uhr", "Stand: 28.04.2023 17:23 Uhr", "Updated 10:02 GMT".
_DATELINE_MAX_WORDS = 8
_DATELINE = re.compile(r"\d{1,2}[./:]\d{2}|\d{4}-\d{2}-\d{2}")
_DATELINE_WORDS = re.compile(
    r"^(stand|aktualisiert|updated|published|publiziert|veröffentlicht|artikel veröffentlicht"
    r"|actualizado|publicado|mis à jour"
    r"|publié|aggiornato|ultima modifica|обновлено|опубликовано|жаңартылды)\b",
    re.I,
)
# An author's bio among the last blocks of the body.
_BIO_TAIL_BLOCKS = 3
_BIO_MAX_WORDS = 80
_AUTHOR_BIO = re.compile(
    r"[A-Z][\w'.-]+( [A-Z][\w'.-]+){1,3} is an? ([a-z-]+ ){0,4}"
    r"(correspondent|reporter|editor|writer|journalist|columnist|contributor|researcher)\b"
)
_AUTHOR_BIO_DE = re.compile(
    r"^(Redakteurin?|Korrespondentin?|Reporterin?)\b|\bSeit \d{4} bei (der|dem)\b"
)
# A date with its month in words and nothing else: "11 Jan 2019", "6. November 2025",
# "January 6, 2012", "6 января 2012 г.".
_DATE_ONLY = re.compile(
    r"^\s*(\d{1,2}\.?\s+[^\W\d_]{3,10}\.?,?\s+\d{4}|[^\W\d_]{3,10}\.?\s+\d{1,2},?\s+\d{4})"
    r"(\s*(г\.|года|ж\.))?\s*$"
)
# "3 Min Lesezeit", "4 min read", "Lesezeit: 3 Minuten", "5 минут чтения".
_READING_TIME = re.compile(
    r"^((lesezeit|lesedauer|reading time|temps de lecture|время чтения)\s*:?\s*)?"
    r"\d+\s*(min\.?|mins|minutes?|minuten|мин\.?|минут[аы]?)"
    r"\s*(read|lesezeit|lesedauer|de lecture|чтения|de lectura|leestijd)?\s*$",
    re.IGNORECASE,
)
# The small print of a newsletter form: "By signing up, you confirm ...", "By clicking
# “Sign Up”, you accept our Terms ...", "Mit meiner Anmeldung zum Newsletter stimme ich ...".
_CONSENT_MAX_WORDS = 60
_CONSENT = re.compile(
    r"^(by (signing up|clicking|subscribing|submitting|entering your email)"
    r"|mit (meiner|der|ihrer) anmeldung|mit dem klick auf|en vous inscrivant|en cliquant sur"
    r"|al (suscribirte|suscribirse|hacer clic)|нажимая( на)? кнопку|подписываясь)\b",
    re.IGNORECASE,
)
# "Links marked with a symbol are affiliate links": the disclosure, not the story.
_AFFILIATE = re.compile(r"\baffiliate[- ]links?\b|\bpartnerlinks?\b", re.IGNORECASE)
# "READ ANOTHER STORY HERE | Headline", "ALSO READ | Headline": a label of two or more
# capitalised words, a bar and another story's headline.
_TEASER_LABEL_MAX_CHARS = 40
# A linked line that starts with an arrow points elsewhere. (Not », a German quotation mark.)
_POINTER = re.compile(r"^\s*(>>|→|►|▶|▸|⇒|➤|➔)")
# A teaser that ends in its "more" link (or a "more" the whole card's link stands for).
_AFTER_SENTENCE = re.compile(r"[.!?…]\s+(\w+\s)?\w+$")
_TEASER_END = re.compile(
    r"(\||\s)(mehr|more|подробнее|далее|weiterlesen|read more|толығырақ)$", re.I
)
_TYPO_NOTICE = re.compile(r"ctrl\s*[+\-]\s*enter", re.IGNORECASE)
_TYPO_NOTICE_MAX_CHARS = 300
# A blog engine's post footer ("Filed under News. You can follow any responses to this
# entry through the RSS 2.0 feed."), in whatever language the theme is translated to.
_POST_FOOTER = re.compile(r"\bRSS 2\.0\b")
# "The rest is for subscribers": a paywall notice, wherever in the line it is said.
_PAYWALL_NOTICE = re.compile(
    r"réservée? aux abonnés|for subscribers only|subscribe to (continue|keep) reading"
    r"|nur für abonnenten|exklusiv für abonnenten|только для подписчиков"
    r"|(exclusivo|solo|sólo) para suscriptores|riservato agli abbonati",
    re.IGNORECASE,
)
# Words a section title may add after a heading marker ("Most read" + "in Football").
_TITLE_TAIL_WORDS = 3
# Words in a teaser card's summary, at least.
_CARD_SUMMARY_MIN_WORDS = 6
# Linked lines under a label that make it a box of links.
_TITLED_LINKS = 3
# Longer than any headline: a linked run of this many words ending in a full stop is prose.
_HEADLINE_MAX_WORDS = 25
# A template label is a few words without a full stop.
_LABEL_MAX_WORDS = 8
_SENTENCE_END = frozenset('.!?…»"”)')
# A block that is all link.
_ALL_LINK = 0.9
# A clock time or date between listed headlines ("11:07", "09.11.2018") travels with them.
_STAMP = re.compile(r"^[\d\s:.,/\-–—]+$")
_WORD = re.compile(r"\w+")
# Enough of a block to read its first word.
_OPENING_CHARS = 200


@dataclass(frozen=True)
class Marker:
    phrase: str
    category: str
    language: str
    words: int


@dataclass(frozen=True)
class MarkerMatch:
    marker: Marker
    exact: bool  # the block is the marker and nothing else


def _parse_markers(language: str, text: str) -> list[Marker]:
    markers = []
    category = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1]
            if category not in CATEGORIES:
                raise ValueError(f"markers/{language}.txt: unknown category [{category}]")
            continue
        if category is None:
            raise ValueError(f"markers/{language}.txt: phrase {line!r} before any [category]")
        phrase = fold(line)
        markers.append(Marker(phrase, category, language, len(_WORD.findall(phrase))))
    return markers


@cache
def load_markers() -> tuple[Marker, ...]:
    """Every marker of every language file, longest phrase first so it wins a tie."""
    folder = resources.files("newscrawl.extract") / "data" / "markers"
    markers: list[Marker] = []
    for entry in folder.iterdir():
        if entry.name.endswith(".txt"):
            markers.extend(_parse_markers(entry.name[:-4], entry.read_text(encoding="utf-8")))
    return tuple(sorted(markers, key=lambda m: (-len(m.phrase), m.language, m.phrase)))


@cache
def _markers_by_first_word() -> dict[str, tuple[Marker, ...]]:
    index: dict[str, list[Marker]] = {}
    for marker in load_markers():
        first = _WORD.findall(marker.phrase)
        if first:
            index.setdefault(first[0], []).append(marker)
    return {key: tuple(value) for key, value in index.items()}


_TYPO_NOTICE_MARKER = Marker("ctrl+enter", "end_of_article", "", 1)
# A paywall notice or a blog's post footer: the article is over, in any language.
_NOTICE_MARKER = Marker("end notice", "end_of_article", "", 2)


def match_marker(block: Block) -> MarkerMatch | None:
    """The marker this block starts with, if its shape fits the marker's category.

    A "found a typo? press Ctrl+Enter" notice, a paywall notice and a blog engine's post
    footer are end-of-article markers in any language.
    """
    if len(block.text) < _TYPO_NOTICE_MAX_CHARS:
        if _TYPO_NOTICE.search(block.text):
            return MarkerMatch(_TYPO_NOTICE_MARKER, exact=False)
        if _PAYWALL_NOTICE.search(block.text) or _POST_FOOTER.search(block.text):
            return MarkerMatch(_NOTICE_MARKER, exact=False)
    # Most blocks start with no marker's first word: tell from the opening alone before
    # folding the whole block (folding long paragraphs was most of the splitter's time).
    opening = _WORD.search(fold(block.text[:_OPENING_CHARS]))
    candidates = _markers_by_first_word().get(opening.group(), ()) if opening else ()
    if not candidates:
        return None
    folded = fold(block.text)
    words = _WORD.findall(folded)
    for marker in candidates:
        if not folded.startswith(marker.phrase):
            continue
        rest = folded[len(marker.phrase) :]
        if not rest:
            return MarkerMatch(marker, exact=True)
        if rest[0].isalnum():  # "share" must not match "shares"
            continue
        separated = rest.lstrip()[:1] in (":", "-", "—", "–", "|")
        # "Читайте также по теме: ..." — a few more words, then the colon.
        head = rest.split(":", 1)
        separated = separated or (len(head) == 2 and len(_WORD.findall(head[0])) <= 3)
        if marker.category in HEADING_CATEGORIES:
            if separated or block.link_density >= _LINKED:
                return MarkerMatch(marker, exact=False)
            # "Most read in Football", "More from The Nation": a section title naming the
            # section or the site. (One-word markers such as "popular" would take subheadings.)
            if (
                marker.words > 1
                and len(words) - marker.words <= _TITLE_TAIL_WORDS
                and block.text.rstrip()[-1:] not in _SENTENCE_END
            ):
                return MarkerMatch(marker, exact=True)
        elif marker.category in LINE_CATEGORIES:
            short = len(words) <= _LINE_MAX_WORDS
            if short and (separated or marker.words > 1 or marker.phrase.endswith(":")):
                return MarkerMatch(marker, exact=False)
        elif (separated and len(words) <= _LINE_MAX_WORDS) or len(words) <= _END_MAX_WORDS:
            return MarkerMatch(marker, exact=False)
    return None


def _is_listed_headline(block: Block) -> bool:
    if _is_linked_paragraph(block):
        return False  # a paragraph of sentences that cites its sources inline
    return block.link_density >= _LINKED or bool(_STAMP.match(block.text))


def _is_linked_paragraph(block: Block) -> bool:
    return (
        len(_WORD.findall(block.text)) > _HEADLINE_MAX_WORDS
        and block.text.rstrip()[-1:] in _SENTENCE_END
        and block.link_density < _ALL_LINK  # a card's summary is one link from end to end
    )


def _is_credit(block: Block) -> bool:
    """A short line that ends in a photo credit ("... Фото: pravo.ru", "... © DPA"), a
    caption closed by a credit in brackets, or one that says what is pictured."""
    words = len(_WORD.findall(block.text))
    if words <= _PAREN_CREDIT_MAX_WORDS and (
        _PICTURED.match(block.text) or _PAREN_CREDIT.search(block.text)
    ):
        return True
    return words <= _CAPTION_MAX_WORDS and bool(_CREDIT.search(block.text))


def _line_kind(block: Block) -> str | None:
    """byline, dateline or teaser for the short lines templates put around articles."""
    words = _WORD.findall(block.text)
    if len(words) <= _BYLINE_MAX_WORDS and _BYLINE.match(block.text):
        return "byline"
    if _DATE_ONLY.match(block.text):
        return "dateline"
    # Counted between spaces: "10/07/2026 00:50" is two words of a dateline, not five.
    spaced = len(block.text.split())
    if spaced <= _LINE_MAX_WORDS and _DATELINE.search(block.text):
        digits = sum(ch.isdigit() for ch in block.text)
        if _DATELINE_WORDS.match(block.text):
            return "dateline"  # "Artikel veröffentlicht am 28. April 2024, 14:26 Uhr, A. Autor"
        if spaced <= _DATELINE_MAX_WORDS and digits * 4 >= len(block.text.replace(" ", "")):
            return "dateline"
    if len(words) <= _DATELINE_MAX_WORDS and _READING_TIME.match(block.text):
        return "dateline"
    if len(words) <= _CONSENT_MAX_WORDS and _CONSENT.match(block.text):
        return "marker:subscribe"
    if len(words) <= _CONSENT_MAX_WORDS and _AFFILIATE.search(block.text):
        return "marker:advertising"
    if len(words) <= _LINE_MAX_WORDS * 2 and _is_labelled_teaser(block.text):
        return "teaser"
    if block.links and _POINTER.match(block.text):
        return "link_list"  # ">> All dates at a glance", "→ Compare mortgage rates"
    if _TEASER_END.search(block.text) and (block.links or _AFTER_SENTENCE.search(block.text)):
        return "link_list"  # "... sie sei überfordert. mehr": the card's "more" link
    return None


def _is_labelled_teaser(text: str) -> bool:
    label, bar, rest = text.partition("|")
    label = label.strip()
    return (
        bool(bar and rest.strip())
        and len(label) <= _TEASER_LABEL_MAX_CHARS
        and len(label.split()) >= 2
        and label.isupper()
    )


def _repeated(blocks: list[Block]) -> set[str]:
    """Short lines that occur more than once: template labels ("Article content", "Anzeige")."""
    counts = Counter(b.text for b in blocks if len(_WORD.findall(b.text)) <= _LINE_MAX_WORDS)
    return {text for text, n in counts.items() if n > 1}


def _titled_link_run_end(blocks: list[Block], i: int) -> int:
    """End (exclusive) of a box of links under its own title ("Neue Angebote bei Golem
    Jobs" and job ads): a short label and three or more linked lines. 0 when there is none."""
    block = blocks[i]
    words = _WORD.findall(block.text)
    if i + 1 >= len(blocks) or block.links or not words or len(words) > _LABEL_MAX_WORDS:
        return 0
    if block.text.rstrip()[-1:] in _SENTENCE_END:
        return 0
    end = _link_run_end(blocks, i + 1)
    return end if end - (i + 1) >= _TITLED_LINKS else 0


def _link_run_end(blocks: list[Block], i: int) -> int:
    """End (exclusive) of a run of link lists starting at i: two or more linked headlines in a
    row, or one short block that is nothing but a link. i itself when there is none."""
    j = i
    while j < len(blocks) and _is_listed_headline(blocks[j]) and blocks[j].links:
        j += 1
    if j - i >= 2:
        return j
    return i + 1 if _is_headline_link(blocks[i]) else i


def _is_headline_link(block: Block) -> bool:
    return (
        bool(block.links)
        and block.link_density >= _ALL_LINK
        and (len(_WORD.findall(block.text)) <= 15)
    )


def _teaser_cards_end(blocks: list[Block], i: int) -> int:
    """End (exclusive) of teaser cards starting at i — a linked headline and its unlinked
    summary, again and again (other stories, listed under the article). i when fewer than two
    cards."""
    # Cards with a linked author or section line after the summary are three blocks long:
    # the first two cards say which shape the list has.
    size = 3 if _is_card(blocks, i, 3) and _is_card(blocks, i + 3, 2) else 2
    j, cards = i, 0
    while _is_card(blocks, j, size):
        j, cards = j + size, cards + 1
    return j if cards >= 2 else i


def _is_card(blocks: list[Block], j: int, size: int) -> bool:
    """A linked headline at j, its unlinked summary, and (size 3) a linked byline."""
    return (
        j + size <= len(blocks)
        and _is_headline_link(blocks[j])
        and blocks[j + 1].link_density < _LINKED
        and not _is_headline_link(blocks[j + 1])
        and (size == 2 or _is_card_byline(blocks[j + 2]))
        # a summary, not a prompt between two buttons ("Sign up", "Already have an
        # account?", "Log in")
        and len(_WORD.findall(blocks[j + 1].text)) >= _CARD_SUMMARY_MIN_WORDS
    )


def _is_card_byline(block: Block) -> bool:
    return (
        block.link_density >= _LINKED
        and len(_WORD.findall(block.text)) <= _BYLINE_MAX_WORDS
        and not block.is_heading
    )


def _foreign_label(block: Block, language: str | None) -> str | None:
    """The language of a short unpunctuated line in another language than the article's: a
    template's UI string ("Поделиться", "Share this") that no marker list names yet."""
    if language is None or block.tag == "h1":
        return None
    words = _WORD.findall(block.text)
    if not words or len(words) > _LABEL_MAX_WORDS or block.text.rstrip()[-1:] in _SENTENCE_END:
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


def split(
    blocks: Iterable[Block], language: str | None = None
) -> tuple[list[Block], list[Segment]]:
    """(article blocks, removed segments) — together they hold every input block once.

    Besides markers: captions and credits, short lines the page repeats and paragraphs it
    prints twice, bylines (an author bio at the end too), datelines and reading times, teaser
    cards, runs and titled boxes of linked headlines, newsletter small print, affiliate
    disclosures, and short labels in another language than the article's `language`. A
    segment's language is the marker's (or the label's); for anything else it is left None
    for the language step, which knows the article's language by then.
    """
    kept: list[Block] = []
    removed: list[Segment] = []
    items = list(blocks)
    repeated = _repeated(items)
    said: set[str] = set()
    i = 0
    while i < len(items):
        block = items[i]
        found = match_marker(block)
        if found is None:
            if block.in_figure or block.tag == "figcaption" or _is_credit(block):
                removed.append(Segment(block.text, "caption"))
                i += 1
            elif block.text in repeated or block.text in said:
                removed.append(Segment(block.text, "repeated"))
                i += 1
            elif kind := _line_kind(block):
                removed.append(Segment(block.text, kind))
                i += 1
            elif (end := _teaser_cards_end(items, i)) > i:
                removed.extend(Segment(b.text, "teaser") for b in items[i:end])
                i = end
            elif (end := _link_run_end(items, i)) > i or (end := _titled_link_run_end(items, i)):
                removed.extend(Segment(b.text, "link_list") for b in items[i:end])
                i = end
            elif foreign := _foreign_label(block, language):
                removed.append(Segment(block.text, "foreign_label", foreign))
                i += 1
            else:
                kept.append(block)
                said.add(block.text)  # a paragraph printed twice (gallery and inline) once
                i += 1
            continue
        marker = found.marker
        removed.append(Segment(block.text, f"marker:{marker.category}", marker.language or None))
        i += 1
        if marker.category in END_CATEGORIES:
            removed.extend(Segment(b.text, f"after_marker:{marker.category}") for b in items[i:])
            break
        if marker.category in HEADING_CATEGORIES and found.exact:
            while i < len(items) and _is_listed_headline(items[i]):
                removed.append(Segment(items[i].text, f"linked_after_marker:{marker.category}"))
                i += 1
    return _drop_author_bio(kept, removed)


def _drop_author_bio(
    kept: list[Block], removed: list[Segment]
) -> tuple[list[Block], list[Segment]]:
    """The author's bio under the article ("John Doe is a national affairs correspondent
    for ...", "Redakteurin. Seit 2019 bei der taz"): a byline. Only the last blocks are
    looked at; a sentence about a reporter higher up is the story's."""
    for index in reversed(range(max(len(kept) - _BIO_TAIL_BLOCKS, 0), len(kept))):
        text = kept[index].text
        if len(_WORD.findall(text)) <= _BIO_MAX_WORDS and (
            _AUTHOR_BIO.match(text) or _AUTHOR_BIO_DE.search(text)
        ):
            removed.append(Segment(text, "byline"))
            del kept[index]
    return kept, removed
