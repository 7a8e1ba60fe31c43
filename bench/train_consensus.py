"""`python -m bench.train_consensus`: learn the consensus model from the tuning half only.

For every page of the corpora it takes the page's blocks, our choice among them and the
peers' texts, and labels blocks by the truth. Full-body truth (ru-news, multi-news) labels
every block: kept when at least half of its 4-word shingles are in the annotated article.
Snippet truth (snippets) labels only the blocks a must-include or must-exclude snippet falls
in; snippets' pages come from many more sites, so they teach the model when a peer is right
and we are not. A logistic regression (IRLS, light L2) is fitted on the tuning half's
blocks, each weighed by its words over the words of the page's labelled (full-body: true or
voted-for) blocks, so that pages count about alike, as in the score; the snippet pages
together carry a share of the fit's weight. The share and the threshold are those that give
the best mean F1 of the corpora on the tuning half through the whole pipeline (splitter
included); then the agreement past which readability is not asked is chosen the same way,
with the thresholds next to the best. The checking half is then scored and printed, never
used to choose anything.

Writes newscrawl/extract/data/consensus/model.json (with --write). Peer texts are cached
outside the repository (they are third-party text): --cache, default /tmp/newscrawl-peers.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from bench import scoring
from bench.corpora import DEFAULT_CORPORA, KIND, Page, load
from bench.systems import newscrawl_text, package_version
from newscrawl import page_draft, steps
from newscrawl.extract import consensus, peers
from newscrawl.extract.blocks import Block
from newscrawl.extract.consensus import FEATURES, MODEL_PATH, Model, PeerText, coverage
from newscrawl.extract.draft import ArticleDraft
from newscrawl.extract.encoding import decode_html
from newscrawl.extract.peers import PEERS, ask_all

CORPORA = ("ru-news", "multi-news", "snippets")
# A block is article text when this share of it is in the truth.
LABEL_SHARE = 0.5
# How much the snippet pages weigh in the fit, all together, against the full-body pages:
# the one of these that scores best on the tuning half, with its best threshold, is kept.
SNIPPET_SHARES = (0.1, 0.25, 0.5)
RIDGE = 1e-3
# A block inside a must-include snippet is labelled article text from this many words on.
HELD_WORDS = 4
THRESHOLDS = tuple(round(0.2 + 0.025 * i, 3) for i in range(25))
# The agreement of ours and trafilatura past which readability is not asked (Model.settled):
# the shares and thresholds are tried at the first, then each of these with the thresholds
# next to the best.
SETTLED = (0.9, 0.8, 0.85, 0.95)
NEAR = 3
FETCHED = "2026-01-01T00:00:00+00:00"


@dataclass
class Sample:
    page: Page
    draft: ArticleDraft
    blocks: list[Block]
    chosen: list[Block]
    peers: dict[str, PeerText | None]
    rows: np.ndarray
    labels: np.ndarray
    weights: np.ndarray


def _cache_folder(cache: Path) -> Path:
    """One folder per version of the peers and of the options we call them with (the source
    of `peers.py`), so that a new release or a changed call never trains on stale texts."""
    versions = [package_version("trafilatura"), package_version("readability-lxml")]
    calls = [inspect.getsource(peers.trafilatura_text), inspect.getsource(peers.readability_text)]
    made_by = "|".join([*versions, *calls])
    return cache / hashlib.sha1(made_by.encode()).hexdigest()[:12]


def _peer_texts(page: Page, html: str, cache: Path) -> dict[str, str | None]:
    path = _cache_folder(cache) / page.corpus / f"{page.id}.json"
    if path.is_file():
        cached: dict[str, str | None] = json.loads(path.read_text(encoding="utf-8"))
        return cached
    votes = ask_all(PEERS, html, page.url or "", budget=30.0)
    texts = {name: vote.text for name, vote in votes.items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return texts


def sample(page: Page, cache: Path) -> Sample | None:
    raw = page.read_html()
    html = decode_html(raw, None)
    draft = page_draft(raw, page.url or "", fetched_at=FETCHED, mode="fast")
    # The pages the crawl puts to the vote (newscrawl.page_draft), and no others.
    if not draft.candidates or not (draft.blocks or draft.declares_article):
        return None
    peers = {
        n: PeerText.of(t) if t is not None else None
        for n, t in _peer_texts(page, html, cache).items()
    }
    ids = {id(b) for b in draft.blocks}
    # Weights are fitted on every peer's vote; the threshold is chosen, and the halves
    # scored, through `decide`, which hears the peers as the crawl does (readability is not
    # asked on a settled page). Fitting on the settled rows instead lost 0.013 on the
    # ru-news checking half.
    rows = np.array(consensus.features(draft.candidates, ids, peers), dtype=float)
    words = [consensus.words_of(b.text) for b in draft.candidates]
    sizes = np.array([len(w) for w in words], dtype=float)
    if _snippet_truth(page):
        labels, relevant = _snippet_labels(page, draft.candidates, sizes)
        sizes = np.where(relevant, sizes, 0.0)
    else:
        truth = PeerText.of(page.truth)
        labels = np.array([coverage(w, truth) >= LABEL_SHARE for w in words], dtype=float)
        relevant = (labels > 0) | (rows[:, :3].max(axis=1) > 0)
    weights = sizes / max(1.0, sizes[relevant].sum())
    return Sample(page, draft, draft.candidates, draft.blocks, peers, rows, labels, weights)


def _snippet_truth(page: Page) -> bool:
    return KIND[page.corpus] == "snippets"


def _snippet_labels(
    page: Page, blocks: Sequence[Block], sizes: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Snippet truth labels only the blocks a snippet falls in: one holding (or held in) a
    must-include snippet is article text, one holding a must-exclude snippet is not; the
    rest, and blocks that hold both, say nothing and weigh nothing. `sizes`: each block's
    words."""
    include = [scoring.collapse_whitespace(s) for s in page.must_include]
    exclude = [scoring.collapse_whitespace(s) for s in page.must_exclude]
    labels, relevant = [], []
    for block, size in zip(blocks, sizes, strict=True):
        text = scoring.collapse_whitespace(block.text)
        # A block held in a snippet counts only when it is a few words itself: "2000" or
        # "Health" stand inside many a snippet and are menus as often as not.
        held = size >= HELD_WORDS
        inside = bool(text) and any(s in text or (held and text in s) for s in include)
        outside = bool(text) and any(s in text for s in exclude)
        labels.append(float(inside))
        relevant.append(inside != outside)
    return np.array(labels), np.array(relevant, dtype=bool)


