"""transport documents: party keys, documents, their signed history; the bank role

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_ROLES = "'shipper', 'operator', 'customs', 'admin'"


def _roles(allowed: str) -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.drop_constraint("ck_org_role", type_="check")
        batch.create_check_constraint("ck_org_role", sa.text(f"role IN ({allowed})"))


def upgrade() -> None:
    _roles(_ROLES + ", 'bank'")
    op.create_table(
        "party_keys",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("private_key", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id"),
    )
    op.create_table(
        "transport_documents",
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("booking_id", sa.String(length=36), nullable=False),
        sa.Column("issuer_id", sa.String(length=36), nullable=False),
        sa.Column("holder_id", sa.String(length=36), nullable=False),
        sa.Column("pending_to", sa.String(length=36), nullable=True),
        sa.Column("bank_id", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("negotiable", sa.Boolean(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("document_checksum", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("head_checksum", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status IN ('held', 'offered', 'pledged', 'surrender_requested', 'surrendered')",
            name="ck_document_status",
        ),
        sa.CheckConstraint("version >= 1", name="ck_document_version"),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"]),
        sa.ForeignKeyConstraint(["holder_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["issuer_id"], ["organisations.id"]),
        sa.PrimaryKeyConstraint("reference"),
    )
    with op.batch_alter_table("transport_documents") as batch:
        for column in ("booking_id", "issuer_id", "holder_id", "pending_to"):
            batch.create_index(batch.f(f"ix_transport_documents_{column}"), [column])
    op.create_table(
        "document_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=24), nullable=False),
        sa.Column("actor_id", sa.String(length=36), nullable=False),
        sa.Column("recipient_id", sa.String(length=36), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed", sa.Text(), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["reference"], ["transport_documents.reference"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference", "seq", name="uq_document_entry_seq"),
    )


def downgrade() -> None:
    op.drop_table("document_entries")
    with op.batch_alter_table("transport_documents") as batch:
        for column in ("booking_id", "issuer_id", "holder_id", "pending_to"):
            batch.drop_index(batch.f(f"ix_transport_documents_{column}"))
    op.drop_table("transport_documents")
    op.drop_table("party_keys")
    _roles(_ROLES)
