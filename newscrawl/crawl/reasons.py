"""Why a request ended without an article: the skip reason for each way a download, a
downloader middleware or the HTTP error check can fail (docs/robustness.md lists them)."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx_error


class SkipRequest(IgnoreRequest):
    """A request newscrawl's middlewares chose not to fetch or not to use, with the reason."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


# Scrapy's own middlewares raise a bare IgnoreRequest, and only its message tells robots.txt,
# an oversized decompressed body and a redirect chain apart. tests/test_faults.py reaches each
# of them, so a Scrapy release that rewords one fails there instead of miscounting.
_SCRAPY_IGNORED = (
    ("Forbidden by robots.txt", "robots"),
    ("DOWNLOAD_MAXSIZE", "too_large"),
    ("max redirections reached", "too_many_redirects"),
)
_DOWNLOAD_ERRORS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, tx_error.TimeoutError), "timeout"),
    # Scrapy cancels a download itself only when the body outgrows DOWNLOAD_MAXSIZE (timeouts
    # are reported as DownloadTimeoutError).
    ((DownloadCancelledError,), "too_large"),
    ((ResponseDataLossError,), "truncated"),
    ((DownloadFailedError, tx_error.ConnectionLost, tx_error.ConnectionDone), "connection_lost"),
    (
        (DownloadConnectionRefusedError, CannotResolveHostError, tx_error.ConnectError),
        "connection_failed",
    ),
)


def _http_reason(response: Response) -> str:
    if 300 <= response.status < 400:
        location = (response.headers.get("Location") or b"").decode("latin-1")
        try:
            scheme = urlsplit(location).scheme
        except ValueError:
            scheme = ""
        # RedirectMiddleware hands back a redirect to file:, ftp:, javascript: … untouched.
        if scheme not in ("", "http", "https"):
            return "unsupported_scheme"
    return f"http_{response.status}"


def reason_for(error: BaseException | None) -> str:
    """The skip reason for a request that failed with `error` (in a download, a downloader
    middleware or the HTTP error check)."""
    if isinstance(error, SkipRequest):
        return error.reason
    if isinstance(error, HttpError):
        return _http_reason(error.response)
    if isinstance(error, IgnoreRequest):
        message = str(error)
        return next((r for text, r in _SCRAPY_IGNORED if text in message), "ignored")
    for kinds, reason in _DOWNLOAD_ERRORS:
        if isinstance(error, kinds):
            return reason
    return f"download_error/{type(error).__name__ if error else 'unknown'}"
