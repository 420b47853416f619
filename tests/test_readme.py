"""The README runs as written: every command of its ``sh`` blocks (or its documented equivalent),
in order, in a fresh data folder, through the installed ``landsea`` script and a real server.

- ``make run`` is ``landsea db upgrade``, ``landsea demo`` and ``landsea serve`` (started, asked,
  stopped), each through the installed console script, ``.venv/bin/landsea``, reached through a
  ``.venv`` link in the temporary folder the commands run in (beside a link to ``examples/``);
  it is run twice, and the second demo loads nothing;
- ``make test`` is the suite this test belongs to;
- ``curl`` commands go to the server ``make run`` started, with the demo exporter's key as
  ``$KEY``;
- the tour's ``.venv/bin/landsea …`` commands are run in this process (Typer's ``CliRunner``,
  the script's own ``app``), as written: the same arguments (quotes and comments as the shell
  reads them), the same environment, the data folder as the working directory, ``> file`` writing
  the output there. A process each cost a second of CPU in start-up alone, and the console script
  has been started by ``make run`` already.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from landsea.cli.main import app
from landsea.config import get_settings
from tests.servers import free_port, wait_until_listening

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"

EXPECTED = {
    "admin create-org": "Guizhou Tea Export (shipper)",
    "admin create-key": "lsk_",
    "plan Chongqing Singapore": "Chongqing → Singapore",
    "plan 重庆 河内": "重庆 → 河内",
    "plan CNCQI-TJC SGSIN": '"departure_id": "SR-CQ-',
    "network show --place": "Services (",
    "network show --format geojson": "",  # written to corridor.geojson, checked below
    "network show": "Services (",
    "network place Chongqing": "Chongqing / 重庆",
    "network place CNCQI-TJC": "团结村中心站",
    "network departures": "SR-CQ-QZH-20261207-0900",
    "network validate": "is valid",
    "track import": "5 stored",
    "consolidate --requests": "Consolidation",
    "consolidate --method greedy --apply": "bookings made",
    "departures?origin": '"SR-CQ-QZH-',
    "api/v1/bookings": '"SR-CQ-QZH-',
}
"""A key line of each command's output (the first key found in the command)."""


def readme_commands() -> list[str]:
    """Every command of the README's ``sh`` blocks, continuation lines joined."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    commands = []
    for block in blocks:
        for command in block.replace("\\\n", " ").splitlines():
            if command.strip():
                commands.append(command.strip())
    return commands


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("tour")
    (here / ".venv").symlink_to(Path(sys.executable).parents[1])
    (here / "examples").symlink_to(ROOT / "examples")
    return here


@pytest.fixture(scope="module")
def environ(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LANDSEA_")}
    home = folder / "home"
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        LANDSEA_DATABASE_URL=f"sqlite:///{folder / 'landsea.db'}",
        LANDSEA_JOB_WORKERS="0",
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
    )
    env.pop("LC_MESSAGES", None)
    return env


def _run(command: str, folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command], cwd=folder, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def server(folder: Path, environ: dict[str, str]) -> Iterator[tuple[int, str]]:
    """``make run``: migrate, load the demo, serve; yields the port and the exporter's key."""
    upgrade = _run(".venv/bin/landsea db upgrade", folder, environ)
    assert upgrade.returncode == 0, upgrade.stderr
    demo = _run(".venv/bin/landsea demo --format json", folder, environ)
    assert demo.returncode == 0, demo.stderr
    loaded = json.loads(demo.stdout)
    assert loaded["loaded"] is True
    assert {"name", "role", "api_key"} <= set(loaded["organisations"][0])
    key = loaded["organisations"][0]["api_key"]
    port = free_port()
    log = folder / "serve.log"
    with log.open("w") as output:
        serving = subprocess.Popen(
            [".venv/bin/landsea", "serve", "--port", str(port)],
            cwd=folder,
            env=environ,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        try:
            wait_until_listening(port, serving)
        except AssertionError as stopped:
            raise AssertionError(f"{stopped}: {log.read_text()}") from None
        yield port, key
    finally:
        serving.send_signal(signal.SIGINT)
        serving.wait(timeout=60)


def _landsea(
    command: str, folder: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> subprocess.CompletedProcess[str]:
    """``.venv/bin/landsea …`` (``> file`` at the end) run in this process, as :func:`_run`
    would run it: in ``folder``, with ``env`` as the whole ``LANDSEA_*`` environment."""
    words = shlex.split(command, comments=True)
    target = None
    if len(words) > 2 and words[-2] == ">":
        *words, _, target = words
    assert words[0] == ".venv/bin/landsea", command
    monkeypatch.chdir(folder)
    unset: dict[str, str | None] = {k: None for k in os.environ if k.startswith("LANDSEA_")}
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, words[1:], env={**unset, **env})
    finally:
        get_settings.cache_clear()
    stdout = result.stdout
    if target is not None:
        (folder / target).write_text(stdout, encoding="utf-8")
        stdout = ""
    stderr = result.stderr + ("" if result.exception is None else repr(result.exception))
    return subprocess.CompletedProcess(words, result.exit_code, stdout, stderr)


def test_the_readme_lists_the_tour() -> None:
    commands = readme_commands()
    assert "make run" in " ".join(commands)
    assert sum(c.startswith(".venv/bin/landsea") for c in commands) >= 12


def test_every_readme_command_runs_as_written(
    folder: Path, environ: dict[str, str], server: tuple[int, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, key = server
    env = {**environ, "KEY": key}
    failures = []
    for command in readme_commands():
        if command.startswith(("make run", "make test")):
            continue  # make run: the server fixture; make test: this suite
        ran = command.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
        if command.startswith("DAY="):
            env["DAY"] = _run(f"{command}; echo $DAY", folder, env).stdout.strip()
            continue
        if command.startswith("curl"):
            ran = f"{ran} --silent --show-error --fail-with-body"
        if command.startswith(".venv/bin/landsea"):
            result = _landsea(ran, folder, env, monkeypatch)
        else:
            result = _run(ran, folder, env)
        expected = next((line for part, line in EXPECTED.items() if part in command), None)
        if result.returncode != 0 or expected is None or expected not in result.stdout:
            failures.append(
                f"{command}\n  exit {result.returncode}, wanted {expected!r}\n"
                f"  stdout: {result.stdout[-600:]}\n  stderr: {result.stderr[-600:]}"
            )
    assert not failures, "\n".join(failures)
    assert '"FeatureCollection"' in (folder / "corridor.geojson").read_text(encoding="utf-8")


def test_make_run_again_loads_nothing(
    folder: Path, environ: dict[str, str], server: object
) -> None:
    again = _run(".venv/bin/landsea db upgrade && .venv/bin/landsea demo", folder, environ)
    assert again.returncode == 0, again.stderr
    assert "The demo is loaded already" in again.stdout
    assert "lsk_" not in again.stdout
    keys = _run(".venv/bin/landsea demo --new-keys --format json", folder, environ)
    organisations = json.loads(keys.stdout)["organisations"]
    assert len(organisations) == 5
    assert all(org["api_key"].startswith("lsk_") for org in organisations)
