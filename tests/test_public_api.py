"""The public API of ``landsea`` is exactly what ``__all__`` says, and nothing slips in or out."""

from __future__ import annotations

import inspect
from types import ModuleType

import landsea
import landsea.domain


def _public(module: ModuleType) -> list[str]:
    """Public names that are not submodules (which appear as they get imported)."""
    return sorted(
        name
        for name in dir(module)
        if not name.startswith("_") and not inspect.ismodule(getattr(module, name))
    )


def test_top_level_exports() -> None:
    assert _public(landsea) == sorted(set(landsea.__all__) - {"__version__"})


def test_domain_exports() -> None:
    assert _public(landsea.domain) == sorted(landsea.domain.__all__)
