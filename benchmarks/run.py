"""Benchmark the dashboard on databases of 1,000 to 50,000 cases.

Usage, from the project folder: ``python -m benchmarks.run [--sizes 1000,10000]``.
It prints each figure as it is measured and writes the table to
docs/benchmarks.md. Databases are kept in --workdir and reused when they
already exist, because building the largest takes minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from onboarding.config import DEFAULT_WORKFLOW, PROJECT_ROOT
from onboarding.store import Actor, Store
from onboarding.workflow import Workflow, load_workflow

TODAY = dt.date(2026, 12, 4)
OVERVIEW_STATES = ("active", "paused")
RUNS = 5


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _time(function: Callable[[], object], runs: int = RUNS) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def _page_runner(db_path: Path):
    """Start an AppTest session on the benchmark database, run through app.py."""
    os.environ["ONBOARDING_DB"] = str(db_path)
    os.environ["ONBOARDING_TODAY"] = TODAY.isoformat()
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__

    # Run every page through app.py, as a running server does after its
    # first request (see onboarding.ui.ensure_entry).
    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=600)
    at.run()
    return at


def measure_pages(
    db_path: Path, workflow: Workflow, store: Store, actor: Actor
) -> dict:
    """Page script runs: cold (just after a write) and warm (a plain rerun)."""
    at = _page_runner(db_path)
    case_id = store.cases_in(("active",))[0]["id"]
    step_ids = [step.id for step in workflow.steps]
    flip = iter(range(10_000))

    def touch() -> None:
        status = ("in_progress", "waiting")[next(flip) % 2]
        store.set_step_status(case_id, step_ids[-1], status, actor)

    def cold_overview() -> None:
        touch()
        at.run()

    results = {}
    results["overview_cold"] = _median_ms(_time(cold_overview))
    results["overview_warm"] = _median_ms(_time(at.run))
    assert not at.exception, at.exception

    at.query_params["case"] = str(case_id)
    at.switch_page("pages/case.py")
    results["case"] = _median_ms(_time(at.run))
    assert not at.exception, at.exception
    assert at.header, "the case page showed no case"
    at.switch_page("pages/matrix.py")
    results["matrix"] = _median_ms(_time(at.run))
    assert not at.exception, at.exception
    return results


def measure_sql_floors(store: Store) -> dict:
    """Time the plain SQL that fetches what each page shows."""
    case_id = store.cases_in(("active",))[0]["id"]

    def overview_sql() -> None:
        store.cases_in(OVERVIEW_STATES)
        store.all_step_statuses(OVERVIEW_STATES)
        store.all_team_members(OVERVIEW_STATES)
        store.all_pauses(OVERVIEW_STATES)

    def case_sql() -> None:
        store.list_cases()
        store.get_case(case_id)
        store.step_statuses(case_id)
        store.team(case_id)
        store.checklist_ticks(case_id)
        store.slot_items(case_id)
        store.comments(case_id)
        store.events(case_id)

    def export_sql() -> None:
        store.cases_in(None)
        store.all_step_statuses(None)
        store.all_team_members(None)
        store.all_pauses(None)

    return {
        "overview_sql": _median_ms(_time(overview_sql)),
        "case_sql": _median_ms(_time(case_sql)),
        "matrix_sql": _median_ms(_time(store.list_cases)),
        "export_sql": _median_ms(_time(export_sql, runs=3)),
    }


def measure_export(store: Store, workflow: Workflow) -> float:
    from onboarding.exports import all_cases_csv
    from onboarding.overview import summarize

    def export() -> None:
        all_cases_csv(workflow, summarize(store, workflow, TODAY), "da")

    return _median_ms(_time(export, runs=3))


def measure_updates(
    store: Store, workflow: Workflow, actor: Actor, count: int = 200
) -> dict:
    cases = [case["id"] for case in store.cases_in(("active",))[:20]]
    samples = []
    for index in range(count):
        case_id = cases[index % len(cases)]
        status = ("in_progress", "waiting")[index // len(cases) % 2]
        started = time.perf_counter()
        store.set_step_status(case_id, workflow.steps[-2].id, status, actor)
        samples.append(time.perf_counter() - started)
    samples.sort()
    return {
        "update_median": statistics.median(samples) * 1000,
        "update_p95": samples[int(len(samples) * 0.95) - 1] * 1000,
    }


def measure_server(db_path: Path, workdir: Path) -> dict:
    """Time a cold start until /_stcore/health returns ok, and read peak memory."""
    from tests.appserver import CHROMIUM_ARGS, find_chromium, running_app

    started = time.perf_counter()
    with running_app(db_path, workdir / "streamlit.log", TODAY.isoformat()) as server:
        cold_start = time.perf_counter() - started
        peak = None
        chromium = find_chromium()
        if chromium:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=CHROMIUM_ARGS
                )
                page = browser.new_page()
                for path in ("/", "/case?case=1", "/matrix", "/workload"):
                    page.goto(server.url + path)
                    page.locator("h1").first.wait_for(timeout=120_000)
                    app = page.get_by_test_id("stApp")
                    app.and_(
                        page.locator("[data-test-script-state=notRunning]")
                    ).wait_for(timeout=120_000)
                browser.close()
            peak = _peak_rss_mb(server.pid)
    return {"cold_start": cold_start * 1000, "memory_mb": peak}


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("VmHWM not found")


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        int(line.split()[1]) // 1024 // 1024
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB, Python {platform.python_version()}"


def run_size(size: int, workdir: Path, workflow: Workflow) -> dict:
    from benchmarks.dataset import build

    db_path = workdir / f"bench-{size}.db"
    if not db_path.exists():
        started = time.perf_counter()
        build(db_path, workflow, size, TODAY)
        print(f"{size}: built in {time.perf_counter() - started:.1f} s", flush=True)
    store = Store.open(db_path, workflow)
    actor = Actor.from_staff(store.list_staff()[0])
    result = {"cases": size}
    result.update(measure_sql_floors(store))
    print(f"{size}: {result}", flush=True)
    result.update(measure_pages(db_path, workflow, store, actor))
    print(f"{size}: {result}", flush=True)
    result["export"] = measure_export(store, workflow)
    result.update(measure_updates(store, workflow, actor))
    result.update(measure_server(db_path, workdir))
    print(f"{size}: {result}", flush=True)
    store.close()
    return result


def _cell(value: float | None, decimals: int = 0) -> str:
    return "n/a" if value is None else f"{value:,.{decimals}f}"


def write_report(results: list[dict], output: Path) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Measured on {dt.date.today().isoformat()} with `python -m benchmarks.run` on "
        f"{machine()}. Times in milliseconds (median of {RUNS} runs unless noted); "
        "memory in MB.",
        "",
        "| cases | overview cold | overview warm | overview SQL | cold ÷ SQL | case page | "
        "case SQL | matrix page | matrix SQL | export all | export SQL | update median | "
        "update p95 | cold start | peak memory |",
        "|" + "---|" * 15,
    ]
    for r in results:
        ratio = r["overview_cold"] / r["overview_sql"] if r["overview_sql"] else None
        lines.append(
            f"| {r['cases']:,} | {_cell(r['overview_cold'])} | {_cell(r['overview_warm'])} | "
            f"{_cell(r['overview_sql'])} | {_cell(ratio, 1)} | {_cell(r['case'])} | "
            f"{_cell(r['case_sql'])} | {_cell(r['matrix'])} | {_cell(r['matrix_sql'], 1)} | "
            f"{_cell(r['export'])} | {_cell(r['export_sql'])} | {_cell(r['update_median'], 1)} | "
            f"{_cell(r['update_p95'], 1)} | {_cell(r['cold_start'])} | {_cell(r['memory_mb'])} |"
        )
    lines += [
        "",
        "- *overview cold* runs the overview page just after a status change, so its "
        "cached rows are computed again; *overview warm* is a plain rerun (a filter "
        "change or a reload) that reuses them.",
        "- Page times are Streamlit's script runs through `AppTest`, without the "
        "browser's rendering. *SQL* columns time the plain queries that fetch what "
        "the page shows, the floor a page can approach.",
        "- *export all* builds and writes the CSV of every case's matrix "
        "(`export-matrix --all-cases`), 13 rows per case.",
        "- *update* is one status change through `Store.set_step_status`, a "
        "transaction with its event, over 200 updates.",
        "- *cold start* is `streamlit run` until `/_stcore/health` answers; *peak "
        "memory* is the server's VmHWM after Chromium loaded the overview, a case, "
        "the matrix and the workload page.",
        "",
    ]
    text = "\n".join(lines)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__
    )
    parser.add_argument(
        "--sizes", default="1000,10000,50000", help="comma-separated numbers of cases"
    )
    parser.add_argument(
        "--workdir",
        default="/tmp/onboarding-benchmark",
        help="folder for the databases",
    )
    parser.add_argument(
        "--output",
        default=str(PROJECT_ROOT / "docs" / "benchmarks.md"),
        help="report file",
    )
    args = parser.parse_args(argv)
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    workflow = load_workflow(DEFAULT_WORKFLOW)
    sizes = [int(size) for size in args.sizes.split(",")]
    results = [run_size(size, workdir, workflow) for size in sizes]
    print(write_report(results, Path(args.output)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
