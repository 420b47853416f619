"""Property-based tests over the OpenAPI spec (schemathesis): no request makes the API fail (5xx).

The app runs on a SQLite database prepared once for this module, with a shipper's API key sent on
every generated request, so that the generated cases reach the handlers rather than stop at 401.
"""

from __future__ import annotations

import atexit
import datetime as dt
import shutil
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from landsea.api.app import create_app
from landsea.services import accounts, departures
from landsea.services.platform import open_platform

_folder = Path(tempfile.mkdtemp(prefix="landsea-schemathesis-"))
atexit.register(shutil.rmtree, _folder, True)
_platform = open_platform(
    f"sqlite:///{_folder / 'api.db'}", migrate=True, departure_horizon_days=30
)
departures.sync_departures(_platform, start=dt.date(2026, 12, 1))
accounts.create_organisation(_platform, "fuzzing shipper", "shipper")
KEY, _ = accounts.create_key(_platform, "fuzzing shipper")
app = create_app(platform=_platform)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@schema.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {KEY}"}, checks=[not_a_server_error])
