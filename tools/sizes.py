"""Measure landsea's modules and functions; fail when one outgrows the limits of issue 11.

    python tools/sizes.py [--top 5] [--allow tools/sizes-allowed.txt] [SOURCE_FOLDER]

Prints the top modules by lines and the top functions (and methods) by lines, from ``def`` (or
its first decorator) to the last line of the body, for every ``.py`` file under
``src/landsea`` except the Alembic migrations. Exits 1 when a module has more than 500 lines or a
function more than 80, unless the allow-list names it: one entry a line, ``path`` for a module
or ``path::qualified.name`` for a function; ``#`` starts a comment. Allowed entries that are
back under the limit are reported, so that the list only shrinks.
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path

MODULE_LIMIT = 500
FUNCTION_LIMIT = 80
ROOT = Path(__file__).resolve().parents[1]
EXCLUDED = ("persistence/migrations/",)


@dataclass(frozen=True, slots=True)
class Size:
    name: str
    lines: int


def modules(source: Path) -> list[Path]:
    """The Python files under ``source``, without the excluded folders."""
    found = []
    for path in sorted(source.rglob("*.py")):
        relative = path.relative_to(source).as_posix()
        if not any(relative.startswith(folder) for folder in EXCLUDED):
            found.append(path)
    return found


def functions(tree: ast.AST, prefix: str = "") -> list[Size]:
    """Every function and method of ``tree`` with its qualified name and length in lines."""
    sizes = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                sizes.append(Size(name, (node.end_lineno or node.lineno) - first + 1))
            sizes.extend(functions(node, f"{name}."))
    return sizes


def measure(source: Path) -> tuple[list[Size], list[Size]]:
    """(modules, functions) under ``source``, each named by its path from the repository."""
    module_sizes, function_sizes = [], []
    for path in modules(source):
        text = path.read_text(encoding="utf-8")
        shown = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
        module_sizes.append(Size(shown, len(text.splitlines())))
        for size in functions(ast.parse(text, filename=str(path))):
            function_sizes.append(Size(f"{shown}::{size.name}", size.lines))
    return module_sizes, function_sizes


def read_allowed(path: Path) -> set[str]:
    if not path.exists():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return {line for line in lines if line}


def report(title: str, sizes: list[Size], limit: int, top: int) -> None:
    ranked = sorted(sizes, key=lambda size: (-size.lines, size.name))[:top]
    print(f"{title} (limit {limit} lines):")
    for size in ranked:
        print(f"  {size.lines:5d}  {size.name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("source", nargs="?", type=Path, default=ROOT / "src" / "landsea")
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--allow", type=Path, default=ROOT / "tools" / "sizes-allowed.txt")
    args = parser.parse_args(argv)
    module_sizes, function_sizes = measure(args.source)
    report("Largest modules", module_sizes, MODULE_LIMIT, args.top)
    report("Longest functions", function_sizes, FUNCTION_LIMIT, args.top)
    allowed = read_allowed(args.allow)
    over = [s for s in module_sizes if s.lines > MODULE_LIMIT] + [
        s for s in function_sizes if s.lines > FUNCTION_LIMIT
    ]
    failing = [s for s in over if s.name not in allowed]
    tolerated = [s for s in over if s.name in allowed]
    fixed = sorted(allowed - {s.name for s in over})
    for size in tolerated:
        print(f"allowed for now ({args.allow.name}): {size.name} has {size.lines} lines")
    for name in fixed:
        print(f"within the limits now, remove it from {args.allow.name}: {name}")
    for size in failing:
        limit = FUNCTION_LIMIT if "::" in size.name else MODULE_LIMIT
        print(f"too long: {size.name} has {size.lines} lines (limit {limit})")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
