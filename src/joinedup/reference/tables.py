"""The reference data as warehouse tables (``ref_*``), so SQL can join spend and metrics to it.

The tables are not part of the migrated schema: the package's reference files are the truth, and
the tables are replaced from them whenever the files change (a new vintage or a correction).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from joinedup.reference.files import data_files, vintage

if TYPE_CHECKING:
    from joinedup.warehouse import Warehouse


def reference_digest() -> str:
    """SHA-256 over the packaged reference files, to tell when the tables are stale."""
    digest = hashlib.sha256()
    for name, path in sorted(data_files().items()):
        digest.update(name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_reference(warehouse: Warehouse) -> str:
    """Replace the ``ref_*`` tables from the package when they differ; return the vintage.

    Call inside the warehouse's transaction, so a failure keeps the old tables.
    """
    digest = reference_digest()
    if warehouse.meta("reference_digest") == digest:
        return vintage()
    for name, path in sorted(data_files().items()):
        source = str(path).replace("'", "''")
        warehouse.connection.execute(
            f"CREATE OR REPLACE TABLE ref_{name} AS "
            f"SELECT * FROM read_csv('{source}', header = true)"
        )
    # ICBs and councils are partners in their own right: other tables name them as organisations.
    warehouse.connection.execute(
        "INSERT INTO organisations (code, name, kind, system_code, synthetic) "
        "SELECT code, name, 'icb', code, false FROM ref_systems "
        "UNION ALL SELECT code, name, 'council', NULL, false FROM ref_councils "
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name"
    )
    warehouse.set_meta("reference_digest", digest)
    warehouse.set_meta("reference_vintage", vintage())
    return vintage()
