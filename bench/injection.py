"""The injection part of `python -m bench.splitter`: template blocks inserted into corpus
pages, by phrase family, and how much of them the splitter lets into the body.

A phrase family is a marker category in one language, as in the marker files: the inline
"read also" lines are read_also phrasings, the headings over a list of links related_news
ones. Families are split into checking and tuning by a hash of "category:language"; the
checking half is measured with its families' phrases withheld from the splitter
(`markers.without`), so that it says how the splitter does on phrasings nobody listed.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree, html

from bench import report, scoring
from bench.corpora import HALVES, Half, Page, half_of
from bench.scoring import collapse_whitespace
from bench.systems import newscrawl_text
from newscrawl import Mode, extract_article
from newscrawl.extract.blocks import Block
from newscrawl.extract.boilerplate import markers
from newscrawl.extract.boilerplate.markers import Family
from newscrawl.extract.encoding import decode_html

SEED = 20261127

# Spellings as templates write them: casing, colons and variants beyond the marker files.
INLINE = {
    "en": ["Read also:", "READ ALSO:", "Also read:", "Read more:", "See also:"],
    "ru": ["Читайте также:", "ЧИТАЙТЕ ТАКЖЕ:", "Читайте также по теме:", "Смотрите также:"],
    "kk": ["Тағы оқыңыз:", "ТАҒЫ ОҚЫҢЫЗ:", "Сондай-ақ оқыңыз:", "Оқи отырыңыз:"],
    "uk": ["Читайте також:", "Дивіться також:", "ЧИТАЙТЕ ТАКОЖ:"],
}
HEADINGS = {
    "en": ["Related news", "Similar news", "More on this topic", "Related articles"],
    "ru": ["Похожие новости", "Другое на эту тему", "Новости по теме", "Материалы по теме"],
    "kk": ["Ұқсас жаңалықтар", "Тақырыпқа қатысты", "Басқа жаңалықтар"],
    "uk": ["Схожі новини", "Новини за темою", "Інші новини"],
}
HEADLINES = {
    "en": [
        "Tenge strengthens against the dollar on the morning session",
        "New metro line in Almaty to open next year",
        "Wheat harvest in northern regions beats forecast",
        "Government approves plan to modernise district hospitals",
        "Snowfall closes mountain roads near Shymkent",
        "National team names squad for the Asian Cup qualifiers",
    ],
    "ru": [
        "Курс тенге укрепился на утренней сессии",
        "В Алматы откроют новую линию метро в следующем году",
        "Урожай пшеницы на севере превысил прогноз",
        "Правительство одобрило план модернизации районных больниц",
        "Снегопад закрыл горные дороги под Шымкентом",
        "Сборная объявила состав на отборочные матчи Кубка Азии",
    ],
    "kk": [
        "Теңге бағамы таңғы сессияда нығайды",
        "Алматыда келесі жылы метроның жаңа желісі ашылады",
        "Солтүстік өңірлерде бидай өнімі болжамнан асты",
        "Үкімет аудандық ауруханаларды жаңғырту жоспарын мақұлдады",
        "Шымкент маңындағы тау жолдары қар салдарынан жабылды",
    ],
    "uk": [
        "Гривня зміцнилася на ранковій сесії",
        "У Києві наступного року відкриють нову лінію метро",
        "Урожай пшениці на півночі перевищив прогноз",
        "Уряд схвалив план модернізації районних лікарень",
        "Снігопад закрив гірські дороги на заході країни",
    ],
}
INLINE_CATEGORY, HEADING_CATEGORY = "read_also", "related_news"
FAMILIES: tuple[Family, ...] = (
    *((INLINE_CATEGORY, lang) for lang in INLINE),
    *((HEADING_CATEGORY, lang) for lang in HEADINGS),
)
# The splitter alone first (every block of the article area reaches it), then the default.
INJECTION_MODES: tuple[Mode, ...] = ("fast", "consensus")


def family_half(family: Family) -> Half:
    """The tuning or checking half of a phrase family: a hash of "category:language", as a
    site's half is a hash of its host (bench.corpora.half_of)."""
    return half_of(":".join(family))


def families_of(half: Half) -> tuple[Family, ...]:
    return tuple(f for f in FAMILIES if family_half(f) == half)


def family_name(family: Family) -> str:
    return f"{family[0]} {family[1]}"


@dataclass
class Injection:
    raw: bytes  # the page as read, before injection
    html: bytes
    texts: list[tuple[Family, str]] = field(default_factory=list)  # (family, injected text)


