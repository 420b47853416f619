"""The ``[source.<key>]`` tables and the check that every cited key exists."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from landsea.domain.provenance import Source
from landsea.feeds.dataset.records import Record
from landsea.feeds.dataset.state import ReaderState

_SOURCE_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

__all__ = ["BibliographyReader"]


class BibliographyReader(ReaderState):
    """Reads the bibliography of every file."""

    def _read_sources(self, file: str, tables: Any) -> None:
        if tables is None:
            return
        if not isinstance(tables, dict):
            self.problem(file, "", "source", "must be tables [source.<key>]")
            return
        for key, table in tables.items():
            record = f"source {key}"
            if not _SOURCE_KEY.fullmatch(key):
                self.problem(file, record, "", "key must be lowercase words joined by hyphens")
            if key in self.sources or key in self.source_files:
                other = self.source_files[key]
                self.problem(file, record, "", f"duplicate source key {key!r} (also in {other})")
                continue
            self.source_files[key] = file
            if not isinstance(table, dict):
                self.problem(file, record, "", "must be a table")
                continue
            r = Record(self, file, record, table)
            r.allow({"publisher", "year", "date", "title", "url", "note"})
            publisher = r.text("publisher")
            year = table.get("year")
            if not isinstance(year, int) or isinstance(year, bool) or not 1800 <= year <= 2100:
                self.problem(file, record, "year", f"must be a year such as 2024, got {year!r}")
                year = None
            date = table.get("date")
            if date is not None and not isinstance(date, dt.date):
                self.problem(
                    file, record, "date", f"must be a TOML date (2024-03-19), got {date!r}"
                )
                date = None
            if publisher is not None and year is not None:
                self.sources[key] = Source(
                    key=key,
                    publisher=publisher,
                    year=year,
                    date=date,
                    title=r.text("title", required=False) or "",
                    url=r.text("url", required=False) or "",
                )

    def _check_citations(self) -> None:
        for citation in self.citations:
            if citation.key not in self.source_files:
                self.problem(
                    citation.file,
                    citation.record,
                    citation.field,
                    f"cites unknown source {citation.key!r} (no [source.{citation.key}] table)",
                )
