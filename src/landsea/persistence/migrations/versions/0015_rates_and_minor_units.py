"""rates: dated reference exchange rates; bookings' prices in minor units and their frozen quote

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 09:00:00.000000
"""

from __future__ import annotations

from decimal import Decimal

import iso4217
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rates",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("base", sa.String(length=3), nullable=False),
        sa.Column("quote", sa.String(length=3), nullable=False),
        sa.Column("rate", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("base", "quote", "day", name="uq_rate_pair_day"),
    )
    op.create_index("ix_rates_day", "rates", ["day"])
    op.add_column("bookings", sa.Column("price_minor", sa.BigInteger(), nullable=True))
    op.add_column("bookings", sa.Column("quote", sa.Text(), nullable=True))
    _fill_minor_units()
    with op.batch_alter_table("bookings") as batch:
        batch.alter_column("price_minor", existing_type=sa.BigInteger(), nullable=False)


def _fill_minor_units() -> None:
    """Each stored price as an integer of its currency's minor units (ISO 4217 exponents; the
    stored prices have 2 decimals, so no rounding happens for 2-decimal currencies)."""
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, price_amount, price_currency FROM bookings")).all()
    for booking_id, amount, currency in rows:
        places = iso4217.Currency(currency).exponent or 0
        minor = int((Decimal(str(amount)).scaleb(places)).to_integral_value())
        bind.execute(
            sa.text("UPDATE bookings SET price_minor = :minor WHERE id = :id"),
            {"minor": minor, "id": booking_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("quote")
        batch.drop_column("price_minor")
    op.drop_index("ix_rates_day", table_name="rates")
    op.drop_table("rates")
