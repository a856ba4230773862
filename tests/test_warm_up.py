"""A served app warms up before it takes requests; an app made for tests does not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from joinedup.settings import Settings
from joinedup.warehouse import init
from joinedup.web.warm_up import warmed

# In a fresh interpreter, so that what other tests imported does not count.
CHECK = """
import sys
from joinedup.web.app import create_app
from joinedup.web.warm_up import warm_up
app = create_app(None, secret_key="k" * 40)
assert "vl_convert" not in sys.modules and "scipy.stats" not in sys.modules
environment = app.state.templates.env
assert len(environment.cache) == 0
warm_up(app)
assert "vl_convert" in sys.modules and "scipy.stats" in sys.modules
assert len(environment.cache) >= 20, len(environment.cache)
"""


def test_warming_up_imports_the_pages_modules_and_compiles_the_templates() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_only_the_served_app_warms_up(tmp_path: Path) -> None:
    from joinedup.web.app import create_app
    from joinedup.web.server import _app

    db = tmp_path / "w.duckdb"
    init(db)
    from joinedup.warehouse import Warehouse

    with Warehouse.open(db, write=True) as warehouse:
        served = _app(warehouse, Settings(db=db, secret_key="k" * 40))
        assert served.router.lifespan_context is warmed
        assert create_app(warehouse, secret_key="k" * 40).router.lifespan_context is not warmed
