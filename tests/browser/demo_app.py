"""Serve the dashboard on a demo database and launch Chromium.

Shared by the browser tests and by tests/screenshots.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Playwright

from tests.appserver import CHROMIUM_ARGS, PROJECT_ROOT, running_app

DEMO_CASES = 12
VIEWPORT = {"width": 1440, "height": 900}
# Settings that would point the app at another database, workflow or date.
APP_VARIABLES = ("ONBOARDING_DB", "ONBOARDING_WORKFLOW", "ONBOARDING_TODAY")


def create_demo_database(folder: Path, cases: int = DEMO_CASES) -> Path:
    """Fill a new database in ``folder`` with the demo staff and ``cases`` cases."""
    db_path = folder / "demo.db"
    command = [sys.executable, "-m", "onboarding", "demo", "--cases", str(cases)]
    result = subprocess.run(
        [*command, "--db", str(db_path)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"'{' '.join(command)}' failed with status {result.returncode}:\n"
            f"{result.stderr}"
        )
    return db_path


@contextmanager
def serve_demo_app(folder: Path) -> Iterator[tuple[str, Path]]:
    """Start the app on a new demo database and yield its base URL and database path.

    The app runs with today's real date, as the demo command does, and without
    the developer's ONBOARDING_* settings.
    """
    db_path = create_demo_database(folder)
    log_path = folder / "streamlit.log"
    with ExitStack() as stack:
        saved = {
            name: os.environ.pop(name) for name in APP_VARIABLES if name in os.environ
        }
        try:
            url = stack.enter_context(running_app(db_path, log_path)).url
        except (RuntimeError, TimeoutError) as exc:
            output = log_path.read_text(encoding="utf-8", errors="replace")
            raise RuntimeError(f"{exc}; streamlit output:\n{output[-4000:]}") from exc
        finally:
            os.environ.update(saved)
        yield url, db_path


def launch_chromium(playwright: Playwright, executable_path: str) -> Browser:
    """Launch the given Chromium, because Playwright's own download is not used."""
    return playwright.chromium.launch(
        executable_path=executable_path, args=CHROMIUM_ARGS
    )
