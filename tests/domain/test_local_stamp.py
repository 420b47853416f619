"""``local_stamp`` reads a departure id's date and time as ``strptime("%Y%m%d%H%M")`` does,
without loading strptime (a one-shot ``landsea plan`` paid ~10 ms for its first use)."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys

from landsea.domain.timetable import local_stamp, parse_departure_id


def _strptime(day: str, time: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(day + time, "%Y%m%d%H%M")
    except ValueError:
        return None


def test_local_stamp_reads_what_strptime_reads() -> None:
    odd = [("20261131", "1200"), ("202612 7", "0900"), ("20241302", "0000"), ("20240229", "2359"),
           ("20230229", "0000"), ("20261207", "2400"), ("20261207", "1260"), ("00001207", "1200"),
           ("２０２６1207", "1200"), ("2026-1-7", "0900")]  # fmt: skip
    draw = random.Random(15)
    digits = [
        (f"{draw.randint(0, 9999):04d}{draw.randint(0, 19):02d}{draw.randint(0, 39):02d}",
         f"{draw.randint(0, 29):02d}{draw.randint(0, 69):02d}")
        for _ in range(5000)
    ]  # fmt: skip
    for day, time in odd + digits:
        assert local_stamp(day, time) == _strptime(day, time), (day, time)


def test_a_plan_reads_departure_ids_without_strptime() -> None:
    code = (
        "import sys\nfrom landsea.domain.timetable import parse_departure_id\n"
        "parse_departure_id('SR-CQ-QZH-20261207-1800')\nprint('_strptime' in sys.modules)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
    assert parse_departure_id("SR-CQ-QZH-20261207-1800")[1] == dt.datetime(2026, 12, 7, 18)
