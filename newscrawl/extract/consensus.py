"""The article text by a consensus of independent extractors, decided block by block.

Our extractor (`body`), trafilatura and readability-lxml each read the page; they go wrong on
different pages. Each of the page's own text blocks (`body.page_blocks`) gets a vote from each
system: whether that system chose it (ours) or how much of it appears in that system's text
(the peers, which return plain text). A small logistic model weighs the votes with what the
block looks like (links, furniture, size, its neighbours' votes) and keeps the block when the
probability passes a threshold. Weights and threshold are learned by `python -m
bench.train_consensus` on the tuning half of the shared corpora only, and shipped as
`data/consensus/model.json`.

Because the decision is made on the page's own blocks, the result keeps the structure the
multilingual splitter needs (tags, links, furniture), and no peer's text is ever copied in.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from newscrawl.extract.blocks import Block
from newscrawl.extract.peers import PEERS, Peer, Vote, ask_all

MODEL_PATH = Path(__file__).parent / "data" / "consensus" / "model.json"
# Time one page may spend in the peers together, seconds: a pathological page loses their
# votes instead of stalling the crawl. (They take ~15-20 ms a page each on typical pages.)
PAGE_BUDGET = 2.0
_WORD = re.compile(r"\w+")
_SHINGLE = 4


def words_of(text: str) -> list[str]:
    """The words votes are counted in: `\\w+` runs, case folded."""
    return _WORD.findall(text.casefold())


def _shingles(words: Sequence[str]) -> list[tuple[str, ...]]:
    return [tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)]


@dataclass(frozen=True)
class PeerText:
    """A peer's text, indexed to tell how much of a block it holds."""

    shingles: frozenset[tuple[str, ...]]
    joined: str

    @classmethod
    def of(cls, text: str) -> PeerText:
        words = words_of(text)
        return cls(frozenset(_shingles(words)), f" {' '.join(words)} ")


def coverage(words: Sequence[str], peer: PeerText) -> float:
    """Share of a block's 4-word shingles in the peer's text (a block of under four words:
    whether it stands there whole)."""
    if not words:
        return 0.0
    if len(words) < _SHINGLE:
        return float(f" {' '.join(words)} " in peer.joined)
    own = _shingles(words)
    return sum(s in peer.shingles for s in own) / len(own)


# The features, in the order of the model's weights. Votes: ours (0/1), each peer's coverage.
FEATURES: tuple[str, ...] = (
    "ours",
    "trafilatura",
    "readability",
    "ours*trafilatura",
    "ours*readability",
    "trafilatura*readability",
    "neighbour_votes",
    "inside_our_span",
    "link_density",
    "furniture",
    "heading",
    "list_item",
    "in_figure",
    "log_words",
    "short",
)


# The peers the model was trained with, in FEATURES order.
VOTERS: tuple[str, ...] = ("trafilatura", "readability")


# A system is outvoted on a page when its text shares less than OUTVOTED (shingle F1) with
# each of the others while they share at least AGREED with each other: two independent
# extractors agreeing against a third is the commonest sign that the third took the wrong
# part of the page (a teaser list, the comments). Its votes then count for nothing.
OUTVOTED = 0.5
AGREED = 0.7
MISSED = 0.5


def agreement(a: PeerText, b: PeerText) -> float:
    """Shingle-set F1 of two texts."""
    if not a.shingles or not b.shingles:
        return float(a.shingles == b.shingles)
    shared = len(a.shingles & b.shingles)
    return 2 * shared / (len(a.shingles) + len(b.shingles))


def outvoted(texts: Mapping[str, PeerText | None]) -> set[str]:
    """The systems (at most one) that both others contradict."""
    said = {name: text for name, text in texts.items() if text is not None}
    if len(said) < 3:
        return set()
    for name, text in said.items():
        others = [t for n, t in said.items() if n != name]
        if (
            all(agreement(text, other) < OUTVOTED for other in others)
            and agreement(others[0], others[1]) >= AGREED
            and _misses(text, others[0].shingles & others[1].shingles)
        ):
            return {name}
    return set()


def _misses(text: PeerText, common: frozenset[tuple[str, ...]]) -> bool:
    """Whether `text` misses what the others agree on: a system that holds all of it and
    more (the others stopped at an advert box) is not contradicted, only longer."""
    return len(common & text.shingles) < MISSED * len(common)


def _votes(
    blocks: Sequence[Block],
    words: Sequence[list[str]],
    chosen: set[int],
    peers: Mapping[str, PeerText | None],
    ours: PeerText | None = None,
) -> list[list[float]]:
    """Per block (with its `words`): ours, then each of VOTERS. A system without a say (it
    failed, is not there, or is outvoted) is given the mean of the systems that have one, so
    it moves nothing. `ours`: our text indexed, when the caller has it already."""
    texts = {"ours": ours or _our_text(blocks, chosen), **{n: peers.get(n) for n in VOTERS}}
    silent = outvoted(texts)
    rows = []
    for block, block_words in zip(blocks, words, strict=True):
        said = {
            name: float(id(block) in chosen) if name == "ours" else coverage(block_words, text)
            for name, text in texts.items()
            if text is not None and name not in silent
        }
        fill = sum(said.values()) / len(said)
        rows.append([said.get(name, fill) for name in texts])
    return rows


