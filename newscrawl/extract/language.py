"""Language of a text: script and letter evidence first, langdetect where that cannot decide.

langdetect has no Kazakh and mixes up Ukrainian and Russian on short texts, so Cyrillic text
is settled by letters only Kazakh has (ә ғ қ ң ө ұ ү һ), letters only Ukrainian has (ї є ґ,
and і without Kazakh letters) and frequent words of each language. langdetect (seeded, so it
answers the same every run) is called for other scripts only when the cheap English check
has not decided.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from babel import localedata
from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from newscrawl.extract.structured import normalise_language

DetectorFactory.seed = 0

_KK_LETTERS = frozenset("әғқңөұүһ")
_UK_LETTERS = frozenset("їєґ")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)?")
# Language is decided on this much text; more only costs time (langdetect's cost grows with it).
_SAMPLE_CHARS = 1000
_MIN_LETTERS = 3
_MIN_STOPWORD_SAMPLE = 5
# A second language holding this share of the body makes the article bilingual.
MIXED_SHARE = 0.25
_LATIN_STOPWORD_LANGUAGES = ("en", "de", "fr", "es")
_CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "kk", "be", "bg", "mk", "sr", "ky", "tg", "mn"})


@cache
def stopwords(language: str) -> frozenset[str]:
    path = resources.files("newscrawl.extract") / "data" / "stopwords" / f"{language}.txt"
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _cyrillic_language(words: list[str]) -> tuple[str, float]:
    kk = uk = ru = 0.0
    ru_words, uk_words, kk_words = stopwords("ru"), stopwords("uk"), stopwords("kk")
    slavic = stopwords("slavic")
    for word in words:
        if word in slavic:
            ru += 1
            uk += 1
        letters = set(word)
        if letters & _KK_LETTERS:
            kk += 1
        elif letters & _UK_LETTERS or "і" in letters:
            uk += 1
        if word in kk_words:
            kk += 2
        if word in uk_words:
            uk += 2
        if word in ru_words:
            ru += 2
    # "і" alone is also Kazakh: give it to Ukrainian only when Kazakh has no evidence at all.
    if kk and uk and not any(set(w) & _UK_LETTERS for w in words):
        kk, uk = kk + uk / 2, uk / 2
    scores = {"ru": ru, "uk": uk, "kk": kk}
    best = max(scores, key=lambda k: (scores[k], k == "ru"))
    total = sum(scores.values())
    if total == 0:
        return "ru", 0.5  # plain Cyrillic without any cue: Russian is by far the likeliest
    return best, round(scores[best] / total, 3)


def _latin_by_stopwords(words: list[str]) -> str | None:
    """en/de/fr/es when one of them clearly owns the function words; else None."""
    if len(words) < _MIN_STOPWORD_SAMPLE:
        return None
    shares = {
        lang: sum(1 for w in words if w in common) / len(words)
        for lang, common in ((lang, stopwords(lang)) for lang in _LATIN_STOPWORD_LANGUAGES)
    }
    best = max(shares, key=lambda k: shares[k])
    others = max(v for k, v in shares.items() if k != best)
    return best if shares[best] >= 0.2 and shares[best] >= 2 * others else None


def _langdetect(text: str) -> tuple[str | None, float]:
    try:
        best = detect_langs(text[:_SAMPLE_CHARS])[0]
    except LangDetectException:
        return None, 0.0
    return best.lang.split("-")[0], round(best.prob, 3)


def detect(text: str) -> tuple[str | None, float]:
    """(ISO 639-1 code, confidence 0..1); (None, 0.0) when the text holds too few letters."""
    sample = text[:_SAMPLE_CHARS]
    letters = [ch for ch in sample.lower() if ch.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return None, 0.0
    cyrillic = sum(1 for ch in letters if _is_cyrillic(ch))
    words = _WORD.findall(sample.lower())
    if cyrillic * 2 >= len(letters):
        return _cyrillic_language(words)
    quick = _latin_by_stopwords(words)
    if quick:
        return quick, 0.95
    return _langdetect(sample)


def _latin_script(language: str | None) -> bool:
    return language is not None and language not in _CYRILLIC_LANGUAGES


def cyrillic_script(language: str) -> bool:
    return language in _CYRILLIC_LANGUAGES


def paragraph_languages(
    paragraphs: list[str], fallback: str | None = None
) -> tuple[list[str | None], str | None, float, bool]:
    """Per-paragraph languages, then the article's: the language holding most of the text,
    its share of the text as confidence, and whether a second language holds enough of the
    body (MIXED_SHARE) to call the article bilingual.

    A paragraph is settled by script, letters and function words; a Latin-script paragraph
    those cannot place takes the page language (`fallback`) when that is Latin-script too, so
    langdetect runs only for Latin text on a non-Latin page.
    """
    languages: list[str | None] = []
    weight: dict[str, int] = {}
    for paragraph in paragraphs:
        found = guess(paragraph, fallback)
        languages.append(found)
        if found:
            weight[found] = weight.get(found, 0) + len(paragraph)
    total = sum(weight.values())
    if not total:
        return languages, fallback, 0.0, False
    ranked = sorted(weight, key=lambda k: -weight[k])
    share = weight[ranked[0]] / total
    mixed = len(ranked) > 1 and weight[ranked[1]] / total >= MIXED_SHARE
    return languages, ranked[0], round(share, 3), mixed


def guess(text: str, prior: str | None) -> str | None:
    """Language of a short piece of a page (a headline, a caption) whose page language is
    `prior`. Statistics on a few words are noise, so a short Latin-script text on a
    Latin-script page takes the page's language unless it reads as English."""
    sample = text[:_SAMPLE_CHARS].lower()
    words = _WORD.findall(sample)
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return None
    if sum(1 for ch in letters if _is_cyrillic(ch)) * 2 >= len(letters):
        return _cyrillic_language(words)[0]
    # Same script as the page: only a clear function-word signal overrides the page. (What
    # detect() would check before these two, letters and script, is settled above.)
    quick = _latin_by_stopwords(words)
    if _latin_script(prior):
        return quick or prior
    return quick or _langdetect(text)[0]


# Codes an article may carry that CLDR does not list: langdetect's Tagalog, and the ISO
# 639 codes that were withdrawn but that pages' lang attributes still hold (Hebrew, Indonesian,
# Yiddish, Javanese).
_MORE_CODES = frozenset({"tl", "iw", "in", "ji", "jw"})


@cache
def _known_codes() -> frozenset[str]:
    # CLDR's languages (through babel, which trafilatura's courlan already brings): every
    # code a page's lang attribute can sensibly hold.
    cldr = {name.split("_")[0] for name in localedata.locale_identifiers()}
    return frozenset(cldr | _MORE_CODES)


def language_code(value: str) -> str | None:
    """The language code a user means by `value` ("en", "EN", "en-GB"; "kz" and "ua", the
    country codes a page's lang attribute also holds, as the page's would be read: kk, uk),
    or None when it names no language ("english", "xx"): filtering a crawl by a code no
    article can carry would export nothing."""
    code = normalise_language(value)
    return code if code and code.isalpha() and code in _known_codes() else None
