"""DCSA TNT 3.0's MULTIMODAL fits the mode of an event; a subscription speaks one DCSA version

Revision ID: 0012
Revises: 0010
Create Date: 2026-11-30 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tracking_events") as batch:
        batch.alter_column("mode", existing_type=sa.String(length=6), type_=sa.String(length=10))
    with op.batch_alter_table("event_subscriptions") as batch:
        batch.add_column(
            sa.Column("version", sa.String(length=12), nullable=False, server_default="received")
        )


def downgrade() -> None:
    with op.batch_alter_table("event_subscriptions") as batch:
        batch.drop_column("version")
    op.execute("UPDATE tracking_events SET mode = NULL WHERE length(mode) > 6")
    with op.batch_alter_table("tracking_events") as batch:
        batch.alter_column("mode", existing_type=sa.String(length=10), type_=sa.String(length=6))
