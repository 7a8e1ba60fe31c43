"""The template memory: what repeats on a large share of a site's pages, and the warm-up."""

from __future__ import annotations

import json

from newscrawl.extract.template import (
    MAX_KEYS,
    MIN_PAGES,
    TOP,
    WINDOW,
    SiteTemplate,
    TemplateMemory,
    Warmup,
    fingerprints,
)

PROMO = "Listen to our weekday podcast on this website and in your podcast app."


def page(n: int, *extra: str) -> list[str]:
    """A page's paragraphs: one of its own, then `extra` (so at the top: the second)."""
    return [
        f"Paragraph {'abcdefghijklmnopqrstuvwxyz'[n % 26] * 3} of page {n} says its own thing.",
        *extra,
    ]


def is_template(memory: TemplateMemory, site: str, paragraph: str) -> bool:
    """Whether `paragraph`, second on a page as in `page()`, is the site's template."""
    return memory.flags(site, ["A paragraph of the page's own.", paragraph])[1]


def test_a_paragraph_is_known_by_its_text_with_digits_folded_and_by_its_label() -> None:
    assert fingerprints("12 comments") == fingerprints("3 comments")
    one = fingerprints("Steppe Daily recommends: Bridge opens")
    other = fingerprints("Steppe Daily recommends: Schools close early")
    assert len(one & other) == 1  # the label, not the headline
    assert not fingerprints("The minister said: no.") & fingerprints("The farmer said: yes.")


def test_a_paragraph_whose_figures_change_each_day_is_the_article_s() -> None:
    # The day's market close on every page of a business site, its figures its news: with
    # digits folded at any length it was the template, and every article lost it.
    memory = TemplateMemory()
    close = "The tenge closed at {}.{} per US dollar on KASE, and Brent traded at {} dollars."
    for n in range(30):
        memory.learn("site", page(n, close.format(480 + n, n, 80 + n), f"{n} comments"))
    assert not is_template(memory, "site", close.format(491, 48, 90))
    # A short line's count still folds: "12 comments" and "3 comments" are one line.
    assert memory.flags("site", ["A paragraph of the page's own.", "x", "12 comments"])[2]


def test_what_stands_on_most_pages_is_template_and_what_a_handful_share_is_not() -> None:
    memory = TemplateMemory()
    background = "The bridge project was approved in 2021 and is financed by the region."
    for n in range(30):
        memory.learn("site", page(n, PROMO, *([background] if n < 4 else [])))
    assert is_template(memory, "site", PROMO)
    assert not is_template(memory, "site", background)
    assert not is_template(memory, "site", page(3)[0])
    assert not is_template(memory, "other.site", PROMO)


def test_nothing_is_judged_before_the_site_has_enough_pages() -> None:
    memory = TemplateMemory()
    for n in range(MIN_PAGES - 1):
        memory.learn("site", page(n, PROMO))
    assert not is_template(memory, "site", PROMO)
    memory.learn("site", page(99, PROMO))
    assert is_template(memory, "site", PROMO)


def test_the_memory_of_a_site_is_bounded() -> None:
    site = SiteTemplate()
    for n in range(MAX_KEYS + 10):
        site.learn([f"unique paragraph number {n} " + "x" * (n % 7), PROMO])
    assert len(site.counts) <= MAX_KEYS
    assert site.flags(["One more paragraph of a page of its own.", PROMO]) == [False, True]


def test_a_long_crawl_of_a_site_keeps_its_template_and_forgets_its_articles() -> None:
    site = SiteTemplate()
    for n in range(40 * WINDOW):
        own = [f"Story {n} paragraph {k} tells its own news {'x' * (n % 9)}." for k in range(30)]
        site.learn([own[0], PROMO, *own[1:]])
    # One window of articles' own paragraphs at most, and the promo: not 40 windows of them.
    assert len(site.counts) <= WINDOW * 30 * 2
    assert site.counts[next(iter(fingerprints(PROMO))) | TOP] == 40 * WINDOW  # exact count
    assert site.flags(["A page's own first paragraph.", PROMO, "And its second."]) == [
        False,
        True,
        False,
    ]


def test_a_string_that_starts_repeating_late_is_counted_from_its_first_page() -> None:
    site = SiteTemplate()
    late = "Subscribe to our new evening newsletter, sent on weekdays at six."
    for n in range(100):
        site.learn(page(n, *([late] if n >= 50 else [])))
    # On 50 of 100 pages: over SHARE, and none of its 50 pages was forgotten.
    assert site.flags(page(101, late)) == [False, True]


def test_what_was_learned_survives_json() -> None:
    memory = TemplateMemory()
    for n in range(12):
        memory.learn("site", page(n, PROMO))
    again = TemplateMemory()
    again.load("site", json.loads(json.dumps(memory.to_json("site"))))
    assert is_template(again, "site", PROMO)
    assert again.sites["site"] == memory.sites["site"]


def test_a_template_stored_in_an_older_format_is_learned_again() -> None:
    memory = TemplateMemory()
    memory.load("site", {"format": 2, "pages": 40, "counts": {"top:p0123456789abcdef": 40}})
    assert "site" not in memory.sites


def test_the_warmup_holds_a_new_sites_articles_then_lets_them_go_in_order() -> None:
    memory = TemplateMemory()
    warmup: Warmup[str] = Warmup(memory, pages=3)
    out = []
    for n in range(5):
        memory.learn("a", page(n))
        out.append(warmup.offer("a", f"a{n}"))
    assert out == [[], [], ["a0", "a1", "a2"], ["a3"], ["a4"]]
    memory.learn("b", page(1))
    assert warmup.offer("b", "b0") == []
    assert warmup.release() == ["b0"]
    # A site released early is not held again.
    memory.learn("b", page(2))
    assert warmup.offer("b", "b1") == ["b1"]


def test_a_paragraph_repeated_at_another_place_each_time_is_not_template() -> None:
    memory = TemplateMemory()
    quote = "“We will rebuild the bridge by winter,” the governor said again on Monday."
    story = [f"Paragraph {i} of a story long enough to have a middle." for i in range(9)]
    spots = (0, 4, 9)  # near the top, in the middle, at the end
    for n in range(30):
        # On 60 % of the pages, a fifth of them at each spot: more than SHARE, but nowhere
        # on SHARE of them at the same place.
        paragraphs = list(story)
        if n % 5 < 3:
            paragraphs.insert(spots[n % 5], quote)
        memory.learn("site", paragraphs)
    for where in spots:
        assert memory.flags("site", [*story[:where], quote, *story[where:]])[where] is False
    promo = "Listen to our weekday podcast on this website and in your podcast app."
    for n in range(30):
        memory.learn("site", [*story[: 4 + n % 3], promo, *story[4 + n % 3 :]])
    assert memory.flags("site", [*story[:5], promo, *story[5:]])[5] is True


def test_a_dateline_opening_every_story_is_no_label_of_the_template() -> None:
    memory = TemplateMemory()
    for n in range(30):
        opening = (
            f"ASTANA: The government approved plan number {n} for the {'northern' * (n % 4)} "
            "regions on Tuesday, officials said, after a long debate in the lower house "
            "about how the money would be shared between the districts."
        )
        memory.learn("site", [opening, f"Paragraph {n} of its own that no other page has."])
    fresh = (
        "ASTANA: The ministry said on Friday that the new schools would open in September, "
        "a year later than planned, because the contractor had run out of money for steel."
    )
    assert memory.flags("site", [fresh, "Another paragraph."]) == [False, False]
