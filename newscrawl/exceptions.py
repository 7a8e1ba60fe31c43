"""Why an item left the pipeline before export."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem


class SkippedArticle(DropItem):
    """Deliberately not exported (filtered, duplicate): counted, not an error."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"{reason}: {url}", log_level="INFO")
        self.reason = reason


class RejectedArticle(DropItem):
    """Failed validation: written to the rejected feed with its reasons."""

    def __init__(self, reasons: list[str], record: dict[str, Any]) -> None:
        super().__init__(
            f"invalid article {record.get('url')}: {'; '.join(reasons)}", log_level="WARNING"
        )
        self.reasons = reasons
        self.record = record
