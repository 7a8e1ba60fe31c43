import pytest

from newscrawl.extract.blocks import Block
from newscrawl.extract.draft import ArticleDraft, Segment
from newscrawl.steps import STEPS, normalise, parse_views, run_steps, to_item

FIRST = (
    "A freight train carrying coal left the rails near the eastern border station on Friday, "
    "the railway company said, and nobody was hurt."
)
SECOND = "The line reopened in the evening after the wagon was lifted back onto the track."


def make_draft(**fields) -> ArticleDraft:
    base = dict(
        url="https://bnews.kz/en/news/x",
        site="bnews.kz",
        timezone="Asia/Almaty",
        fetched_at="2026-11-27T21:00:00+00:00",
        language_hint="en",
    )
    return ArticleDraft(**{**base, **fields})


@pytest.mark.parametrize(
    ("raw", "views"),
    [
        ("410", 410),
        ("1 204", 1204),
        ("2,5K", 2500),
        ("12,345", 12345),
        ("👁 77", 77),
        (None, None),
        ("—", None),
    ],
)
def test_parse_views(raw: str | None, views: int | None) -> None:
    assert parse_views(raw) == views


def test_title_and_lead_repeated_at_the_top_go_to_boilerplate() -> None:
    d = normalise(
        make_draft(
            title=" CSTO  was appreciative ",
            lead="The lead.",
            blocks=[
                Block("CSTO was appreciative", "figcaption"),
                Block("The lead.", "p"),
                Block("Body text.", "p"),
            ],
        )
    )
    assert d.title == "CSTO was appreciative"
    assert [b.text for b in d.blocks] == ["Body text."]
    assert [s.reason for s in d.boilerplate] == ["title_repeated", "lead_repeated"]


def test_dates_views_and_whitespace_are_normalised() -> None:
    d = normalise(
        make_draft(
            published_raw=" 09 November, 2018,\n11:07 ",
            views_raw="410",
            modified_raw="2018-11-09T12:00:00+06:00",
            tags=["a", "a", " b "],
        )
    )
    assert d.published_at == "2018-11-09T11:07:00+06:00"
    assert d.published_raw == "09 November, 2018, 11:07"
    assert d.modified_at == "2018-11-09T12:00:00+06:00"
    assert d.views == 410 and d.tags == ["a", "b"]


def test_all_steps_give_a_valid_item_with_translations_of_other_languages() -> None:
    d = make_draft(
        title="Title",
        canonical_url="https://bnews.kz/en/news/x",
        blocks=[
            Block(
                "The participants have agreed to continue cooperation in military and "
                "economic spheres, the secretary said.",
                "p",
            ),
            Block("Читайте также", "h4"),
            Block("Other headline", "li", 14, 1),
        ],
        alternates={"en": "https://bnews.kz/en/news/x", "ru": "https://bnews.kz/ru/news/y"},
    )
    for step in STEPS:
        d = step(d)
    item = to_item(d)
    assert item.language == "en"
    assert item.translations == {"ru": "https://bnews.kz/ru/news/y"}
    assert "Читайте" not in item.body and len(item.boilerplate) == 2
    assert item.boilerplate[1] == {
        "text": "Other headline",
        "reason": "linked_after_marker:read_also",
        "language": "en",
    }
    assert len(item.content_sha1) == 40


def test_language_per_paragraph_and_mixed_flag() -> None:
    english = (
        "The participants agreed to continue cooperation in military and economic "
        "spheres, the deputy secretary-general said on Friday in Astana."
    )
    russian = (
        "Участники договорились продолжить сотрудничество в военно-экономической "
        "сфере, сообщил заместитель генерального секретаря в пятницу в Астане."
    )
    kazakh = (
        "Қатысушылар әскери-экономикалық салалардағы ынтымақтастықты жалғастыруға "
        "келісті, деп хабарлады бас хатшының орынбасары жұма күні Астанада."
    )
    one_quote = make_draft(
        title="T",
        blocks=[
            Block(f"{t} {n}", "p")
            for n, t in enumerate((english, english, russian, english, english))
        ],
    )
    for step in STEPS:
        one_quote = step(one_quote)
    assert one_quote.paragraph_languages == ["en", "en", "ru", "en", "en"]
    assert one_quote.language == "en" and not one_quote.mixed_language
    assert 0.6 < one_quote.language_confidence < 0.9
    bilingual = make_draft(
        title="T",
        language_hint="kk",
        blocks=[Block(f"{t} {n}", "p") for n, t in enumerate((kazakh, russian, kazakh, russian))],
    )
    for step in STEPS:
        bilingual = step(bilingual)
    assert bilingual.paragraph_languages == ["kk", "ru", "kk", "ru"]
    assert bilingual.mixed_language


