"""The one caching approach: named typed caches with a time-to-live and invalidation."""

from __future__ import annotations

import time

import pytest

from landsea.services.cache import Caches, CacheSpec, TtlCache


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    seconds = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: seconds[0])
    return seconds


def test_an_entry_lives_its_time_to_live_and_no_longer(clock: list[float]) -> None:
    cache = TtlCache[str, int]("test", ttl=30.0)
    cache.put("a", 1)
    clock[0] += 29.9
    assert cache.get("a") == 1
    clock[0] += 0.1
    assert cache.get("a") is None
    assert cache.get_or_make("a", lambda: 2) == 2


def test_without_a_time_to_live_an_entry_lives_until_invalidated(clock: list[float]) -> None:
    cache = TtlCache[str, int]("test", ttl=None)
    cache.put("a", 1)
    clock[0] += 1e9
    assert cache.get("a") == 1
    assert cache.invalidate("a") == 1 and cache.get("a") is None
    assert cache.invalidate("a") == 0


def test_invalidation_by_predicate_forgets_only_what_it_names() -> None:
    cache = TtlCache[str, int]("test", ttl=60.0)
    for n, key in enumerate("abcd"):
        cache.put(key, n)
    assert cache.invalidate(where=lambda _, value: value % 2 == 0) == 2
    assert [cache.get(k) for k in "abcd"] == [None, 1, None, 3]
    assert cache.invalidate() == 2 and len(cache) == 0


def test_a_full_cache_drops_the_expired_then_the_oldest(clock: list[float]) -> None:
    cache = TtlCache[str, int]("test", ttl=10.0, max_entries=3)
    cache.put("old", 0)
    clock[0] += 5
    cache.put("b", 1)
    cache.put("c", 2)
    clock[0] += 6  # "old" expired
    cache.put("d", 3)
    assert (cache.get("b"), cache.get("c"), cache.get("d")) == (1, 2, 3)
    cache.put("e", 4)  # nothing expired: the oldest, "b", goes
    assert cache.get("b") is None and len(cache) == 3


def test_a_platforms_caches_are_its_own_and_declared_once() -> None:
    spec = CacheSpec[str, int]("numbers", ttl=5.0)
    mine, theirs = Caches(), Caches()
    mine(spec).put("x", 1)
    assert mine(spec).get("x") == 1 and theirs(spec).get("x") is None
    with pytest.raises(ValueError, match="'numbers' is declared twice"):
        mine(CacheSpec[str, int]("numbers", ttl=6.0))
    mine.clear()
    assert mine(spec).get("x") is None


def test_a_time_to_live_must_be_positive() -> None:
    with pytest.raises(ValueError, match="ttl 0"):
        TtlCache[str, int]("bad", ttl=0)
