"""tracking events located at a terminal keep its key (UN/LOCODE plus facility code)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 08:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tracking_events") as batch:
        batch.alter_column(
            "location", existing_type=sa.String(length=5), type_=sa.String(length=16)
        )


def downgrade() -> None:
    op.execute(
        "UPDATE tracking_events SET location = substr(location, 1, 5) WHERE length(location) > 5"
    )
    with op.batch_alter_table("tracking_events") as batch:
        batch.alter_column(
            "location", existing_type=sa.String(length=16), type_=sa.String(length=5)
        )
