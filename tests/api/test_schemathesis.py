"""Property-based tests over the OpenAPI spec (schemathesis, every check): no request makes the
API fail (5xx) or answer what its OpenAPI document does not say.

Each database kind (SQLite, PostgreSQL) is a copy of the run's world for this module; the generated cases
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
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.core.control import SkipTest
from schemathesis.core.result import Err
from schemathesis.generation import GenerationMode

from landsea.api.app import create_app
from landsea.services.platform import Platform
from tests.fixtures.api import WorldTemplate

ROLES = ("shipper", "operator", "customs", "admin", None)
SIGNED_IN = {"shipper": "exporter", "operator": "operator", "customs": "customs", "admin": "admin"}
"""The organisation of the world whose key each role uses."""
EXAMPLES = int(os.environ.get("LANDSEA_FUZZ_EXAMPLES", "6"))
CHECKS = {
    "positive_data_acceptance": {
        "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "422"]
    }
}


def config(mode: GenerationMode) -> SchemathesisConfig:
    """Every check; generation in ``mode`` only (see the module's documentation)."""
    return SchemathesisConfig.from_dict({"checks": CHECKS, "generation": {"mode": mode.value}})


@dataclass
class Fuzzed:
    platform: Platform
    keys: dict[str, str]
    turn: Iterator[str | None]

    def headers(self) -> dict[str, str]:
        role = next(self.turn)
        return {} if role is None else {"Authorization": f"Bearer {self.keys[role]}"}


@pytest.fixture(scope="module")
def fuzzed(
    world_template: WorldTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Fuzzed]:
    with world_template.clone(tmp_path_factory.mktemp("fuzz"), horizon_days=30) as world:
        keys = {role: world.keys[who] for role, who in SIGNED_IN.items()}
        yield Fuzzed(world.platform, keys, itertools.cycle(ROLES))


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_check_holds(fuzzed: Fuzzed, mode: GenerationMode) -> None:
    """Every operation, ``EXAMPLES`` cases each; all failures are reported together."""
    api = schemathesis.openapi.from_asgi(
        "/openapi.json", create_app(platform=fuzzed.platform), config=config(mode)
    )
    failures: list[str] = []
    for found in api.get_all_operations():
        if isinstance(found, Err):
            failures.append(f"the OpenAPI document is invalid: {found.err()}")
            continue
        operation = found.ok()

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            database=None,
            phases=[Phase.explicit, Phase.generate],
        )
        def run(case: schemathesis.Case[Any]) -> None:
            case.call_and_validate(headers=fuzzed.headers())

        try:
            run()
        except SkipTest:  # no part of this operation can be made invalid (negative mode only)
            if mode is GenerationMode.POSITIVE:
                failures.append(f"{operation.label}: no case generated")
        except Exception as exc:  # every operation is tried; the failures are listed at the end
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
