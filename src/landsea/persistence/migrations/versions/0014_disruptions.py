"""disruptions: run exceptions, closures, the departures they take out and the bookings they hit

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _reason() -> list[sa.Column[object]]:
    return [
        sa.Column("reason_en", sa.String(length=500), nullable=False),
        sa.Column("reason_zh", sa.String(length=500), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "run_exceptions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("service_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("departure_id", sa.String(length=80), nullable=False),
        sa.Column("run_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delay_minutes", sa.Integer(), nullable=False),
        *_reason(),
        sa.Column("reason_code", sa.String(length=3), nullable=True),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('cancel', 'extra', 'delay')", name="ck_run_exception_kind"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_run_exceptions_service_id", "run_exceptions", ["service_id"])
    op.create_index("ix_run_exceptions_departure_id", "run_exceptions", ["departure_id"])
    op.create_table(
        "closures",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("subject", sa.String(length=8), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        *_reason(),
        sa.Column("reason_code", sa.String(length=3), nullable=True),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("subject IN ('place', 'service')", name="ck_closure_subject"),
        sa.CheckConstraint("ends_at > starts_at", name="ck_closure_period"),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_closures_code", "closures", ["code"])
    op.create_table(
        "taken_departures",
        sa.Column("cause_id", sa.String(length=36), nullable=False),
        sa.Column("departure_id", sa.String(length=80), nullable=False),
        sa.Column("previous_capacity_teu", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["departure_id"], ["departures.id"]),
        sa.PrimaryKeyConstraint("cause_id", "departure_id"),
    )
    op.create_table(
        "booking_disruptions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("booking_id", sa.String(length=36), nullable=False),
        sa.Column("cause_id", sa.String(length=36), nullable=False),
        sa.Column("departure_id", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        *_reason(),
        sa.Column("released_teu", sa.Integer(), nullable=False),
        sa.Column("released_plugs", sa.Integer(), nullable=False),
        sa.Column("reaccommodation", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_booking_disruptions_booking_id", "booking_disruptions", ["booking_id"])
    op.create_index("ix_booking_disruptions_cause_id", "booking_disruptions", ["cause_id"])


def downgrade() -> None:
    op.drop_table("booking_disruptions")
    op.drop_table("taken_departures")
    op.drop_table("closures")
    op.drop_table("run_exceptions")
