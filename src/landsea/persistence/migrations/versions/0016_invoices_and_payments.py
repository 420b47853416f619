"""invoices, credit notes, their per-issuer counters, imported bank notifications and payments

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 10:00:00.000000

Issued invoices are immutable: triggers refuse every UPDATE and DELETE of ``invoices`` on both
databases (the repository has no update path either).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

AMOUNT = sa.Numeric(precision=18, scale=5)
REFUSAL = "issued invoices are immutable: issue a credit note instead"


def upgrade() -> None:
    op.create_table(
        "invoice_counters",
        sa.Column("issuer_id", sa.String(length=36), nullable=False),
        sa.Column("series", sa.String(length=3), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["issuer_id"], ["organisations.id"]),
        sa.PrimaryKeyConstraint("issuer_id", "series"),
    )
    op.create_table(
        "invoices",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("issuer_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("booking_id", sa.String(length=36), nullable=False),
        sa.Column("credits_id", sa.String(length=36), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_amount", AMOUNT, nullable=False),
        sa.Column("tax_category", sa.String(length=2), nullable=False),
        sa.Column("tax_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("tax_reason", sa.String(length=200), nullable=False),
        sa.Column("lines", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(kind = 'invoice' AND credits_id IS NULL) "
            "OR (kind = 'credit_note' AND credits_id IS NOT NULL)",
            name="ck_invoice_kind",
        ),
        sa.ForeignKeyConstraint(["issuer_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["booking_id"], ["bookings.id"]),
        sa.ForeignKeyConstraint(["credits_id"], ["invoices.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issuer_id", "number", name="uq_invoice_number"),
        sa.UniqueConstraint("credits_id", name="uq_invoice_credit_note"),
    )
    for column in ("issuer_id", "customer_id", "booking_id"):
        op.create_index(f"ix_invoices_{column}", "invoices", [column])
    op.create_table(
        "payment_imports",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("message_id", sa.String(length=35), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_payment_imports_organisation_id", "payment_imports", ["organisation_id"])
    op.create_table(
        "payments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("import_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("bank_reference", sa.String(length=200), nullable=False),
        sa.Column("end_to_end_id", sa.String(length=35), nullable=True),
        sa.Column("references", sa.Text(), nullable=False),
        sa.Column("amount", AMOUNT, nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("booked_on", sa.Date(), nullable=True),
        sa.Column("invoice_id", sa.String(length=36), nullable=True),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint("outcome IN ('matched', 'unmatched')", name="ck_payment_outcome"),
        sa.ForeignKeyConstraint(["import_id"], ["payment_imports.id"]),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "bank_reference", name="uq_payment_bank_reference"),
    )
    op.create_index("ix_payments_import_id", "payments", ["import_id"])
    op.create_index("ix_payments_invoice_id", "payments", ["invoice_id"])
    _immutable()


def _immutable() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION landsea_invoice_immutable() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices "
            "FOR EACH ROW EXECUTE FUNCTION landsea_invoice_immutable()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER invoices_immutable_{event.lower()} BEFORE {event} ON invoices "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER invoices_immutable ON invoices")
        op.execute("DROP FUNCTION landsea_invoice_immutable()")
    op.drop_table("payments")
    op.drop_table("payment_imports")
    op.drop_table("invoices")
    op.drop_table("invoice_counters")
