"""Helpers for tests and benchmarks that start `landsea serve` in another process."""

from __future__ import annotations

import socket
import subprocess
import time

import httpx

__all__ = ["free_port", "wait_for_http", "wait_until_listening"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_http(url: str, *, timeout: float = 120.0) -> None:
    """Return once ``url`` answers 200; :class:`TimeoutError` after ``timeout`` seconds. A
    request may take the time that is left (a server's first answer can take seconds of CPU on
    a busy machine: with a second each, every request was given up before it was answered)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            left = max(1.0, deadline - time.monotonic())
            if httpx.get(url, timeout=left).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout:g} s")


def wait_until_listening(
    port: int, server: subprocess.Popen[bytes], *, timeout: float = 120.0, poll: float = 0.05
) -> None:
    """Return once ``server`` (``landsea serve``) accepts connections on ``port``: uvicorn
    listens only when the application has started, so nothing is asked of it (``/openapi.json``
    would make it build its OpenAPI document, a second of CPU). :class:`AssertionError` if the
    server stops or ``timeout`` seconds pass first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server on port {port} stopped (exit {server.returncode})")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(poll)
    raise AssertionError(f"the server on port {port} did not listen within {timeout:g} s")
