"""``landsea --help`` stays quick: the command line's modules import no database layer, web
framework, planner kernel or simulation engine until a command needs it (docs/performance.md)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "sqlalchemy",
    "alembic",
    "fastapi",
    "numba",
    "networkx",
    "simpy",
    "dask",
    "pydantic_settings",
)


def test_the_command_line_imports_nothing_heavy_at_start() -> None:
    code = (
        f"import sys, landsea.cli.main\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()  # fmt: skip
    assert loaded == [], f"imported at start-up: {loaded}"
