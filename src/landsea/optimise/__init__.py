"""Optimisation engines (HiGHS): slot allocation of pending cargo onto departures."""