def test_a_lead_made_of_the_body_is_dropped() -> None:
    first = "The ministry approved the budget on Tuesday after a long debate in parliament."
    second = "Opposition deputies said the plan cut spending on rural schools."
    for lead in (first[:40] + "…", first + second[:30] + "…"):
        d = normalise(
            make_draft(
                title="T",
                lead=lead,
                blocks=[Block("09.11.2018", "p"), Block(first, "p"), Block(second, "p")],
            )
        )
        assert d.lead is None
    kept = normalise(
        make_draft(
            title="T", lead="A standfirst of its own, not in the body.", blocks=[Block(first, "p")]
        )
    )
    assert kept.lead == "A standfirst of its own, not in the body."


def test_a_generated_description_copied_out_of_the_body_is_dropped() -> None:
    # Behind a dateline, sentences run together, a date and section after the cut.
    body = [
        Block("Astana, 6 January (Agency, A. Writer) – " + FIRST, "p"),
        Block("Passengers were moved to a reserve train within two hours of the stop.", "p"),
        Block(SECOND, "p"),
    ]
    lead = FIRST + " " + SECOND[:40] + "... / 06.01.12 / Society"
    assert normalise(make_draft(title="T", lead=lead, blocks=body)).lead is None


def test_a_summary_in_words_of_its_own_is_kept_even_when_it_shares_phrases() -> None:
    body = [Block(FIRST, "p"), Block(SECOND, "p")]
    lead = "Officials now expect the line reopened in the evening after the wagon was lifted back"
    assert normalise(make_draft(title="T", lead=lead, blocks=body)).lead == lead


def test_a_keyword_description_holding_the_headline_is_no_lead() -> None:
    title = "Residents protest against the closure of the district hospital"
    lead = f"City news, regional news, {title} (video) - today in the city, incidents, photo"
    d = normalise(make_draft(title=title, lead=lead, blocks=[Block(FIRST, "p")]))
    assert d.lead is None


def test_a_cut_lead_gives_way_to_the_paragraph_it_was_cut_from() -> None:
    d = normalise(make_draft(title="T", lead=FIRST[:90], blocks=[Block(FIRST, "p")]))
    assert d.lead is None
    assert [b.text for b in d.blocks] == [FIRST]


def test_a_headline_with_other_quotes_is_still_a_repeat() -> None:
    d = normalise(
        make_draft(
            title="Mexico's economy grew 1.1% in the first quarter",
            blocks=[
                Block("Mexico’s economy grew 1.1% in the first quarter", "h1"),
                Block(FIRST, "p"),
            ],
        )
    )
    assert [s.reason for s in d.boilerplate] == ["title_repeated"]


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        (
            "Die Eisheiligen 2024: Wann sie sind - und wie das Wetter wird",
            "Die Eisheiligen 2024 Wann sie sind - und wie das Wetter wird",
        ),
        (
            "Statt Paypal & Co.: So könnte Europas neues Bezahlsystem gewinnen",
            "Payments Statt Paypal & Co.: So könnte Europas neues Bezahlsystem gewinnen",
        ),
    ],
)
def test_a_headline_split_in_spans_or_behind_a_kicker_is_still_a_repeat(
    title: str, shown: str
) -> None:
    d = normalise(make_draft(title=title, blocks=[Block(shown, "h2"), Block(FIRST, "p")]))
    assert [s.reason for s in d.boilerplate] == ["title_repeated"]


def test_a_block_the_consensus_voted_out_goes_to_boilerplate_in_page_order() -> None:
    promo = "Our newsroom is independent and free to read thanks to readers who give monthly."
    draft = make_draft(
        title="Train off the rails",
        blocks=[Block(FIRST, "p"), Block(promo, "p", outvoted=True), Block(SECOND, "p")],
    )
    draft.boilerplate.append(Segment("Read also", "marker:read_also"))
    done = run_steps(draft)
    assert done.paragraphs == [FIRST, SECOND]
    assert [(s.text, s.reason) for s in done.boilerplate][-1] == (promo, "outvoted")
