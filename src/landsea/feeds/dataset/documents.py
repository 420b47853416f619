"""A dataset as documents: each file's TOML as a Python table, to and from a folder and JSON.

The database keeps a network as these documents' records (one a place, one a service, one a file's
remaining tables) in JSON; TOML dates, which JSON lacks, are written ``{"$date": "2024-03-19"}``.
Writing a folder from documents and reading it back gives the same documents, so an export of an
import of an export is the export itself.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from landsea.errors import InvalidInput

__all__ = ["Document", "dumps", "folder_documents", "loads", "write_documents"]

Document = tuple[str, dict[str, Any]]
"""A file of a dataset: its name relative to the folder and its tables."""


def folder_documents(root: Path) -> list[Document]:
    """The documents of the dataset folder ``root``, in the reader's order; a file that is not
    TOML is invalid input naming it."""
    files = sorted(root.glob("*.toml")) + sorted((root / "services").glob("*.toml"))
    documents: list[Document] = []
    for file in files:
        name = file.relative_to(root).as_posix()
        try:
            with file.open("rb") as handle:
                documents.append((name, tomllib.load(handle)))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"dataset file {name!r} is not UTF-8 TOML: {exc}") from exc
    return documents


def write_documents(root: Path, documents: list[Document]) -> None:
    """Write ``documents`` as the dataset folder ``root`` (created; files written over)."""
    for name, document in documents:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(tomli_w.dumps(document), encoding="utf-8")


def dumps(table: dict[str, Any]) -> str:
    """The JSON of a TOML table (keys sorted, so equal tables give equal text)."""
    return json.dumps(_tagged(table), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def loads(text: str) -> dict[str, Any]:
    """The TOML table of :func:`dumps`'s JSON."""
    table = json.loads(text, object_hook=_untag)
    if not isinstance(table, dict):
        raise InvalidInput(f"a stored network record must be a JSON object, got {text[:40]!r}")
    return table


def _tagged(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _tagged(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_tagged(item) for item in value]
    if isinstance(value, dt.datetime | dt.time):
        raise InvalidInput(f"dataset values are dates, never times of day or instants: {value!r}")
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    return value


def _untag(table: dict[str, Any]) -> Any:
    if set(table) == {"$date"}:
        return dt.date.fromisoformat(table["$date"])
    return table
