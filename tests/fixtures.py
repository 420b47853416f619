"""Test helpers: the mini dataset and broken copies of datasets."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import tomli_w

from landsea.services.network import dataset_path

MINI = Path(__file__).parent / "data" / "mini"
"""A five-place, three-service dataset with illustrative figures."""


def copy_dataset(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def copy_builtin(target: Path) -> Path:
    return copy_dataset(dataset_path("ilstc"), target)


def edit_toml(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Load a TOML file, let ``change`` mutate it, and write it back (comments are lost)."""
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    change(document)
    path.write_bytes(tomli_w.dumps(document).encode())


def record(document: dict[str, Any], array: str, key: str, value: str) -> dict[str, Any]:
    """The record of ``document[array]`` whose ``key`` is ``value``."""
    for item in document[array]:
        if item.get(key) == value:
            found: dict[str, Any] = item
            return found
    raise KeyError(f"no {array} with {key} = {value!r}")


def arrival_event(event_id: str) -> dict[str, Any]:
    """A DCSA actual arrival (ARRI) at Qinzhou, for load tests that only need many events."""
    return {
        "eventID": event_id,
        "eventDateTime": "2026-12-08T10:00:00Z",
        "eventUpdatedDateTime": "2026-12-08T10:00:00Z",
        "eventLocation": {"UNLocationCode": "CNQZH"},
        "eventClassification": {
            "eventTypeCode": "TRANSPORT",
            "eventClassifierCode": "ACT",
            "transportEventTypeCode": "ARRI",
        },
    }
