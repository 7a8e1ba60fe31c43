"""Template lines told by their shape and by brand names, in phrasings no marker file has."""

from __future__ import annotations

import pytest

from newscrawl.extract.blocks import Block
from newscrawl.extract.boilerplate import markers, split

STORY = [
    "The regional court ruled on Tuesday that the coal company must pay for the clean-up of "
    "the river, ending a dispute that has lasted for almost three years.",
    "Residents of the villages along the river had complained about black water since the "
    "spring of 2023, when a dam holding back the mine's waste water broke.",
]


def linked(label: str, headline: str) -> Block:
    return Block(f"{label} {headline}", "p", link_chars=len(headline), links=1)


def reasons(blocks: list[Block]) -> tuple[list[str], dict[str, str]]:
    """What the splitter makes of the blocks between two paragraphs of a story, knowing no
    marker phrase at all: these signals must not depend on the lists."""
    with markers.without(markers.families()):
        kept, removed = split([Block(STORY[0], "p"), *blocks, Block(STORY[1], "p")], "en")
    return [b.text for b in kept], {s.text: s.reason for s in removed}


@pytest.mark.parametrize(
    "block",
    [
        linked("Также по этой теме:", "Курс тенге укрепился на утренней сессии"),
        linked("Steppe Daily recommends:", "New metro line to open next year"),
        linked("Осы тақырыпта:", "Алматыда метроның жаңа желісі ашылады"),
        linked("Auch interessant:", "Neue Brücke über das Tal eröffnet"),
        Block("Також на цю тему: Гривня зміцнилася на ранковій сесії", "p"),
    ],
)
def test_a_label_a_colon_and_a_headline_is_template_in_any_language(block: Block) -> None:
    kept, removed = reasons([block])
    assert kept == STORY
    assert removed == {block.text: "labelled_link"}


@pytest.mark.parametrize(
    "block",
    [
        Block("Жаңалықтарды Telegram арнамыздан оқыңыз", "p"),
        Block("Subscribe to our YouTube channel!", "p"),
        Block("Следите за нами во ВКонтакте и Дзен", "p"),
        Block("Бізді Instagram-да оқыңыз", "p", link_chars=9, links=1),
        Block("Join us on WhatsApp.", "p", link_chars=8, links=1),
    ],
)
def test_a_short_call_that_names_a_network_is_template(block: Block) -> None:
    kept, removed = reasons([block])
    assert kept == STORY
    assert removed == {block.text: "network_call"}


@pytest.mark.parametrize(
    "block",
    [
        # The story's own sentences about a network, its quotes, its lists and its subheads.
        Block("The ministry said in a Telegram post on Monday that two men were detained.", "p"),
        Block("Напомним: ранее суд уже дважды откладывал решение по этому делу.", "p"),
        Block("1 de mayo: Día Mundial del Trabajo", "li"),
        Block("The minister told reporters: we will not raise taxes this year.", "p"),
        Block("Background: the dam that broke in the spring of 2023", "h3"),
    ],
)
def test_the_storys_own_lines_stay(block: Block) -> None:
    kept, removed = reasons([block])
    assert block.text in kept
    assert removed == {}