def fit(samples: Sequence[Sample], snippet_share: float) -> tuple[np.ndarray, float]:
    """Weighted logistic regression by iteratively reweighted least squares."""
    x = np.vstack([s.rows for s in samples])
    y = np.concatenate([s.labels for s in samples])
    shares = _corpus_weights(samples, snippet_share)
    w = np.concatenate([s.weights * share for s, share in zip(samples, shares, strict=True)])
    # A floor keeps full-body rows of no weight (empty blocks) from making the system
    # singular; a snippet page's unlabelled blocks get none, so they say nothing.
    floor = [np.full(len(s.labels), 0.0 if _snippet_truth(s.page) else 1e-4) for s in samples]
    w = w + np.concatenate(floor)
    x1 = np.hstack([x, np.ones((len(x), 1))])
    beta = np.zeros(x1.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x1 @ beta, -30, 30)))
        r = w * p * (1 - p) + 1e-9
        hessian = x1.T @ (x1 * r[:, None]) + RIDGE * np.eye(x1.shape[1])
        step = np.linalg.solve(hessian, x1.T @ (w * (y - p)) - RIDGE * beta)
        beta += step
        if np.abs(step).max() < 1e-7:
            break
    return beta[:-1], float(beta[-1])


def _corpus_weights(samples: Sequence[Sample], snippet_share: float) -> list[float]:
    """A factor per page: within each kind of truth pages weigh as `sample` weighed them,
    and the snippet pages together carry `snippet_share` of the fit's whole weight (their
    labels are few and one-sided: most of a page's boilerplate holds no must-exclude
    snippet). The whole weight stays what it was."""
    snippet = [_snippet_truth(s.page) for s in samples]
    mass = [float(s.weights.sum()) for s in samples]
    of_snippets = sum(m for m, one in zip(mass, snippet, strict=True) if one)
    whole = sum(mass)
    if of_snippets in (0.0, whole):
        return [1.0] * len(samples)
    per_snippet = snippet_share * whole / of_snippets
    per_full = (1 - snippet_share) * whole / (whole - of_snippets)
    return [per_snippet if one else per_full for one in snippet]


