"""API keys as their owners see them, and the rules that slow down password guessing.

A key is never shown again after it is issued: what can be listed is its id, its public prefix
(``lsk_<prefix>_…``) and when it was made, last used and revoked.

Sign-in throttling counts failed sign-ins per account and per client address. The first few
failures cost nothing; after them each further attempt must wait a delay that doubles up to a
cap; after more, the account or address is locked out for a while. Failures are forgotten once
none has happened for a longer while (or, for an account, when its right password is given
outside a lockout).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["ACCOUNT_RULE", "ADDRESS_RULE", "ApiKey", "ThrottleRule"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiKey:
    """An API key of an organisation, without the key itself."""

    id: str
    organisation_id: str
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    """When it was last used, to within :data:`landsea.services.accounts.LAST_USED_STEP`."""
    revoked_at: dt.datetime | None

    def __repr__(self) -> str:
        return f"ApiKey(id={self.id!r})"


@dataclass(frozen=True, slots=True, kw_only=True)
class ThrottleRule:
    """How many failed sign-ins are free, then how long each further attempt must wait.

    Examples
    --------
    >>> rule = ThrottleRule(free_failures=2, first_delay=dt.timedelta(seconds=1),
    ...                     max_delay=dt.timedelta(seconds=4), lockout_after=5,
    ...                     lockout=dt.timedelta(minutes=10), forget_after=dt.timedelta(hours=1))
    >>> [rule.delay(n).total_seconds() for n in range(7)]
    [0.0, 0.0, 1.0, 2.0, 4.0, 600.0, 600.0]
    """

    free_failures: int
    first_delay: dt.timedelta
    max_delay: dt.timedelta
    lockout_after: int
    lockout: dt.timedelta
    forget_after: dt.timedelta

    def delay(self, failures: int) -> dt.timedelta:
        """The wait after the last of ``failures`` recent failures before the next attempt."""
        if failures < self.free_failures:
            return dt.timedelta(0)
        if failures >= self.lockout_after:
            return self.lockout
        doublings = failures - self.free_failures
        if doublings >= 32:  # far beyond any cap
            return self.max_delay
        return min(self.first_delay * (1 << doublings), self.max_delay)

    def recent(self, failures: int, last_failure: dt.datetime | None, now: dt.datetime) -> int:
        """``failures`` if the last of them is recent enough to count, else 0."""
        if last_failure is None or now - last_failure >= self.forget_after:
            return 0
        return failures

    def wait(
        self, failures: int, last_failure: dt.datetime | None, now: dt.datetime
    ) -> dt.timedelta:
        """How long from ``now`` until the next attempt is allowed (zero: allowed now)."""
        counted = self.recent(failures, last_failure, now)
        if counted == 0 or last_failure is None:
            return dt.timedelta(0)
        return max(dt.timedelta(0), last_failure + self.delay(counted) - now)


ACCOUNT_RULE = ThrottleRule(
    free_failures=5,
    first_delay=dt.timedelta(seconds=1),
    max_delay=dt.timedelta(seconds=60),
    lockout_after=20,
    lockout=dt.timedelta(minutes=15),
    forget_after=dt.timedelta(hours=1),
)
"""Per account (username, known or not): 5 free failures, then 1 s doubling to 60 s, then from
the 20th failure a 15-minute lockout after each further one; forgotten after an hour without."""

ADDRESS_RULE = ThrottleRule(
    free_failures=20,
    first_delay=dt.timedelta(seconds=1),
    max_delay=dt.timedelta(seconds=60),
    lockout_after=100,
    lockout=dt.timedelta(minutes=15),
    forget_after=dt.timedelta(hours=1),
)
"""Per client address (an IPv4 address or an IPv6 /64): more generous, as offices share one."""
