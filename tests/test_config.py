"""The settings read the environment as pydantic-settings would (prefix ``LANDSEA_``, names in
any case, values given to ``Settings`` win), without importing it (docs/performance.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from pydantic import ValidationError, create_model
from pydantic_settings import BaseSettings, SettingsConfigDict

from landsea.config import Settings

ENVIRONMENTS = [
    {},
    {"LANDSEA_NETWORK": "demo", "LANDSEA_CLEARANCE_MIN_SAMPLES": "5", "LANDSEA_EXTRA": "x"},
    {"landsea_database_url": "sqlite://", "LANDSEA_WEBHOOK_ALLOW_HTTP": "1",
     "LANDSEA_WEBHOOK_ALLOW_LOOPBACK": "yes", "LANDSEA_ETA_CHANGE_HOURS": "2.5",
     "LANDSEA_DOCUMENT_SECRET": "s3cret", "LANDSEA_CACHE_DIR": "/tmp/landsea-cache",
     "LANDSEA_JOB_WORKERS": "0", "LANDSEA_MAX_BODY_BYTES": "2048", "OTHER_NETWORK": "no"},
]  # fmt: skip


def _reference() -> type[BaseSettings]:
    """The same fields read by pydantic-settings."""
    fields: Any = {name: (f.annotation, f) for name, f in Settings.model_fields.items()}
    config = SettingsConfigDict(env_prefix="LANDSEA_", extra="ignore")
    base: type[BaseSettings] = create_model("Fields", __base__=BaseSettings, **fields)
    return type("Reference", (base,), {"model_config": config})


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_environment_is_read_as_pydantic_settings_reads_it(
    environment: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [n for n in os.environ if n.upper().startswith("LANDSEA_")]:
        monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    reference = _reference()
    assert Settings().model_dump() == reference().model_dump()
    given: dict[str, Any] = {"network": "given", "clearance_min_samples": 9}
    assert Settings(**given).model_dump() == reference(**given).model_dump()


def test_a_refused_value_names_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANDSEA_CLEARANCE_MIN_SAMPLES", "0")
    with pytest.raises(ValidationError, match="clearance_min_samples"):
        Settings()


def test_the_settings_do_not_import_pydantic_settings() -> None:
    code = "import sys, landsea.config\nlandsea.config.get_settings()\n" \
           "print('pydantic_settings' in sys.modules)"  # fmt: skip
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