def corpus_f1(samples: Sequence[Sample], model: Model | None) -> dict[str, float]:
    """F1 of each corpus through the whole pipeline; model None = our extractor alone."""
    by_corpus: dict[str, list[scoring.Match]] = {}
    snippets: dict[str, list[scoring.SnippetCounts]] = {}
    for s in samples:
        blocks = (
            consensus.with_outvoted(
                s.blocks, s.chosen, consensus.decide(s.blocks, s.chosen, s.peers, model)
            )
            if model
            else list(s.chosen)
        )
        text = _text(s, blocks)
        if _snippet_truth(s.page):
            counts = scoring.snippet_counts(text, s.page.must_include, s.page.must_exclude)
            snippets.setdefault(s.page.corpus, []).append(counts)
        else:
            by_corpus.setdefault(s.page.corpus, []).append(scoring.match(s.page.truth, text))
    return {
        **{name: scoring.aggregate(m).f1 or 0.0 for name, m in by_corpus.items()},
        **{name: scoring.total(c).f1 or 0.0 for name, c in snippets.items()},
    }


def score(samples: Sequence[Sample], model: Model | None) -> float:
    """The mean of the corpora's F1: what the share, the threshold and the settled agreement
    are chosen by (on the tuning half)."""
    return float(np.mean(list(corpus_f1(samples, model).values())))


def _figures(samples: Sequence[Sample], model: Model | None) -> str:
    found = corpus_f1(samples, model)
    return " ".join(f"{name} {f1:.3f}" for name, f1 in found.items())


def _text(s: Sample, blocks: list[Block]) -> str:
    # The steps change the draft they are given: each scoring starts from a fresh copy.
    draft = steps.run_steps(replace(s.draft, blocks=blocks, boilerplate=[]))
    return newscrawl_text(asdict(steps.to_item(draft)))


def _best_model(tuning: Sequence[Sample]) -> tuple[Model, float]:
    """The model, and the snippet share it was fitted with, that scores best on the tuning
    half over every share, threshold and settled agreement tried."""
    found = []
    for share in SNIPPET_SHARES:
        weights, bias = fit(tuning, share)
        model = Model(tuple(float(w) for w in weights), bias, THRESHOLDS[0], SETTLED[0])
        tuned, model = _best_of(tuning, [replace(model, threshold=t) for t in THRESHOLDS])
        print(f"  snippet share {share}: tuning {tuned:.4f} at {model.threshold}", file=sys.stderr)
        found.append((tuned, share, model))
    tuned, share, model = max(found, key=lambda row: row[0])
    at = THRESHOLDS.index(model.threshold)
    near = THRESHOLDS[max(0, at - NEAR) : at + NEAR + 1]
    for settled in SETTLED[1:]:
        other, candidate = _best_of(
            tuning, [replace(model, threshold=t, settled=settled) for t in near]
        )
        print(f"  settled {settled}: tuning {other:.4f} at {candidate.threshold}", file=sys.stderr)
        if other > tuned:
            tuned, model = other, candidate
    return model, share


def _best_of(tuning: Sequence[Sample], models: Sequence[Model]) -> tuple[float, Model]:
    return max(((score(tuning, m), m) for m in models), key=lambda pair: pair[0])


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.train_consensus", description=__doc__)
    p.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    p.add_argument("--cache", type=Path, default=Path("/tmp/newscrawl-peers"))
    p.add_argument("--write", action="store_true", help=f"write {MODEL_PATH.name}")
    args = p.parse_args(argv)
    halves: dict[str, list[Sample]] = {"tuning": [], "checking": []}
    for corpus in CORPORA:
        for page in load(args.corpora.resolve(), corpus):
            found = sample(page, args.cache)
            if found is not None:
                halves[page.half].append(found)
    tuning, checking = halves["tuning"], halves["checking"]
    model, share = _best_model(tuning)
    for name, group in (("checking", checking), ("tuning", tuning)):
        print(
            f"{name} half, {len(group)} pages: fast (ours alone) {_figures(group, None)}; "
            f"consensus {_figures(group, model)}",
            file=sys.stderr,
        )
    for feature, weight in zip(FEATURES, model.weights, strict=True):
        print(f"  {feature:28s} {weight:+.3f}", file=sys.stderr)
    print(
        f"  bias {model.bias:+.3f}  threshold {model.threshold}  settled {model.settled}"
        f"  snippet share {share}",
        file=sys.stderr,
    )
    if args.write:
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        MODEL_PATH.write_text(
            json.dumps(
                {
                    "features": list(FEATURES),
                    "weights": [round(w, 5) for w in model.weights],
                    "bias": round(model.bias, 5),
                    "threshold": model.threshold,
                    "settled": model.settled,
                    "trained": {
                        "on": f"tuning half of {', '.join(CORPORA)} ({len(tuning)} pages)",
                        "snippet_share": share,
                        "by": "python -m bench.train_consensus --write",
                        "date": datetime.now(UTC).date().isoformat(),
                    },
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {MODEL_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
