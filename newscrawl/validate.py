"""What a valid article record is: the JSON Schema contract plus what a schema cannot say."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator

# A body shorter than this is a stub, a teaser or a withdrawn page, not an article.
MIN_BODY_CHARS = 80


@cache
def schema() -> dict[str, Any]:
    text = (resources.files("newscrawl") / "article.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


@cache
def _quick_check() -> jsonschema_rs.Validator:
    # The same schema compiled: a hundred times faster at saying whether a record is valid,
    # so only an invalid one is walked again by jsonschema for its reasons, as worded before.
    return jsonschema_rs.validator_for(schema())


def schema_errors(record: dict[str, Any]) -> list[str]:
    """What the schema says is wrong with `record` ("field: message"), in field order."""
    if _quick_check().is_valid(record):
        return []
    errors = sorted(_validator().iter_errors(record), key=lambda e: list(e.path))
    return [f"{'.'.join(str(p) for p in e.path) or 'record'}: {e.message}" for e in errors]


def problems(record: dict[str, Any]) -> list[str]:
    """Why `record` is not a valid article, one reason a line; empty when it is valid."""
    reasons = []
    if not record.get("title"):
        reasons.append("title: missing")
    body = record.get("body") or ""
    if not body:
        reasons.append("body: empty")
    elif len(body) < MIN_BODY_CHARS:
        reasons.append(f"body: too short ({len(body)} < {MIN_BODY_CHARS} characters)")
    for reason in schema_errors(record):
        field = reason.split(":", 1)[0]
        if field in ("title", "body") and any(r.startswith(f"{field}:") for r in reasons):
            continue  # already said in plainer words
        reasons.append(reason)
    return reasons
