"""The public API of ``landsea`` is exactly what ``__all__`` says, and nothing slips in or out."""

from __future__ import annotations

import landsea
import landsea.domain


def test_top_level_exports() -> None:
    public = sorted(name for name in dir(landsea) if not name.startswith("_"))
    modules = {
        "cli",
        "config",
        "domain",
        "emissions",
        "errors",
        "feeds",
        "planning",
        "services",
        "units",
    }
    assert sorted(set(public) - modules) == sorted(set(landsea.__all__) - {"__version__"})


def test_domain_exports() -> None:
    public = sorted(
        name
        for name in dir(landsea.domain)
        if not name.startswith("_")
        and name
        not in {
            "cargo",
            "codes",
            "emissions",
            "money",
            "network",
            "provenance",
            "road",
            "timetable",
        }
    )
    assert public == sorted(landsea.domain.__all__)
