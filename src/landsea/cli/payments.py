"""``landsea payments import FILE --org OPERATOR``: an operator's bank notification (ISO 20022
camt.054.001.13) reconciled to its invoices."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from landsea.cli.messages import t
from landsea.cli.output import Format, echo_json, get_settings

__all__ = ["app"]

app = typer.Typer(
    help="Payments: bank notifications reconciled to invoices.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("import")
def import_payments(
    file: Annotated[
        Path,
        typer.Argument(exists=True, dir_okay=False, readable=True,
                       help="An ISO 20022 camt.054.001.13 notification (XML)."),
    ],
    org: Annotated[str, typer.Option("--org", help="The operator organisation (id or name).")],
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
) -> None:  # fmt: skip
    """Reconcile every booked credit of the file to the organisation's invoices: matched (and
    whether the invoice is now paid, part-paid or over-paid), unmatched with the reason, or a
    duplicate of a credit imported before; exits with 1 when any credit is left unmatched."""
    from landsea.services import accounts, payments
    from landsea.services.platform import opened

    with opened(get_settings()) as platform:
        operator = accounts.organisation(platform, org)
        report = payments.import_payments(platform, operator, file.read_bytes(), file.name)
    if format is Format.JSON:
        echo_json({
            "id": report.id, "message_id": report.message_id,
            "credits": [
                {"bank_reference": c.bank_reference, "amount": str(c.amount),
                 "currency": c.currency, "outcome": c.outcome, "reason": c.reason,
                 "invoice_number": c.invoice_number, "settlement": c.settlement}
                for c in report.credits
            ],
            "skipped": [{"entry": s.entry, "reason": s.reason} for s in report.skipped],
        })  # fmt: skip
    else:
        for c in report.credits:
            settled = t(f"payments.{c.settlement}") if c.settlement else ""
            typer.echo(f"{c.bank_reference}  {c.amount} {c.currency}  "
                       f"{t('payments.' + c.outcome)}  {c.invoice_number or '-'}  {settled}  "
                       f"{c.reason}")  # fmt: skip
        for s in report.skipped:
            typer.echo(f"{s.entry}  {t('payments.skipped')}  {s.reason}")
    if any(c.outcome == "unmatched" for c in report.credits):
        unmatched = sum(c.outcome == "unmatched" for c in report.credits)
        typer.echo(t("payments.some_unmatched", unmatched=unmatched, total=len(report.credits)),
                   err=True)  # fmt: skip
        raise typer.Exit(1)
