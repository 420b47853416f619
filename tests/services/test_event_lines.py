"""A file of events read a batch at a time (``landsea track import`` on PostgreSQL): the same
events, indices and errors as reading it whole, and known to read only once the last line is."""

from __future__ import annotations

import json

import pytest

from landsea.errors import InvalidInput
from landsea.feeds.dcsa_lines import line_chunks, read_events_bytes
from landsea.services.event_lines import event_batches

LINES = [json.dumps({"eventID": f"e{n}", "n": n}) for n in range(11)]


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(LINES) + "\n",
        "\r\n".join(LINES),
        "\r".join(LINES[:4]) + "\n" + "\r\n".join(LINES[4:]),
        "\n\n".join(LINES) + "\n  \n",
        "\n".join(LINES[:5]) + "\n\u00a0" + LINES[5] + "\u2003\n" + "\n".join(LINES[6:]),
        json.dumps([json.loads(line) for line in LINES]),
    ],
    ids=["lines", "crlf", "cr", "blank lines", "unicode spaces", "array"],
)
@pytest.mark.parametrize("piece", [1, 7, 64, 1 << 20])
def test_batches_hold_the_events_of_the_whole_file_in_order(
    text: str, piece: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the pieces the lines are split in (each a few bytes past a \\n)."""
    monkeypatch.setattr("landsea.services.event_lines.PIECE", piece)
    data = text.encode()
    whole = read_events_bytes(data)
    batches = event_batches(data, 3, stream=True)
    read = [(first, list(raw)) for first, raw, _ in batches]
    assert [e for _, raw in read for e in raw] == whole
    firsts = [sum(len(raw) for _, raw in read[:n]) for n in range(len(read))]
    assert [first for first, _ in read] == firsts  # each batch's first event's index
    assert batches.count == len(whole) and batches.readable()
    lines = data.splitlines()
    assert [line for piece in line_chunks(data, piece) for line in piece] == lines
    if b"\r" not in data.replace(b"\r\n", b""):  # the progress bar's count, before the split
        assert batches.total == (len(lines) if text.lstrip().startswith("{") else len(whole))


@pytest.mark.parametrize("piece", [5, 1 << 20])
def test_a_line_that_is_not_json_is_known_only_by_reading_to_it(
    piece: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("landsea.services.event_lines.PIECE", piece)
    data = ("\n".join(LINES[:7]) + '\n{"eventID": \n' + "\n".join(LINES[7:])).encode()
    batches = event_batches(data, 3, stream=True)
    taken = iter(batches)
    assert len(list(next(taken)[1])) == 3 and not batches.readable()
    assert len(list(next(taken)[1])) == 3 and not batches.readable()
    with pytest.raises(InvalidInput, match="line 8 is not JSON"):
        list(taken)
    assert not batches.readable()
    with pytest.raises(InvalidInput, match="line 8 is not JSON"):
        read_events_bytes(data)