def features(
    blocks: Sequence[Block],
    chosen: set[int],
    peers: Mapping[str, PeerText | None],
    ours: PeerText | None = None,
) -> list[list[float]]:
    """One feature row per block (FEATURES order)."""
    words = [words_of(block.text) for block in blocks]
    votes = _votes(blocks, words, chosen, peers, ours)
    # Our span is where our votes fall: the blocks we chose or, when we are outvoted, the
    # blocks the others agree on.
    picked = [i for i, row in enumerate(votes) if row[0] >= 0.5]
    span = range(picked[0], picked[-1] + 1) if picked else range(0)
    rows = []
    for i, block in enumerate(blocks):
        mine, traf, read = votes[i]
        around = [sum(votes[j]) / 3 for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
        count = len(words[i])
        rows.append(
            [
                mine,
                traf,
                read,
                mine * traf,
                mine * read,
                traf * read,
                sum(around) / len(around) if around else 0.0,
                float(i in span),
                block.link_density,
                float(block.furniture is not None),
                float(block.is_heading),
                float(block.tag == "li"),
                float(block.in_figure),
                math.log1p(count),
                float(count < 6),
            ]
        )
    return rows


@dataclass(frozen=True)
class Model:
    weights: tuple[float, ...]
    bias: float
    threshold: float
    # When ours and the first peer (trafilatura) agree this closely (shingle F1), the second
    # could outvote neither (that takes agreement under OUTVOTED between them) and would move
    # only a few edge blocks: it is not asked, which saves a third of the consensus's time on
    # such pages. `decide` applies the same rule, so the threshold and this value are chosen,
    # and the halves scored, as the crawl runs (the weights are fitted on every peer's vote).
    settled: float

    def probability(self, row: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, row, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def model(path: Path = MODEL_PATH) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES or "settled" not in data:
        raise ValueError(
            f"{path}: trained on other features or by an older trainer; "
            "rerun python -m bench.train_consensus --write"
        )
    return Model(tuple(data["weights"]), data["bias"], data["threshold"], data["settled"])


def decide(
    blocks: Sequence[Block],
    chosen: Sequence[Block],
    peers: Mapping[str, PeerText | None],
    trained: Model | None = None,
    ours: PeerText | None = None,
) -> list[Block]:
    """The blocks the consensus keeps, in page order."""
    if not blocks:
        return list(chosen)
    trained = trained or model()
    ids = {id(b) for b in chosen}
    ours = ours or _our_text(blocks, ids)
    rows = features(blocks, ids, heard(ours, peers, trained.settled), ours)
    return [
        b
        for b, row in zip(blocks, rows, strict=True)
        if trained.probability(row) >= trained.threshold
    ]


def with_outvoted(
    blocks: Sequence[Block], chosen: Sequence[Block], kept: Sequence[Block]
) -> list[Block]:
    """The consensus's blocks and, marked `outvoted`, those ours chose that it did not, in
    page order: nothing our extractor took leaves the record without a reason."""
    ours, voted = {id(b) for b in chosen}, {id(b) for b in kept}
    return [
        block if id(block) in voted else replace(block, outvoted=True)
        for block in blocks
        if id(block) in voted or id(block) in ours
    ]


def consensus_blocks(
    blocks: Sequence[Block],
    chosen: Sequence[Block],
    html: str,
    url: str,
    *,
    peers: Mapping[str, Peer] = PEERS,
    budget: float = PAGE_BUDGET,
    trained: Model | None = None,
) -> tuple[list[Block], dict[str, Vote]]:
    """The article's blocks by consensus (with those it voted out of ours, marked), and each
    peer's vote (for the record's diagnostics and the benchmark). `trained`: the shipped
    model unless given."""
    ours = _our_text(blocks, {id(b) for b in chosen})
    indexed: dict[str, PeerText | None] = {}  # each peer's text indexed once

    def texts(votes: Mapping[str, Vote]) -> dict[str, PeerText | None]:
        for name, vote in votes.items():
            if name not in indexed:
                indexed[name] = PeerText.of(vote.text) if vote.text is not None else None
        return {name: indexed[name] for name in votes}

    trained = trained or model()

    def enough(so_far: Mapping[str, Vote]) -> bool:
        return _settled(ours, texts(so_far), trained.settled)

    votes = ask_all(peers, html, url, budget, enough=enough)
    kept = decide(blocks, chosen, texts(votes), trained, ours)
    return with_outvoted(blocks, chosen, kept), votes


def _our_text(blocks: Sequence[Block], chosen: set[int]) -> PeerText:
    return PeerText.of("\n".join(b.text for b in blocks if id(b) in chosen))


def _settled(ours: PeerText, peers: Mapping[str, PeerText | None], settled: float) -> bool:
    said = [text for text in peers.values() if text is not None]
    return bool(said) and all(agreement(ours, text) >= settled for text in said)


def heard(
    ours: PeerText, peers: Mapping[str, PeerText | None], settled: float
) -> dict[str, PeerText | None]:
    """The peers' texts as `consensus_blocks` asks for them: in VOTERS order, none after the
    page is settled (ours and those asked agree at `settled` or more)."""
    found: dict[str, PeerText | None] = {}
    for name in VOTERS:
        if _settled(ours, found, settled):
            break
        found[name] = peers.get(name)
    return found
