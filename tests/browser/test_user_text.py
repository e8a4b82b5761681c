"""Text typed by people shows literally in the browser and loads nothing."""

from __future__ import annotations

import datetime as dt
import http.server
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from onboarding.formatting import WORD_JOINER
from onboarding.store import Actor, Store
from tests.browser.streamlit_ui import open_expander, open_page, step_expander

pytestmark = pytest.mark.browser


@pytest.fixture
def probe() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every path requested from it."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            requests.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", requests
    server.shutdown()
    server.server_close()


def test_markup_in_comment_and_name_shown_literally(
    page: Page, base_url: str, demo_store: Store, probe: tuple[str, list[str]]
) -> None:
    address, requests = probe
    actor = Actor.from_staff(demo_store.list_staff()[0])
    name = f"**Fed** <img src='{address}/name.png'> :smile: :material/home: Gård"
    case_id = demo_store.create_case(name, "87654321", dt.date.today(), actor)
    comment = (
        f"![billede]({address}/comment.png) [link]({address}/link) <b>fed</b> :red[rød]"
    )
    demo_store.add_comment(case_id, "kundehenvendelse", comment, actor)

    open_page(page, base_url, f"/case?case={case_id}")
    heading = page.get_by_test_id("stHeading").locator("h2")
    expect(heading).to_contain_text("Gård")
    # The word joiner that keeps the address from being linked is invisible.
    assert heading.inner_text().replace(WORD_JOINER, "") == name
    expander = step_expander(page, 1)
    open_expander(expander)
    expect(expander.get_by_test_id("stText").filter(has_text=comment)).to_be_visible()
    assert expander.locator("img").count() == 0
    assert page.get_by_test_id("stMain").locator(f"a[href^='{address}']").count() == 0
    assert requests == []
