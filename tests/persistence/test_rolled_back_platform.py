"""The rolled-back platform of persistence and service tests: units of work commit to savepoints,
a failing one undoes only itself, and nothing outlives the test."""

from __future__ import annotations

import pytest

from landsea.errors import Conflict
from landsea.services import accounts
from landsea.services.platform import Platform

NAME = "rolled back shipper"


@pytest.mark.parametrize("round_", [1, 2])
def test_what_a_test_writes_is_gone_for_the_next(platform: Platform, round_: int) -> None:
    # Either round may run first; each finds the database without the other's organisation.
    with pytest.raises(LookupError):
        accounts.organisation(platform, NAME)
    accounts.create_organisation(platform, NAME, "shipper")
    assert accounts.organisation(platform, NAME).name == NAME


def test_a_failing_unit_of_work_undoes_only_itself(platform: Platform) -> None:
    accounts.create_organisation(platform, "first", "shipper")
    with pytest.raises(Conflict):
        accounts.create_organisation(platform, "first", "operator")  # the name is taken
    assert accounts.organisation(platform, "first").role.value == "shipper"
    accounts.create_organisation(platform, "second", "customs")
    assert accounts.organisation(platform, "second").role.value == "customs"
