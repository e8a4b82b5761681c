"""Online backup and checked restore of the database file.

Both use SQLite's online backup API, which copies a consistent snapshot
while other connections keep reading and writing.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from onboarding.errors import StorageError
from onboarding.migrations import MIGRATION_NAMES, MIGRATION_SET

log = logging.getLogger(__name__)


def backup(db_path: Path, output: Path) -> None:
    """Copy the database at ``db_path`` to a new file ``output``."""
    if not db_path.exists():
        raise StorageError("error.db_missing", path=str(db_path))
    if output.exists():
        raise StorageError("error.backup_exists", path=str(output))
    partial = output.with_name(output.name + ".partial")
    try:
        source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        partial.replace(output)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            "error.backup_failed", path=str(output), detail=str(exc)
        ) from exc
    log.info("Backed up %s to %s", db_path, output)


def check_backup(path: Path) -> int:
    """Check that ``path`` is an intact onboarding database; return its case count."""
    if not path.exists():
        raise StorageError("error.backup_missing", path=str(path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise StorageError(
                    "error.backup_corrupt", path=str(path), detail=result
                )
            names = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                    [MIGRATION_SET],
                )
            ]
            cases = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(
            "error.backup_corrupt", path=str(path), detail=str(exc)
        ) from exc
    unknown = [name for name in names if name not in MIGRATION_NAMES]
    if unknown:
        raise StorageError(
            "error.db_newer", path=str(path), migrations=", ".join(unknown)
        )
    return cases


def restore(backup_path: Path, db_path: Path) -> Path | None:
    """Replace the database at ``db_path`` with a checked backup.

    The current database is first saved beside it as
    ``NAME.before-restore-TIMESTAMP``; returns that path, or None when there
    was no database yet.
    """
    check_backup(backup_path)
    saved = None
    if db_path.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        saved = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
        backup(db_path, saved)
    try:
        source = sqlite3.connect(f"file:{backup_path}?mode=ro", uri=True)
        target = sqlite3.connect(db_path, timeout=5.0)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
    except sqlite3.Error as exc:
        raise StorageError(
            "error.restore_failed", path=str(db_path), detail=str(exc)
        ) from exc
    log.info("Restored %s from %s", db_path, backup_path)
    return saved