def _container(tree: etree._Element, truth: str) -> list[etree._Element]:
    """The truth's paragraphs as they stand in the page, in the parent holding most of them."""
    truth_n = collapse_whitespace(truth)
    found = [
        p
        for p in tree.iter("p", "div", "li", "td")
        if len(p) < 6
        and (text := collapse_whitespace(p.text_content()))
        and len(text) > 60
        and text[:60] in truth_n
    ]
    parents = Counter(p.getparent() for p in found)
    if not parents:
        return []
    best = parents.most_common(1)[0][0]
    return [p for p in found if p.getparent() is best]


def _pick_language(page_lang: str, languages: Sequence[str], rng: random.Random) -> str:
    # Mostly another language than the page's (the leak newscrawl exists for); sometimes the
    # same, as templates also leak in the page's own language.
    others = [lang for lang in languages if lang != page_lang] or list(languages)
    return rng.choice(others) if rng.random() < 0.8 else rng.choice(languages)


def inject(
    page: Page, rng: random.Random, families: Sequence[Family] = FAMILIES
) -> Injection | None:
    """The page with an inline line and a heading with its list inserted, each in the
    language of one of `families` (a category without a family there is left out)."""
    raw = page.read_html()
    tree = html.fromstring(decode_html(raw))
    paragraphs = _container(tree, page.truth)
    if len(paragraphs) < 3:
        return None
    result = Injection(raw, b"")
    if inline := [lang for category, lang in families if category == INLINE_CATEGORY]:
        result.texts += _inject_inline(paragraphs, _pick_language(page.lang, inline, rng), rng)
    if headed := [lang for category, lang in families if category == HEADING_CATEGORY]:
        result.texts += _inject_list(paragraphs, _pick_language(page.lang, headed, rng), rng)
    result.html = etree.tostring(tree, encoding="utf-8", method="html")
    return result


def _inject_inline(
    paragraphs: list[etree._Element], lang: str, rng: random.Random
) -> list[tuple[Family, str]]:
    marker, headline = rng.choice(INLINE[lang]), rng.choice(HEADLINES[lang])
    # Some templates link the headline, some print it as plain text.
    linked = f'<a href="/news/{rng.randint(1000, 9999)}">{headline}</a>'
    inline = html.fragment_fromstring(
        f"<p><strong>{marker}</strong> {linked if rng.random() < 0.7 else headline}</p>"
    )
    paragraphs[1].addnext(inline)
    family = (INLINE_CATEGORY, lang)
    return [(family, marker), (family, headline)]


