"""Caching, one way: named, typed caches whose entries live a time-to-live and can be
invalidated by whoever changes what they were made from.

A cache is declared where it is used, by a :class:`CacheSpec` (its name, its time-to-live,
its size), and held by the :class:`~landsea.services.platform.Platform` in its
:class:`Caches`: figures derived from a platform's database live and die with that platform
(a test's platform never sees another's). What is read from files before any platform exists
(the network datasets, the customs rules) is held by a process-wide :class:`TtlCache` in the
module that reads it. Writers invalidate: revoking an API key forgets it, a customs release
makes the measured clearance times be measured again.

Pure functions of their arguments (code look-ups, settings, translations) keep
``functools.lru_cache``; per-call memos inside one computation are plain local dicts. Neither
is a cache of changing state, so neither needs a time-to-live or invalidation.

Examples
--------
>>> WORDS = CacheSpec[str, int]("word lengths", ttl=60.0)
>>> caches = Caches()
>>> caches(WORDS).get_or_make("corridor", lambda: len("corridor"))
8
>>> caches(WORDS).get("corridor"), caches(WORDS).invalidate("corridor"), caches(WORDS).get("corridor")
(8, 1, None)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

__all__ = ["CacheSpec", "Caches", "TtlCache"]

K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)  # no slots: ``CacheSpec[K, V](...)`` sets ``__orig_class__``
class CacheSpec(Generic[K, V]):
    """What a cache is: its name, how long an entry lives (``None``: until invalidated) and
    how many entries it keeps (the oldest go first)."""

    name: str
    ttl: float | None
    max_entries: int = 10_000


class TtlCache(Generic[K, V]):
    """Entries that expire ``ttl`` seconds after they were put (by :func:`time.monotonic`).

    Safe to share between threads. A full cache drops its expired entries, then its oldest.
    """

    def __init__(self, name: str, ttl: float | None, *, max_entries: int = 10_000) -> None:
        if ttl is not None and ttl <= 0:
            raise ValueError(f"cache {name!r}: ttl {ttl!r} must be positive or None")
        if max_entries < 1:
            raise ValueError(f"cache {name!r}: max_entries {max_entries!r} must be at least 1")
        self.name = name
        self.ttl = ttl
        self.max_entries = max_entries
        self._entries: dict[K, tuple[float, V]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"TtlCache(name={self.name!r}, ttl={self.ttl!r}, entries={len(self._entries)})"

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: K) -> V | None:
        """The live entry of ``key``, else ``None``."""
        found = self._entries.get(key)
        if found is None or found[0] <= time.monotonic():
            return None
        return found[1]

    def put(self, key: K, value: V) -> V:
        now = time.monotonic()
        expires = float("inf") if self.ttl is None else now + self.ttl
        with self._lock:
            self._entries.pop(key, None)
            if len(self._entries) >= self.max_entries:
                self._entries = {k: e for k, e in self._entries.items() if e[0] > now}
                while len(self._entries) >= self.max_entries:
                    del self._entries[next(iter(self._entries))]
            self._entries[key] = (expires, value)
        return value

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The live entry of ``key``, or ``make()`` put there (two threads may both make it)."""
        found = self._entries.get(key)
        if found is not None and found[0] > time.monotonic():
            return found[1]
        return self.put(key, make())

    def invalidate(
        self, key: K | None = None, *, where: Callable[[K, V], bool] | None = None
    ) -> int:
        """Forget ``key``, or the entries ``where(key, value)`` holds, or (neither) every
        entry; how many were forgotten."""
        with self._lock:
            if key is not None:
                return 0 if self._entries.pop(key, None) is None else 1
            doomed = [k for k, (_, v) in self._entries.items() if where is None or where(k, v)]
            for k in doomed:
                del self._entries[k]
            return len(doomed)


class Caches:
    """A platform's caches, one per :class:`CacheSpec`, made on first use."""

    def __init__(self) -> None:
        self._caches: dict[str, TtlCache[Any, Any]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Caches({sorted(self._caches)})"

    def __call__(self, spec: CacheSpec[K, V]) -> TtlCache[K, V]:
        found = self._caches.get(spec.name)
        if found is None:
            with self._lock:
                found = self._caches.setdefault(
                    spec.name, TtlCache(spec.name, spec.ttl, max_entries=spec.max_entries)
                )
        if (found.ttl, found.max_entries) != (spec.ttl, spec.max_entries):
            raise ValueError(f"cache {spec.name!r} is declared twice, differently")
        return found

    def clear(self) -> None:
        """Forget every entry of every cache."""
        for cache in list(self._caches.values()):
            cache.invalidate()
