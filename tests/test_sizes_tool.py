"""tools/sizes.py, run by ``make lint``: it fails on a module over 500 lines or a function over
80 unless the allow-list names it, and reports allowed entries that are back under the limit."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOL = Path(__file__).parents[1] / "tools" / "sizes.py"


def load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sizes", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["sizes"] = module  # dataclasses look their module up while it is executed
    spec.loader.exec_module(module)
    return module


def function(name: str, body_lines: int) -> str:
    return f"def {name}() -> None:\n" + "    pass\n" * body_lines


@pytest.fixture
def source(tmp_path: Path) -> Path:
    package = tmp_path / "pkg"
    (package / "persistence" / "migrations").mkdir(parents=True)
    (package / "short.py").write_text(function("fine", 79))  # 80 lines with its def
    method = "".join("    " + line for line in function("long", 80).splitlines(keepends=True))
    (package / "long.py").write_text("class Reader:\n" + method)
    (package / "persistence" / "migrations" / "big.py").write_text("x = 1\n" * 600)
    return package


def test_a_function_over_80_lines_fails_unless_allowed(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sizes = load_tool()
    allow = tmp_path / "allowed.txt"
    assert sizes.main([str(source), "--allow", str(allow)]) == 1
    out = capsys.readouterr().out
    assert "long.py::Reader.long has 81 lines (limit 80)" in out
    assert "fine" not in out.split("too long")[-1]
    assert "big.py" not in out  # migrations are not measured
    allow.write_text(f"# split elsewhere\n{sizes.measure(source)[1][0].name}\n")
    assert sizes.main([str(source), "--allow", str(allow)]) == 0
    assert "allowed for now" in capsys.readouterr().out


def test_a_module_over_500_lines_fails_and_a_fixed_entry_is_reported(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sizes = load_tool()
    (source / "long.py").unlink()
    (source / "big.py").write_text("x = 1\n" * 501)
    allow = tmp_path / "allowed.txt"
    allow.write_text("gone.py::f\n")
    assert sizes.main([str(source), "--allow", str(allow)]) == 1
    out = capsys.readouterr().out
    assert "big.py has 501 lines (limit 500)" in out
    assert "remove it from allowed.txt: gone.py::f" in out
