"""Tables of the network in the database: its versions, and its records (places, services, a
file's other tables) valid from one version until another (docs/network.md)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from landsea.persistence.columns import UtcDateTime
from landsea.persistence.tables import Base, _now

__all__ = ["NetworkRecordRow", "NetworkVersionRow"]


class NetworkVersionRow(Base):
    """One published state of the network: who, when, what changed, its records' digest."""

    __tablename__ = "network_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=_now)
    organisation_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"))
    author: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(64))


class NetworkRecordRow(Base):
    """A place, service or file table in the dataset's JSON, valid in [valid_from, valid_to)."""

    __tablename__ = "network_records"
    __table_args__ = (
        Index("ix_network_records_span", "valid_from", "valid_to"),
        Index("ix_network_records_key", "kind", "key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(200))
    file: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"))
    valid_from: Mapped[int] = mapped_column(ForeignKey("network_versions.id"))
    valid_to: Mapped[int | None] = mapped_column(ForeignKey("network_versions.id"))
