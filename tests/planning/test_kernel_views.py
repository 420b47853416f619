"""Borrowed views (``planning/kernel_views.py``): the compiled search reads and writes its arrays
through views numba does not count references to; they must be the same memory."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from numba import njit

from landsea.planning.kernel_views import alive, borrow


@pytest.fixture(scope="module", autouse=True)
def kernel() -> str:
    """No planner here: run once, not once a kernel (``tests/planning/conftest.py``)."""
    return "compiled"


@njit(cache=False)
def _write_through(owner: Any, rows: Any) -> Any:
    view, view_rows = borrow(owner), borrow(rows)
    for k in range(view.shape[0]):
        view[k] += k
    view_rows[1, 2] = 7.5
    alive(owner, rows)
    return view.sum(), view_rows.shape


def test_a_borrowed_view_is_the_owners_memory_with_its_shape() -> None:
    owner, rows = np.arange(5, dtype=np.int64), np.zeros((3, 4))
    total, shape = _write_through(owner, rows)
    assert owner.tolist() == [0, 2, 4, 6, 8] and total == 20
    assert shape == (3, 4) and rows[1, 2] == 7.5 and rows.sum() == 7.5
