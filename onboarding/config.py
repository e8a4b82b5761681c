"""Paths of the database and the workflow file, from options or the environment."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "onboarding.db"
DEFAULT_WORKFLOW = PROJECT_ROOT / "workflow.yaml"
DB_VARIABLE = "ONBOARDING_DB"
WORKFLOW_VARIABLE = "ONBOARDING_WORKFLOW"


def db_path(option: str | None = None) -> Path:
    """Return the database file: ``--db``, else ``$ONBOARDING_DB``, else the default."""
    return Path(option or os.environ.get(DB_VARIABLE) or DEFAULT_DB)


def workflow_path(option: str | None = None) -> Path:
    """Return the workflow file: ``--workflow``, else ``$ONBOARDING_WORKFLOW``, else the default."""
    return Path(option or os.environ.get(WORKFLOW_VARIABLE) or DEFAULT_WORKFLOW)
