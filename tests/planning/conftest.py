"""Every planner test runs against both search kernels: the pure-Python reference and the
compiled one (numba); they must agree option for option."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from landsea.planning import Planner


@pytest.fixture(scope="module", params=["python", "compiled"], autouse=True)
def kernel(request: pytest.FixtureRequest) -> Iterator[str]:
    """The kernel every ``Planner`` of the test uses unless it names one."""
    defaults = Planner.__init__.__kwdefaults__
    assert defaults is not None
    before = defaults["kernel"]
    defaults["kernel"] = request.param
    yield str(request.param)
    defaults["kernel"] = before
