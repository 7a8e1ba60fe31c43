"""The sizes and shapes the splitter's rules share: how long a line is, whether a block is
mostly link, what ends a sentence."""

from __future__ import annotations

import re

WORD = re.compile(r"\w+")
# A short line. A line-category marker takes its line only when the line is this short:
# "Фото: Reuters" goes, a paragraph that merely starts with "Фото" stays.
LINE_MAX_WORDS = 12
# Link-dominated: most of the block's characters are anchor text.
LINKED = 0.6
# A block that is all link.
ALL_LINK = 0.9
# "Von Nina Magoley", "By Jane Doe", "Автор: ..." standing alone.
BYLINE_MAX_WORDS = 7
# A template label is a few words without a full stop.
LABEL_MAX_WORDS = 8
_SENTENCE_END = frozenset('.!?…»"”)')


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in _SENTENCE_END
