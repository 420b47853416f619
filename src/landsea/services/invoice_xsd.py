"""The official XML schemas of the documents landsea writes and reads about money (vendored under
``landsea/data/xsd``, sources and licences in its README): UBL 2.1 Invoice and CreditNote, ISO
20022 pain.001.001.09 and camt.054.001.13. Each is compiled once per process, on first use."""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files
from typing import Final

import xmlschema

from landsea.errors import InvalidInput

__all__ = ["SCHEMAS", "parse", "problems", "validate"]

SCHEMAS: Final = {
    "ubl-invoice": "ubl-2.1/maindoc/UBL-Invoice-2.1.xsd",
    "ubl-credit-note": "ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd",
    "pain.001.001.09": "iso20022/pain.001.001.09.xsd",
    "camt.054.001.13": "iso20022/camt.054.001.13.xsd",
}


@cache
def _schema(name: str) -> xmlschema.XMLSchema:
    with as_file(files("landsea") / "data" / "xsd" / SCHEMAS[name]) as path:
        return xmlschema.XMLSchema(str(path))


def _resource(document: bytes) -> xmlschema.XMLResource:
    """A document to read, with entities and DTDs refused (it may come from outside)."""
    try:
        return xmlschema.XMLResource(document, defuse="always", allow="none")
    except Exception as exc:  # the parser's errors have no common base class
        raise InvalidInput(f"file is not well-formed XML: {exc}") from exc


def problems(name: str, document: bytes, limit: int = 10) -> list[str]:
    """Where and why ``document`` breaks schema ``name`` (empty: it is valid)."""
    found = []
    for error in _schema(name).iter_errors(_resource(document)):
        found.append(f"{error.path}: {error.reason}")
        if len(found) == limit:
            break
    return found


def validate(name: str, document: bytes) -> None:
    """Refuse ``document`` unless schema ``name`` accepts it, naming the first problems."""
    found = problems(name, document)
    if found:
        raise InvalidInput(f"file is not a valid {name} document: " + "; ".join(found))


def parse(name: str, document: bytes) -> xmlschema.XMLResource:
    """``document`` validated against ``name``, ready to read."""
    validate(name, document)
    return _resource(document)
