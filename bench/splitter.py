"""`python -m bench.splitter`: the mixed-language boilerplate splitter and language labels.

1. Injection: into the article container of every ru-news and multi-news page (the element
   holding most of the truth's paragraphs), insert the blocks news templates leak — an inline
   "read also" line with a headline (linked or not) after the second paragraph, and a "related
   news" heading with a list of linked headlines in the middle or after the last paragraph —
   in a language chosen so that it usually differs from the page's. Then: how much of the
   injected text leaks into the body, and how much the page's F1 changes. The marker phrases
   and headlines are this module's own lists, with spellings the marker data files lack.
   Phrase families (a marker category in one language: the inline lines are read_also, the
   headings related_news) are split by a hash of "category:language" into tuning and
   checking families. Checking: only checking-family phrases are injected, and the splitter
   runs with those families' phrases withheld from its marker lists (`markers.without`), so
   every phrasing is one it was never given. Tuning: tuning-family phrases, lists as shipped.
   Both in fast mode (the splitter sees every block of the article area the body finder
   chose) and in consensus mode (the default, where the other extractors' vote comes first).
2. Language labels: paragraphs of ≥ 20 words in en/ru/kk/uk (tests/fixtures/language/, written
   for the project) labelled one by one.
3. Cost: the split and language steps' share of extract_article's time per page.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree, html

from bench import corpora, report, scoring
from bench.corpora import DEFAULT_CORPORA, HALVES, REPO, Half, Page
from bench.report import DOC
from bench.run import available_cpus, pin_to_one_core
from bench.scoring import collapse_whitespace
from bench.systems import newscrawl_text
from newscrawl import Mode, extract_article, page_draft, steps
from newscrawl.extract.blocks import Block
from newscrawl.extract.boilerplate import markers
from newscrawl.extract.encoding import decode_html
from newscrawl.extract.language import detect

LANGUAGE_SETS = REPO / "tests" / "fixtures" / "language"
START, END = "<!-- bench:splitter:start -->", "<!-- bench:splitter:end -->"
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
Family = tuple[str, str]  # (marker category, language), as in the marker files
FAMILIES: tuple[Family, ...] = (
    *((INLINE_CATEGORY, lang) for lang in INLINE),
    *((HEADING_CATEGORY, lang) for lang in HEADINGS),
)
# The splitter alone first (every block of the article area reaches it), then the default.
INJECTION_MODES: tuple[Mode, ...] = ("fast", "consensus")


def family_half(family: Family) -> Half:
    """The tuning or checking half of a phrase family: a hash of "category:language", as a
    site's half is a hash of its host (bench.corpora.half_of)."""
    digest = hashlib.sha1(":".join(family).encode()).digest()
    return "checking" if digest[1] % 2 == 1 else "tuning"


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


def language_accuracy() -> dict[str, tuple[int, int, Counter[str]]]:
    """language -> (correct, total, wrong labels)."""
    results = {}
    for path in sorted(LANGUAGE_SETS.glob("*.txt")):
        expected = path.stem
        lines = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if len(scoring.tokens(line)) >= 20
        ]
        wrong: Counter[str] = Counter()
        for line in lines:
            found = detect(line)[0]
            if found != expected:
                wrong[str(found)] += 1
        results[expected] = (len(lines) - sum(wrong.values()), len(lines), wrong)
    return results


def step_costs(pages: Sequence[Page]) -> tuple[float, float, float]:
    """Seconds spent (all steps, split step, language step) over the pages.

    All steps: what extract_article runs, from page_draft through steps.STEPS to to_item.
    """
    total = split = language = 0.0
    for page in pages:
        raw = page.read_html()
        t0 = time.perf_counter()
        draft = page_draft(raw, page.url or "http://example.com/")
        for step in steps.STEPS:
            start = time.perf_counter()
            draft = step(draft)
            spent = time.perf_counter() - start
            if step is steps.split_boilerplate:
                split += spent
            elif step is steps.detect_language:
                language += spent
        steps.to_item(draft)
        total += time.perf_counter() - t0
    return total, split, language


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


def _injection_lines(injections: Injections, still: list[tuple[str, markers.Marker]]) -> list[str]:
    halves = "; ".join(
        f"{half}: {', '.join(family_name(f) for f in families_of(half))}" for half in HALVES
    )
    modes = [f"{mode}: split off / leaked" for mode in INJECTION_MODES]
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
        report.table(
            [
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
            ],
            _summary_rows(injections),
            right_from=2,
        ),
        "",
        "By family:",
        "",
        report.table(
            [
                "half",
                "family",
                "injected texts",
                *modes,
                *(f"{m}: leak rate" for m in INJECTION_MODES),
            ],
            _family_rows(injections),
            right_from=2,
        ),
        "",
        _still_known_line(still),
        "",
        "Injected texts neither split off nor leaked fell outside the article area the "
        "extractor chose (after the last paragraph of the run, or voted out in consensus "
        "mode). Targets: leak rate ≤ 1 %, F1 drop ≤ 0.005.",
    ]


def render(
    injections: Injections,
    still: list[tuple[str, markers.Marker]],
    accuracy: dict[str, tuple[int, int, Counter[str]]],
    costs: tuple[float, float, float],
    pages: int,
    machine: report.Machine,
) -> str:
    acc_rows = []
    for lang, (correct, count, wrong) in accuracy.items():
        share = correct / count * 100 if count else None
        errors = ", ".join(f"{k}×{v}" for k, v in wrong.most_common()) or "—"
        acc_rows.append([lang, str(count), str(correct), report.fmt(share, 1) + " %", errors])
    total, split, language = costs
    return "\n".join(
        [
            "## Mixed-language boilerplate and language labels",
            "",
            *machine.lines(),
            "- Rerun: `make bench  # or: .venv/bin/python -m bench.splitter`",
            "",
            *_injection_lines(injections, still),
            "",
            "Language labels, paragraphs of ≥ 20 words (tests/fixtures/language/, target ≥ 99 %):",
            "",
            report.table(
                ["language", "paragraphs", "correct", "accuracy", "mistaken for"], acc_rows
            ),
            "",
            f"Cost over {pages} corpus pages: the split step takes {split / total * 100:.1f} % and "
            f"the language step {language / total * 100:.1f} % of extract_article's time "
            f"({(split + language) / total * 100:.1f} % together; target ≤ 20 %).",
            "",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.splitter", description=__doc__)
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    nproc = available_cpus()
    pinned = pin_to_one_core()  # before any timing: the cost shares are one-core figures
    root = args.corpora.resolve()
    present, absent = corpora.available(root, ["ru-news", "multi-news"])
    for name in absent:
        print(f"skipping {name}: not under {root}", file=sys.stderr)
    pages = [p for name in present for p in corpora.load(root, name)]
    unlisted = set(FAMILIES) - markers.families()
    if unlisted:  # withholding them would withhold nothing: the checking figure would lie
        parser.error(f"no marker file lists {sorted(unlisted)}")
    injections = {
        (half, mode): run_injection(pages, half, mode)
        for half in HALVES
        for mode in INJECTION_MODES
    }
    accuracy = language_accuracy()
    costs = step_costs(pages)
    machine = report.Machine.describe(REPO, nproc, pinned)
    section = render(injections, still_known("checking"), accuracy, costs, len(pages), machine)
    print(section)
    if not args.no_write and not absent:
        report.update_doc(DOC, section, START, END)
        print(f"updated {DOC.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