def _inject_list(
    paragraphs: list[etree._Element], lang: str, rng: random.Random
) -> list[tuple[Family, str]]:
    heading = rng.choice(HEADINGS[lang])
    listed = rng.sample(HEADLINES[lang], 3)
    items = "".join(f'<li><a href="/news/{i}">{h}</a></li>' for i, h in enumerate(listed))
    block = html.fragment_fromstring(f"<div><h4>{heading}</h4><ul>{items}</ul></div>")
    # Inside the article (between paragraphs) as often as after it.
    where = paragraphs[-1] if rng.random() < 0.5 else paragraphs[len(paragraphs) // 2]
    where.addnext(block)
    family = (HEADING_CATEGORY, lang)
    return [(family, heading), *((family, h) for h in listed)]


@dataclass
class InjectionResult:
    pages: int = 0
    injected: Counter[Family] = field(default_factory=Counter)
    leaked: Counter[Family] = field(default_factory=Counter)
    split_off: Counter[Family] = field(default_factory=Counter)
    before: list[scoring.Match] = field(default_factory=list)
    after: list[scoring.Match] = field(default_factory=list)


def run_injection(pages: Sequence[Page], half: Half, mode: Mode) -> InjectionResult:
    """Inject the half's families into every page (seeded alike for each half and mode);
    for the checking half the splitter has those families' phrases withheld."""
    families = families_of(half)
    withheld = families if half == "checking" else ()
    rng = random.Random(SEED)
    result = InjectionResult()
    with markers.without(withheld):
        for page in pages:
            injected = inject(page, rng, families)
            if injected is not None:
                _score(page, injected, mode, result)
    return result


def _score(page: Page, injected: Injection, mode: Mode, result: InjectionResult) -> None:
    url = page.url or "http://example.com/"
    clean = newscrawl_text(extract_article(injected.raw, url, mode=mode))
    record = extract_article(injected.html, url, mode=mode)
    dirty = newscrawl_text(record)
    result.pages += 1
    result.before.append(scoring.match(page.truth, clean))
    result.after.append(scoring.match(page.truth, dirty))
    body_before = collapse_whitespace(clean)
    body = collapse_whitespace(dirty)
    removed = collapse_whitespace(" ".join(s["text"] for s in record["boilerplate"]))
    for family, text in injected.texts:
        result.injected[family] += 1
        phrase = collapse_whitespace(text)
        # Leaked: the injected text is in the body but was not there before injection.
        if phrase in body and phrase not in body_before:
            result.leaked[family] += 1
        elif phrase in removed:
            result.split_off[family] += 1


def still_known(half: Half) -> list[tuple[str, markers.Marker]]:
    """(injected marker phrase, the marker that matches it) for the half's phrases that the
    splitter still knows with the half's families withheld: through another family's phrase
    (a shorter one it starts with, or the same words filed under another category)."""
    found = []
    with markers.without(families_of(half)):
        for category, lang in families_of(half):
            for phrase in INLINE[lang] if category == INLINE_CATEGORY else HEADINGS[lang]:
                # as injected: a heading alone, an inline marker before a headline
                shapes = (Block(phrase, "h4"), Block(f"{phrase} {HEADLINES[lang][0]}", "p"))
                match = next(filter(None, map(markers.match_marker, shapes)), None)
                if match is not None and match.marker.language:
                    found.append((phrase, match.marker))
    return found


Injections = dict[tuple[Half, Mode], InjectionResult]


def _rate(part: int, whole: int) -> str:
    return report.fmt(part / whole * 100 if whole else None, 2) + " %"


def _summary_rows(injections: Injections) -> list[list[str]]:
    rows = []
    for (half, mode), result in injections.items():
        before, after = scoring.aggregate(result.before), scoring.aggregate(result.after)
        injected, leaked = sum(result.injected.values()), sum(result.leaked.values())
        drop = None if before.f1 is None or after.f1 is None else before.f1 - after.f1
        lists = "withheld" if half == "checking" else "as shipped"
        rows.append(
            [
                f"{half} (phrases {lists})",
                mode,
                str(result.pages),
                str(injected),
                str(sum(result.split_off.values())),
                str(leaked),
                _rate(leaked, injected),
                report.fmt(before.f1),
                report.fmt(after.f1),
                report.fmt(drop),
            ]
        )
    return rows


def _family_rows(injections: Injections) -> list[list[str]]:
    rows = []
    for half in HALVES:
        for family in families_of(half):
            by_mode = [injections[half, mode] for mode in INJECTION_MODES]
            injected = by_mode[0].injected[family]
            cells = [f"{r.split_off[family]} / {r.leaked[family]}" for r in by_mode]
            leak = [_rate(r.leaked[family], injected) for r in by_mode]
            rows.append([half, family_name(family), str(injected), *cells, *leak])
    return rows


def _still_known_line(still: list[tuple[str, markers.Marker]]) -> str:
    if not still:
        return (
            "With the checking families withheld, no other family's phrase matches any of "
            "their injected marker phrasings: all of them are unknown to the splitter."
        )
    listed = ", ".join(
        f"“{phrase}” by “{m.phrase}” ({m.category} {m.language})" for phrase, m in still
    )
    return (
        f"With the checking families withheld, {len(still)} of their injected marker "
        f"phrasings are still matched, by another family's phrase: {listed}."
    )


_SUMMARY_HEADER = (
    "families",
    "mode",
    "pages",
    "injected texts",
    "split off with a reason",
    "leaked into body",
    "leak rate",
    "F1 before",
    "F1 after",
    "F1 drop",
)
_FAMILY_HEADER = (
    "half",
    "family",
    "injected texts",
    *(f"{mode}: split off / leaked" for mode in INJECTION_MODES),
    *(f"{mode}: leak rate" for mode in INJECTION_MODES),
)


def injection_lines(injections: Injections, still: list[tuple[str, markers.Marker]]) -> list[str]:
    """The injection part of the docs section, checking half first."""
    halves = "; ".join(
        f"{half}: {', '.join(family_name(f) for f in families_of(half))}" for half in HALVES
    )
    return [
        "Injected leaks into ru-news and multi-news pages (marker language mostly differs "
        "from the page's; seeded). Phrase families (a marker category in one language) are "
        "split by a hash of “category:language” into checking and tuning families — "
        f"{halves}. Checking: only checking-family phrases are injected and the splitter runs "
        "with those families' phrases withheld from its marker lists (`markers.without`), "
        "phrasings it was never given; tuning: tuning-family phrases, lists as shipped. Fast "
        "mode shows the splitter alone; in consensus mode (the default) the other extractors' "
        "vote on the article area comes first.",
        "",
        report.table(_SUMMARY_HEADER, _summary_rows(injections), right_from=2),
        "",
        "By family:",
        "",
        report.table(_FAMILY_HEADER, _family_rows(injections), right_from=2),
        "",
        _still_known_line(still),
        "",
        "Injected texts neither split off nor leaked fell outside the article area the "
        "extractor chose (after the last paragraph of the run, or voted out in consensus "
        "mode). Targets: leak rate ≤ 1 %, F1 drop ≤ 0.005.",
    ]
