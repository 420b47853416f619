"""DCSA's own example messages (tests/data/dcsa_spec/, Apache-2.0, SOURCES.md) and checks
against DCSA's own schemas, for the conformance suites."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from landsea.feeds.dcsa_schema import TntVersion, document_violations

EXAMPLES = Path(__file__).parents[1] / "data" / "dcsa_spec" / "tnt-examples"


def example(name: str) -> Any:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def names(prefix: str) -> list[str]:
    return sorted(p.name for p in EXAMPLES.glob(f"{prefix}*.json"))


def assert_valid(version: TntVersion, schema: str, document: Any) -> None:
    """``document`` is valid against DCSA's schema ``schema`` of ``version``."""
    violations = document_violations(version, schema, document)
    assert violations == [], violations
