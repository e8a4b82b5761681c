"""Command line: ``python -m onboarding COMMAND``.

Every command prints a message naming the problem and exits with status 1
on bad input. Argparse exits with status 2 on a malformed command line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path

from onboarding import config
from onboarding.errors import OnboardingError
from onboarding.matrix import case_matrix, matrix_to_xlsx, to_csv, workflow_matrix
from onboarding.progress import load_case_steps
from onboarding.store import Store
from onboarding.workflow import load_workflow

log = logging.getLogger(__name__)


def _add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"SQLite database file (default: ${config.DB_VARIABLE} or data/onboarding.db)",
    )


def _add_workflow_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workflow",
        metavar="FILE",
        help=f"workflow file (default: ${config.WORKFLOW_VARIABLE} or workflow.yaml)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m onboarding",
        description="Manage onboarding cases from the command line.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check-workflow", help="validate a workflow file")
    check.add_argument("file", nargs="?", help="workflow file (default: workflow.yaml)")

    init = commands.add_parser("init", help="create or upgrade the database")
    _add_db_option(init)

    demo = commands.add_parser("demo", help="fill the database with sample cases")
    demo.add_argument("--cases", type=int, default=12, help="number of cases to create")
    demo.add_argument(
        "--seed", type=int, default=1, help="random seed, for repeatable data"
    )
    _add_db_option(demo)
    _add_workflow_option(demo)

    backup = commands.add_parser(
        "backup", help="copy the database, safely while the app runs"
    )
    backup.add_argument(
        "--output", metavar="FILE", required=True, help="new backup file"
    )
    _add_db_option(backup)

    restore = commands.add_parser(
        "restore", help="replace the database with a checked backup"
    )
    restore.add_argument(
        "--input", metavar="FILE", required=True, help="backup file to restore"
    )
    _add_db_option(restore)

    export = commands.add_parser("export-matrix", help="write the role-by-step matrix")
    chosen = export.add_mutually_exclusive_group()
    chosen.add_argument(
        "--case", type=int, metavar="ID", help="export this case's matrix"
    )
    chosen.add_argument(
        "--all-cases",
        action="store_true",
        help="export one row per case and step, with each role's person",
    )
    export.add_argument(
        "--format",
        choices=["csv", "csv-comma", "xlsx"],
        default="csv",
        help="csv: ';' and UTF-8 with BOM for Danish Excel; csv-comma: ',' and plain "
        "UTF-8; xlsx: Excel workbook (default: csv)",
    )
    export.add_argument(
        "--output", metavar="FILE", help="output file (default: standard output)"
    )
    export.add_argument(
        "--language", choices=["da", "en"], default="da", help="language of the headers"
    )
    _add_db_option(export)
    _add_workflow_option(export)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    args = build_parser().parse_args(argv)
    handlers = {
        "check-workflow": _check_workflow,
        "init": _init,
        "demo": _demo,
        "export-matrix": _export_matrix,
        "backup": _backup,
        "restore": _restore,
    }
    try:
        return handlers[args.command](args)
    except OnboardingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _check_workflow(args: argparse.Namespace) -> int:
    workflow = load_workflow(config.workflow_path(args.file))
    scheduled = workflow.scheduled_steps()
    derived = sum(s.derived for s in scheduled)
    print(
        f"{workflow.source}: valid, {len(workflow.roles)} roles, {len(scheduled)} steps "
        f"({derived} with a derived day), version {workflow.version}"
    )
    return 0


def _init(args: argparse.Namespace) -> int:
    path = config.db_path(args.db)
    Store.open(path).close()
    print(f"{path}: database ready")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from onboarding.demo import create_demo_cases

    if args.cases < 1:
        print(f"error: --cases must be at least 1, not {args.cases}", file=sys.stderr)
        return 1
    workflow = load_workflow(config.workflow_path(args.workflow))
    path = config.db_path(args.db)
    store = Store.open(path, workflow)

    def report(done: int, total: int) -> None:
        if done == total or done % max(1, total // 20) == 0:
            print(f"\r{done}/{total} cases", end="", file=sys.stderr, flush=True)

    try:
        case_ids = create_demo_cases(
            store, workflow, args.cases, seed=args.seed, on_progress=report
        )
    finally:
        store.close()
    print(file=sys.stderr)
    print(f"{path}: created {len(case_ids)} demo cases")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from onboarding.backup import backup

    path = config.db_path(args.db)
    backup(path, Path(args.output))
    print(f"{path}: backed up to {args.output}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from onboarding.backup import check_backup, restore

    path = config.db_path(args.db)
    cases = check_backup(Path(args.input))
    saved = restore(Path(args.input), path)
    if saved:
        print(f"{path}: previous database saved as {saved}")
    print(f"{path}: restored from {args.input} ({cases} cases)")
    return 0


def _existing_db(args: argparse.Namespace) -> Path | None:
    path = config.db_path(args.db)
    if not path.exists():
        print(
            f"error: database {str(path)!r} does not exist; run 'init' or pass --db",
            file=sys.stderr,
        )
        return None
    return path


def _export_all_cases(
    args: argparse.Namespace, workflow, path: Path
) -> tuple[bytes, int]:
    """Return the export of every case's matrix and its number of rows."""
    from onboarding.exports import all_cases_csv, all_cases_xlsx
    from onboarding.overview import summarize

    store = Store.open(path, workflow)
    try:
        summaries = summarize(store, workflow, dt.date.today())
    finally:
        store.close()
    print(f"{len(summaries)} cases", file=sys.stderr)
    rows = len(summaries) * len(workflow.steps)
    if args.format == "xlsx":
        return all_cases_xlsx(workflow, summaries, args.language, "Sager"), rows
    data = all_cases_csv(workflow, summaries, args.language, args.format == "csv")
    return data, rows


