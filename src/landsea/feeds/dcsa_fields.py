"""Reading and writing DCSA JSON fields, for the converters between versions."""

from __future__ import annotations

from typing import Any

__all__ = ["obj", "objects", "some"]


def some(**fields: Any) -> dict[str, Any]:
    """The fields that have a value: DCSA leaves an unknown field out, never ``null`` or empty.

    >>> some(a=1, b=None, c={}, d=[])
    {'a': 1}
    """
    return {k: v for k, v in fields.items() if v not in (None, {}, [])}


def obj(value: Any) -> dict[str, Any]:
    """``value`` if it is an object, else an empty one (a missing or malformed block)."""
    return value if isinstance(value, dict) else {}


def objects(value: Any) -> list[dict[str, Any]]:
    """The objects of a list (none if ``value`` is no list)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []
