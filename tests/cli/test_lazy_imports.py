"""``landsea --help`` stays quick: the command line's modules import no database layer, web
framework, planner kernel or simulation engine until a command needs it, and the commands
themselves load only when they run (docs/performance.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landsea.cli.main import COMMANDS, app, load_command

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

HELP_MAY_IMPORT = ("landsea", "landsea.errors", "landsea.cli", "landsea.cli.main",
                   "landsea.cli.messages", "landsea.cli.usage")  # fmt: skip
"""The only landsea modules ``landsea --help`` loads: no command's module, no domain."""


def _loaded_by(code: str) -> list[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.split()  # fmt: skip


def test_the_command_line_imports_nothing_heavy_at_start() -> None:
    loaded = _loaded_by(
        f"import sys, landsea.cli.main\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    assert loaded == [], f"imported at start-up: {loaded}"


def test_help_imports_no_command_module_nor_pydantic_nor_rich() -> None:
    code = (
        "import sys\nfrom landsea.cli.main import app\n"
        "import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        app(['--help'])\n    except SystemExit:\n        pass\n"
        "print(' '.join(m for m in sys.modules if m.split('.')[0] in "
        "('landsea', 'pydantic', 'rich')))"
    )
    loaded = sorted(set(_loaded_by(code)) - set(HELP_MAY_IMPORT))
    assert loaded == [], f"landsea --help imported: {loaded}"


def test_a_command_imports_its_own_module_only() -> None:
    code = (
        "import sys\nfrom landsea.cli.main import app\n"
        "import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        app(['rates', '--help'])\n    except SystemExit:\n        pass\n"
        "print(' '.join(m for m in sys.modules if m.startswith('landsea.cli.')))"
    )
    assert "landsea.cli.rates" in _loaded_by(code)
    assert "landsea.cli.plan" not in _loaded_by(code)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_help_summary_is_the_commands_own(name: str) -> None:
    """``landsea --help`` shows the first sentence of each command's own help."""
    assert COMMANDS[name].summary == load_command(name).get_short_help_str(10_000)


def test_help_lists_every_command_with_its_summary_in_order() -> None:
    result = CliRunner().invoke(app, ["--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    listed = result.output.split("Commands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed if line.strip()] == list(COMMANDS)
    assert "Plan door-to-door options from ORIGIN to DESTINATION" in result.output
    assert "西部陆海新通道" in result.output and "--lang" in result.output


def test_a_mistyped_command_is_answered_with_the_likely_one() -> None:
    result = CliRunner().invoke(app, ["plna"])
    assert result.exit_code == 2
    assert "No such command 'plna'. Did you mean 'plan'?" in result.output


@pytest.mark.parametrize("form", ["json", "table"])
def test_a_plan_on_a_sqlite_file_imports_no_sqlalchemy(tmp_path: Path, form: str) -> None:
    """``landsea plan``, as JSON or as the table, on a migrated SQLite file with the network on
    disk reads the database with sqlite3 — no SQLAlchemy, no platform — and loads neither the dataset readers,
    pydantic-settings nor Rich (docs/performance.md, start-up)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LANDSEA_")}
    env |= {"LANDSEA_CACHE_DIR": str(tmp_path / "cache"),
            "LANDSEA_DATABASE_URL": f"sqlite:///{tmp_path / 'landsea.db'}"}  # fmt: skip
    from landsea.persistence.database import Database

    Database(env["LANDSEA_DATABASE_URL"], migrate=True).dispose()
    code = (
        "import sys, contextlib, io\nfrom landsea.cli.main import app\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    try:\n        app(['plan', 'Chongqing', 'Singapore', '--depart', '2026-12-07', '-f', '{form}'])\n"
        "    except SystemExit:\n        pass\n"
        f"assert {'database' if form == 'json' else 'sqlite:///'!r} in out.getvalue()\n"
        "print(' '.join(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'rich')"
        " or m in ('landsea.services.platform', 'landsea.feeds', 'pydantic_settings')))"
    )
    run = [sys.executable, "-c", code]
    subprocess.run(run, env=env, check=True, capture_output=True)  # fills the cache
    loaded = subprocess.run(run, env=env, check=True, capture_output=True, text=True).stdout
    assert loaded.split() == []