def _export_matrix(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and not args.output:
        print("error: --format xlsx needs --output FILE", file=sys.stderr)
        return 1
    if args.output and _is_database(Path(args.output)):
        print(
            f"error: {args.output!r} is a database; an export never overwrites one. "
            "Choose another --output file.",
            file=sys.stderr,
        )
        return 1
    workflow = load_workflow(config.workflow_path(args.workflow))
    workflow = workflow.localized(args.language)
    path = None
    if args.all_cases or args.case is not None:
        path = _existing_db(args)
        if path is None:
            return 1

    if args.all_cases:
        data, rows = _export_all_cases(args, workflow, path)
    else:
        if args.case is None:
            frame = workflow_matrix(workflow, args.language, words=True)
            sheet = "Matrix"
        else:
            store = Store.open(path, workflow)
            try:
                case = store.get_case(args.case)
                steps = load_case_steps(store, workflow, case, dt.date.today())
                frame = case_matrix(
                    workflow, steps, store.team(args.case), args.language
                )
            finally:
                store.close()
            sheet = f"Sag {args.case}"
        if args.format == "xlsx":
            data = matrix_to_xlsx(frame, workflow, sheet, args.language)
        else:
            data = to_csv(frame, excel=args.format == "csv")
        rows = len(frame)
    return _write_export(args, data, rows, workflow)


def _is_database(path: Path) -> bool:
    """Tell whether ``path`` is an existing SQLite database file."""
    try:
        with path.open("rb") as file:
            return file.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _write_export(args: argparse.Namespace, data: bytes, rows: int, workflow) -> int:
    if args.output:
        try:
            Path(args.output).write_bytes(data)
        except OSError as exc:
            print(
                f"error: cannot write {args.output!r}: {exc.strerror}", file=sys.stderr
            )
            return 1
        print(f"{args.output}: {rows} rows, {len(workflow.roles)} roles")
    else:
        sys.stdout.buffer.write(data)
    return 0
