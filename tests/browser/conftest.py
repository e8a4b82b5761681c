"""Fixtures of the browser tests: one app on a demo database, one Chromium.

The app and the browser live for the whole session, so the tests share the
database and see each other's saved changes. Each test gets its own browser
context and with it its own Streamlit session.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from onboarding.config import DEFAULT_WORKFLOW
from onboarding.store import Store
from onboarding.workflow import Workflow, load_workflow
from tests.appserver import find_chromium
from tests.browser.demo_app import VIEWPORT, launch_chromium, serve_demo_app

# Several times the 3 s that a first page load took in development, so that a
# busy machine does not fail the tests.
TIMEOUT_MS = 20_000
expect.set_options(timeout=TIMEOUT_MS)
CALL_FAILED = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Chromium. Without it the tests are skipped, or fail when CI is set."""
    path = find_chromium()
    if path is None:
        message = (
            "Chromium was not found. Install Debian's chromium package "
            "(apt-get install chromium) or set CHROMIUM_PATH."
        )
        if os.environ.get("CI"):
            pytest.fail(f"{message} CI is set, so the browser tests must run.")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def demo_app(
    chromium_path: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """Base URL and database path of the app serving a 12-case demo database."""
    with serve_demo_app(tmp_path_factory.mktemp("browser")) as served:
        yield served


@pytest.fixture(scope="session")
def base_url(demo_app: tuple[str, Path]) -> str:
    return demo_app[0]


@pytest.fixture
def demo_store(demo_app: tuple[str, Path], demo_workflow: Workflow) -> Iterator[Store]:
    """A connection of the test's own to the database the app serves."""
    store = Store.open(demo_app[1], demo_workflow)
    yield store
    store.close()


@pytest.fixture(scope="session")
def demo_workflow() -> Workflow:
    """The workflow file the app loads when ONBOARDING_WORKFLOW is not set."""
    return load_workflow(DEFAULT_WORKFLOW)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = launch_chromium(playwright, chromium_path)
        yield launched
        launched.close()


@pytest.fixture
def page(
    browser: Browser, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Page]:
    """A page in a new browser context, checked for errors after the test.

    After the test, every tab still open must be free of Python exceptions
    shown by Streamlit, and no tab may have thrown an uncaught JavaScript error.
    """
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    script_errors: list[str] = []
    context.on("weberror", lambda web_error: script_errors.append(str(web_error.error)))
    opened = context.new_page()
    yield opened
    try:
        if request.node.stash.get(CALL_FAILED, False):
            # pytest shows this output with the failure.
            for number, tab in enumerate(context.pages):
                path = tmp_path / f"failure-{number}.png"
                tab.screenshot(path=path)
                print(f"screenshot of {tab.url} at the failure: {path}")
        for tab in context.pages:
            exceptions = tab.get_by_test_id("stException").all_inner_texts()
            assert exceptions == [], f"{tab.url} shows exceptions: {exceptions}"
        assert script_errors == [], f"uncaught JavaScript errors: {script_errors}"
    finally:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Record whether the test itself failed, for the screenshot in ``page``."""
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report
