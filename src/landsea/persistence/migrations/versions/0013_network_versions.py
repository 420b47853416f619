"""the network in the database: versions and their records

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 08:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "network_versions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), sa.ForeignKey("organisations.id")),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
    )
    op.create_table(
        "network_records",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("file", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.String(length=36), sa.ForeignKey("organisations.id")),
        sa.Column("valid_from", sa.Integer(), sa.ForeignKey("network_versions.id"), nullable=False),
        sa.Column("valid_to", sa.Integer(), sa.ForeignKey("network_versions.id")),
    )
    op.create_index("ix_network_records_span", "network_records", ["valid_from", "valid_to"])
    op.create_index("ix_network_records_key", "network_records", ["kind", "key"])


def downgrade() -> None:
    op.drop_table("network_records")
    op.drop_table("network_versions")
