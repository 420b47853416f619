"""bookings: the cargo details given at the review step (commodity, HS code, containers)

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 11:10:00.000000

All three are nullable: bookings made before (and through the API without them) have none.
``containers`` is a JSON list of ISO 6346 numbers, checked by the booking use case.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("bookings", sa.Column("commodity", sa.String(length=200), nullable=True))
    op.add_column("bookings", sa.Column("hs_code", sa.String(length=10), nullable=True))
    op.add_column("bookings", sa.Column("containers", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("containers")
        batch.drop_column("hs_code")
        batch.drop_column("commodity")
