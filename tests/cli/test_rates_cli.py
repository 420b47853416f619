"""``landsea rates import``: the ECB XML and CSV formats, and a file refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from landsea.cli.main import app

runner = CliRunner()
ECB_FILE = Path(__file__).parents[1] / "data" / "rates" / "eurofxref-hist-2d.xml"


@pytest.fixture(autouse=True)
def database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LANDSEA_DATABASE_URL", f"sqlite:///{tmp_path / 'rates.db'}")


def test_import_ecb_xml_then_a_broken_csv(tmp_path: Path) -> None:
    done = runner.invoke(app, ["rates", "import", str(ECB_FILE)])
    assert done.exit_code == 0, done.output
    assert done.output == "6 rates of 2026-10-29 … 2026-10-30 stored from eurofxref-hist-2d.xml\n"
    broken = tmp_path / "broken.csv"
    broken.write_text(
        "base,quote,rate,date,source\nEUR,USD,1.1,2026-11-02,x\nEUR,USD,abc,2026-11-02,x\n"
    )
    refused = runner.invoke(app, ["rates", "import", str(broken)])
    assert refused.exit_code == 1
    assert "broken.csv: line 3: rate: rate 'abc' is not a positive decimal" in refused.output
