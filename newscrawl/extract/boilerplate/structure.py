"""Signals that need no phrase list: the shape of a template line, and the brand names its
calls to action carry, which read the same in every language and script.

- a labelled link: a short label, a colon, and a linked headline ("Also on this topic:
  <a>…</a>", "Steppe Daily recommends: <a>…</a>", in any language);
- a labelled headline: the same with the headline printed plain (no link), when the rest
  reads as a title (capitalised, a headline's length, no full stop);
- a network call: a short line naming a social network or messenger that is no plain
  sentence of the story (it links, exclaims, or has no full stop): "Подписывайтесь на наш
  Telegram-канал!", "Бізді Instagram-да оқыңыз", "Follow us on X".
"""

from __future__ import annotations

import re
from functools import cache

from newscrawl.extract.blocks import Block
from newscrawl.extract.boilerplate.shape import ends_sentence, word_count
from newscrawl.extract.wordlists import alternation

# The label before the colon: a few words, no sentence of its own.
_LABEL_MAX_WORDS = 5
_LABEL_MAX_CHARS = 48
# What follows the colon is a headline: some words, nearly all of them link text.
_HEADLINE_MIN_WORDS = 2
_HEADLINE_LINKED = 0.8
_LABELLED_MAX_WORDS = 30
# ... and printed plain: a shorter label, a headline's length.
_PLAIN_LABEL_MAX_WORDS = 4
_PLAIN_HEADLINE_WORDS = (4, 16)
# A call to action is a short line; a story's sentence about a Telegram post is longer.
_CALL_MAX_WORDS = 16


_COLON = re.compile(r"[:：]")


@cache
def _networks() -> re.Pattern[str]:
    return re.compile(r"(?<![\w.])(" + alternation("networks") + r")(?![\w])", re.IGNORECASE)


def _label_split(text: str) -> tuple[str, str, str]:
    """(label, colon, rest) at the first colon, ASCII or full-width (Chinese, Japanese)."""
    found = _COLON.search(text)
    if not found:
        return text, "", ""
    return text[: found.start()], found.group(), text[found.end() :]


def is_labelled_link(block: Block) -> bool:
    label, colon, rest = _label_split(block.text)
    if not colon or not block.links or word_count(block.text) > _LABELLED_MAX_WORDS:
        return False
    label, rest = label.strip(), rest.strip()
    # The label is plain text and the headline a link: a block that is one link, colon and
    # all, is a linked headline with a colon in it ("Mit KI gegen Unkraut: Neue Wege"), which
    # the link-list rules judge with its neighbours. A URL's "https:" is no label.
    return (
        0 < word_count(label) <= _LABEL_MAX_WORDS
        and len(label) <= _LABEL_MAX_CHARS
        and not rest.startswith("//")
        and word_count(rest) >= _HEADLINE_MIN_WORDS
        and _HEADLINE_LINKED * len(rest) <= block.link_chars <= len(rest) + 1
    )


def is_labelled_headline(block: Block) -> bool:
    """The same line with the headline printed plain: a short label, a colon, and a title-
    like rest (capitalised, a few words, no full stop) on a paragraph of its own. A story's
    own "Напомним: ранее сообщалось..." ends as sentences do."""
    label, colon, rest = _label_split(block.text)
    # A paragraph of its own: list items ("1 de mayo: Día del Trabajo") and table cells are
    # the story's lists, and a label opening on a number is a date or a count, not a label.
    if not colon or block.tag != "p" or block.links:
        return False
    label, rest = label.strip(), rest.strip()
    return (
        0 < word_count(label) <= _PLAIN_LABEL_MAX_WORDS
        and not label[:1].isdigit()
        and len(label) <= _LABEL_MAX_CHARS
        and _PLAIN_HEADLINE_WORDS[0] <= word_count(rest) <= _PLAIN_HEADLINE_WORDS[1]
        and rest[:1].isupper()
        and not ends_sentence(rest)
        and not rest.endswith((":", ";", ","))
    )


def is_network_call(block: Block) -> bool:
    text = block.text.strip()
    if word_count(text) > _CALL_MAX_WORDS or not _networks().search(text):
        return False
    return bool(block.links) or text.endswith(("!", ":")) or not ends_sentence(text)
