"""JSON as landsea stores it, without SQLAlchemy (the bulk event import writes it too)."""

from __future__ import annotations

import json
from typing import Any

import orjson

__all__ = ["json_text"]


def json_text(value: Any) -> str:
    """Compact JSON text, Unicode as is; orjson where it can (integers past 64 bits it cannot)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
