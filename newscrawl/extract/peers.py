"""Independent extractors that vote on the article text beside ours (see `consensus`).

Each peer maps (decoded HTML, URL) to the article's plain text. They fail on other pages than
we do, which is what makes their votes worth having. A peer that raises, or runs past the
page's time cap, loses its vote on that page; the article never depends on it.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

import lxml.html
import trafilatura
from readability import Document

Peer = Callable[[str, str], str]

# readability-lxml raises ValueError on control characters (lxml refuses them in text); they
# are never article text, so they are taken out for it rather than costing its vote.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def trafilatura_text(html: str, url: str) -> str:
    # fast=True skips trafilatura's own fallbacks (a readability port and jusText): our
    # consensus is the fallback, and it halves trafilatura's time.
    return trafilatura.extract(html, url=url or None, fast=True, deduplicate=False) or ""


def readability_text(html: str, url: str) -> str:
    # No url: it would only make every link absolute (a third of readability's time), and
    # only the text is voted on.
    summary = Document(_CONTROL.sub(" ", html)).summary(html_partial=True)
    if not summary.strip():
        return ""
    return "\n".join(lxml.html.fromstring(summary).itertext())


PEERS: dict[str, Peer] = {"trafilatura": trafilatura_text, "readability": readability_text}


class PeerTimeout(BaseException):
    """A peer ran past the time it was given on one page. A BaseException, so that a peer's
    own `except Exception` (trafilatura and readability-lxml both have them) cannot swallow
    it and run on uncapped."""


@dataclass(frozen=True)
class Vote:
    """What one peer made of a page: its text, or why it has no say."""

    peer: str
    text: str | None
    seconds: float
    failure: str | None = None


@contextmanager
def _time_cap(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (SIGALRM: only the main thread can take it, which is
    where Scrapy's reactor and `scrapy extract` run). Elsewhere the caller's budget check stops
    further peers instead. The signal lands between Python steps: a long stretch inside lxml's
    C parser runs to its end first. A timer the caller had set is put back afterwards, less
    the time spent here."""
    usable = seconds > 0 and threading.current_thread() is threading.main_thread()
    if not usable or not hasattr(signal, "setitimer"):
        yield
        return
    armed = True

    def expire(signum: int, frame: object) -> None:
        if armed:  # an alarm that lands after the block is over interrupts nothing
            raise PeerTimeout(f"over {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, expire)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-3))


def ask(name: str, peer: Peer, html: str, url: str, seconds: float) -> Vote:
    """One peer's vote on a page, within `seconds`; a failure costs the vote, nothing more."""
    started = time.perf_counter()
    try:
        with _time_cap(seconds):
            text = peer(html, url)
    except PeerTimeout as error:
        return Vote(name, None, time.perf_counter() - started, f"timeout: {error}")
    except Exception as error:  # a third-party extractor may raise anything on odd markup
        return Vote(name, None, time.perf_counter() - started, f"{type(error).__name__}")
    return Vote(name, text, time.perf_counter() - started)


def ask_all(
    peers: Mapping[str, Peer],
    html: str,
    url: str,
    budget: float,
    enough: Callable[[Mapping[str, Vote]], bool] | None = None,
) -> dict[str, Vote]:
    """The peers' votes in turn, sharing one per-page time budget: each peer gets what is
    left, a peer whose turn comes after the budget is spent has no say, and none is asked
    once `enough` says the votes so far settle the page."""
    votes: dict[str, Vote] = {}
    deadline = time.perf_counter() + budget
    for name, peer in peers.items():
        if enough is not None and votes and enough(votes):
            break
        left = deadline - time.perf_counter()
        if left <= 0:
            votes[name] = Vote(name, None, 0.0, "timeout: page budget spent")
            continue
        votes[name] = ask(name, peer, html, url, left)
    return votes
