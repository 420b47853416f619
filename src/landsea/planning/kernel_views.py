"""Borrowed views of arrays for the compiled kernel: the same memory without a reference count.

Every array numba passes to a function (inlined or not) or takes out of a tuple is counted: an
atomic increment and decrement of its owner's count. In the search's inner loops (a label
offered to a place takes some 70 of them) these counts were two thirds of its time. A view made
by :func:`borrow` has no owner (a null ``meminfo``): numba's counting skips it. The caller keeps
the owner alive while the view is used (the kernel's own arrays are held by the search until it
returns; when an array grows, the view of the old one is not used again).
"""

from __future__ import annotations

from typing import Any

from numba import types
from numba.extending import intrinsic
from numba.np.arrayobj import populate_array

__all__ = ["borrow"]


@intrinsic
def borrow(typingctx: Any, a: Any) -> Any:
    """A view of array ``a`` that numba does not count references to (see the module)."""
    if not isinstance(a, types.Array):
        return None

    def codegen(context: Any, builder: Any, sig: Any, args: Any) -> Any:
        src = context.make_array(sig.args[0])(context, builder, value=args[0])
        dst = context.make_array(sig.return_type)(context, builder)
        populate_array(dst, data=src.data, shape=src.shape, strides=src.strides,
                       itemsize=src.itemsize, meminfo=None)  # fmt: skip
        return dst._getvalue()

    return a(a), codegen
