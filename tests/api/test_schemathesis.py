"""Property-based tests over the OpenAPI spec (schemathesis, every check): no request makes the
API fail (5xx) or answer what its OpenAPI document does not say.

Each database kind (SQLite, PostgreSQL) is a copy of the run's world for this module, and every
generated case is sent to both (one after the other, through :class:`Switch`): generation, most
of this module's CPU time, is done once for both databases instead of once for each (the cases
were the same, generation being derandomized). The generated cases
take turns with every role's API key (shipper, operator, customs, admin) and with none, so that
they reach the handlers of every role as well as the 401 answers. Business rules that JSON Schema
cannot state (a place that does not exist, dates outside the platform's range, a state that
forbids it) answer 404, 409 and 422 to data the schema allows, so ``positive_data_acceptance``
accepts those besides 2xx, 401 and 403.

Generation is derandomized. Each mode is the only one its generation is configured with, so an
operation of which no part can be made invalid (in negative mode, 37 of the 91 operations: path
parameters any string fits, bodies any JSON fits) is known at once (schemathesis's ``SkipTest``,
"Impossible to generate negative test cases") instead of by hypothesis's search for a case that
does not exist (``Unsatisfiable`` after a thousand rejected draws, four fifths of the negative
mode's CPU time). Every operation that has a negative case is run on both databases.

``LANDSEA_FUZZ_EXAMPLES`` raises the examples per operation for a longer run (see
docs/security.md, "Fuzzing").
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.control import SkipTest
from schemathesis.core.result import Err
from schemathesis.generation import GenerationMode

from landsea.api.app import create_app
from landsea.services.platform import Platform
from tests.fixtures.api import template_of
from tests.fixtures.db import KINDS, BuiltOnce

ROLES = ("shipper", "operator", "customs", "admin", None)
SIGNED_IN = {"shipper": "exporter", "operator": "operator", "customs": "customs", "admin": "admin"}
"""The organisation of the world whose key each role uses."""
EXAMPLES = int(os.environ.get("LANDSEA_FUZZ_EXAMPLES", "6"))
SEED = int(
    "660143279106496115824533330891290247280652847065748142531416"
    "4890464578104696098305379298404555039652226578823236102"
)
"""The seed ``derandomize`` gave the cases when each database kind ran its own generation (the
digest of that test function's source), kept so that the cases are the same as then: the
generation's random draws depend on nothing else."""
CHECKS = {
    "positive_data_acceptance": {
        "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "422"]
    }
}


def config(mode: GenerationMode) -> SchemathesisConfig:
    """Every check; generation in ``mode`` only (see the module's documentation)."""
    return SchemathesisConfig.from_dict({"checks": CHECKS, "generation": {"mode": mode.value}})


ASGI = Callable[[Any, Any, Any], Awaitable[None]]


class Switch:
    """An ASGI app that hands every request to the app of the database being fuzzed."""

    def __init__(self, apps: dict[str, ASGI]) -> None:
        self.apps = apps
        self.current = next(iter(apps.values()))

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.current(scope, receive, send)


@dataclass
class Fuzzed:
    platforms: dict[str, Platform]
    keys: dict[str, dict[str, str]]
    turn: Iterator[str | None]

    def role(self) -> str | None:
        return next(self.turn)

    def headers(self, kind: str, role: str | None) -> dict[str, str]:
        return {} if role is None else {"Authorization": f"Bearer {self.keys[kind][role]}"}


@pytest.fixture(scope="module")
def fuzzed(
    tmp_path_factory: pytest.TempPathFactory,
    postgres_server: str | None,
    built_once: BuiltOnce,
) -> Iterator[Fuzzed]:
    """A copy of the run's world of every database kind (PostgreSQL where it is installed)."""
    with ExitStack() as stack:
        platforms, keys = {}, {}
        for kind in KINDS:
            try:
                template = template_of(kind, tmp_path_factory, postgres_server, built_once)
            except pytest.skip.Exception:  # no PostgreSQL outside CI: SQLite alone
                continue
            folder = tmp_path_factory.mktemp("fuzz")
            world = stack.enter_context(template.clone(folder, horizon_days=30))
            platforms[kind] = world.platform
            keys[kind] = {role: world.keys[who] for role, who in SIGNED_IN.items()}
        yield Fuzzed(platforms, keys, itertools.cycle(ROLES))


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_check_holds(fuzzed: Fuzzed, mode: GenerationMode) -> None:
    """Every operation, ``EXAMPLES`` cases each, each case on every database kind; all failures
    are reported together."""
    switch = Switch({kind: create_app(platform=p) for kind, p in fuzzed.platforms.items()})
    api = schemathesis.openapi.from_asgi("/openapi.json", switch, config=config(mode))
    failures: list[str] = []
    for found in api.get_all_operations():
        if isinstance(found, Err):
            failures.append(f"the OpenAPI document is invalid: {found.err()}")
            continue
        operation = found.ok()

        @given(case=operation.as_strategy(generation_mode=mode))
        @seed(SEED)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
            phases=[Phase.explicit, Phase.generate],
        )
        def run(case: schemathesis.Case[Any]) -> None:
            role = fuzzed.role()
            for kind, app in switch.apps.items():
                switch.current = app
                try:
                    case.call_and_validate(headers=fuzzed.headers(kind, role))
                except AssertionError as exc:  # a check failed: say on which database
                    raise AssertionError(f"on {kind}: {exc}") from exc

        try:
            run()
        except SkipTest:  # no part of this operation can be made invalid (negative mode only)
            if mode is GenerationMode.POSITIVE:
                failures.append(f"{operation.label}: no case generated")
        except Exception as exc:  # every operation is tried; the failures are listed at the end
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
