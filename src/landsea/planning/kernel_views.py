"""Borrowed views of arrays for the compiled kernel: the same memory without a reference count.

Every array numba passes to a function (inlined or not) or takes out of a tuple is counted: an
atomic increment and decrement of its owner's count. In the search's inner loops (a label
offered to a place takes some 70 of them) these counts were two thirds of its time. A view made
by :func:`borrow` has no owner (a null ``meminfo``): numba's counting skips it. The caller keeps
the owner alive while the view is used (the kernel's own arrays are held by the search until it
returns; when an array grows, the view of the old one is not used again).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from numba import njit, types
from numba.extending import intrinsic
from numba.np import arrayobj

__all__ = ["alive", "borrow", "borrow_all"]

_F = TypeVar("_F", bound=Callable[..., Any])
_populate: Any = arrayobj.populate_array


def _borrow(typingctx: Any, a: Any) -> Any:
    if not isinstance(a, types.Array):
        return None

    def codegen(context: Any, builder: Any, sig: Any, args: Any) -> Any:
        src = context.make_array(sig.args[0])(context, builder, value=args[0])
        dst = context.make_array(sig.return_type)(context, builder)
        _populate(dst, data=src.data, shape=src.shape, strides=src.strides,
                  itemsize=src.itemsize, meminfo=None)  # fmt: skip
        return dst._getvalue()

    return a(a), codegen


borrow = cast(Callable[[Any], Any], intrinsic(_borrow))
"""A view of an array that numba does not count references to (see the module)."""


@cast(Callable[[_F], _F], njit(cache=True, nogil=True, inline="always"))
def borrow_all(a: Any) -> Any:
    """Views of a tuple of 14 arrays (the timetable's, :mod:`landsea.planning.arrays`)."""
    return (borrow(a[0]), borrow(a[1]), borrow(a[2]), borrow(a[3]), borrow(a[4]),
            borrow(a[5]), borrow(a[6]), borrow(a[7]), borrow(a[8]), borrow(a[9]),
            borrow(a[10]), borrow(a[11]), borrow(a[12]), borrow(a[13]))  # fmt: skip


@cast(Callable[[_F], _F], njit(cache=True, nogil=True))
def alive(*owners: Any) -> None:
    """Holds the owners of borrowed views until the caller gets here."""
