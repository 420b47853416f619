"""The plain text table of `landsea plan` (cli/output.TextTable): aligned columns with wide
characters counted as two, and a refused row of the wrong length."""

from __future__ import annotations

import pytest

from landsea.cli.output import TextTable, width


def test_wide_characters_take_two_columns_and_every_line_is_as_wide() -> None:
    table = TextTable(title="重庆 → 河内", caption="note")
    table.add_column("#", right=True)
    table.add_column("经由")
    table.add_row("1", "CNCQI-TJC")
    table.add_row("12", "凭祥")
    lines = table.render().splitlines()
    assert lines[0] == "重庆 → 河内" and lines[-1] == "note"
    drawn = lines[1:-1]
    assert len({width(line) for line in drawn}) == 1, drawn
    assert drawn[1] == "│ #  │ 经由      │"
    assert drawn[3] == "│  1 │ CNCQI-TJC │"
    assert drawn[4] == "│ 12 │ 凭祥      │"
    assert width("凭祥") == 4 and width("ab") == 2


def test_a_row_of_the_wrong_length_is_refused() -> None:
    table = TextTable()
    table.add_column("a")
    with pytest.raises(ValueError, match="a row of 2 cells in a table of 1"):
        table.add_row("x", "y")
