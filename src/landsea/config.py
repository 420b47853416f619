"""Runtime settings, read from ``LANDSEA_*`` environment variables when first asked for."""

from __future__ import annotations

from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    """landsea's settings; every field can be set as ``LANDSEA_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="LANDSEA_", extra="ignore")

    network: str = "ilstc"
    """The active network: the name of a built-in dataset (``ilstc``) or a dataset folder."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, built on first use (never at import time)."""
    return Settings()
