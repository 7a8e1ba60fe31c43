"""How the consensus trainer labels and weighs pages, on pages written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import train_consensus
from bench.corpora import Page

STORY = [
    f"Paragraph {n} of the story reports what the harbour office said on Monday about the "
    f"new ferry timetable for the islands, the fares and the winter crossings."
    for n in range(1, 6)
]
PROMO = "Subscribe to our newsletter and never miss a story from the harbour again today."


def _page(
    tmp_path: Path,
    corpus: str,
    truth: str = "",
    must_include: tuple[str, ...] = (),
    must_exclude: tuple[str, ...] = (),
) -> Page:
    body = "".join(f"<p>{p}</p>" for p in STORY)
    html = (
        '<html><head><meta property="og:type" content="article"><title>Ferries</title></head>'
        f"<body><nav><a href='/'>Home</a></nav><h1>Ferries</h1><article>{body}</article>"
        f"<aside><p>{PROMO}</p></aside></body></html>"
    )
    path = tmp_path / f"{corpus}.html"
    path.write_text(html, encoding="utf-8")
    url = "https://harbour.example/news/ferries-12345"
    return Page(corpus, corpus, "en", url, path, truth, must_include, must_exclude)


def _labelled(sample: train_consensus.Sample) -> dict[str, float]:
    return {
        b.text: float(label)
        for b, label, weight in zip(sample.blocks, sample.labels, sample.weights, strict=True)
        if weight > 0
    }


def test_snippets_label_only_the_blocks_they_fall_in(tmp_path: Path) -> None:
    page = _page(
        tmp_path,
        "snippets",
        must_include=("Paragraph 2 of the story", "Paragraph 4 of the story"),
        must_exclude=("Subscribe to our newsletter",),
    )
    sample = train_consensus.sample(page, tmp_path / "cache")
    assert sample is not None
    labelled = _labelled(sample)
    # Two story paragraphs say "article", the promo says "not"; the other three say nothing.
    assert sorted(labelled.values()) == [0.0, 1.0, 1.0]
    assert labelled[PROMO] == 0.0
    assert sum(sample.weights) == pytest.approx(1.0)


def test_full_body_truth_labels_every_block(tmp_path: Path) -> None:
    page = _page(tmp_path, "multi-news", truth="\n\n".join(STORY))
    sample = train_consensus.sample(page, tmp_path / "cache")
    assert sample is not None
    labelled = _labelled(sample)
    assert [labelled[p] for p in STORY] == [1.0] * 5
    assert labelled[PROMO] == 0.0


def test_snippet_pages_carry_their_share_of_the_fits_weight(tmp_path: Path) -> None:
    snippet = train_consensus.sample(
        _page(tmp_path, "snippets", must_include=(STORY[0],)), tmp_path / "cache"
    )
    full = train_consensus.sample(
        _page(tmp_path, "ru-news", truth="\n\n".join(STORY)), tmp_path / "cache"
    )
    assert snippet is not None and full is not None
    samples = [snippet, full, full, full]
    factors = train_consensus._corpus_weights(samples, 0.25)
    mass = [float(s.weights.sum()) * f for s, f in zip(samples, factors, strict=True)]
    assert mass[0] / sum(mass) == pytest.approx(0.25)
    # The whole weight is kept; within a kind, pages keep their own proportions.
    assert sum(mass) == pytest.approx(sum(float(s.weights.sum()) for s in samples))
    assert factors[1] == factors[2] == factors[3]
    assert train_consensus._corpus_weights([full, full], 0.25) == [1.0, 1.0]


def test_a_short_block_inside_a_snippet_says_nothing(tmp_path: Path) -> None:
    # "Ferries" (the headline, one word) stands inside the snippet but is no evidence.
    page = _page(tmp_path, "snippets", must_include=(f"Ferries {STORY[0]}",))
    sample = train_consensus.sample(page, tmp_path / "cache")
    assert sample is not None
    assert "Ferries" not in _labelled(sample)
