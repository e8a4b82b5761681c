"""The command line: python -m onboarding COMMAND."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from onboarding.cli import build_parser, main
from onboarding.config import DEFAULT_WORKFLOW, PROJECT_ROOT
from onboarding.store import Store
from onboarding.workflow import load_workflow


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "onboarding", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_check_workflow_passes_shipped_file() -> None:
    result = _run("check-workflow", "workflow.yaml")
    assert result.returncode == 0, result.stderr
    assert "valid, 7 roles, 13 steps (10 with a derived day)" in result.stdout


def test_check_workflow_broken_copy_names_line(tmp_path: Path) -> None:
    text = DEFAULT_WORKFLOW.read_text(encoding="utf-8")
    broken = tmp_path / "workflow.yaml"
    broken.write_text(text.replace("day: 44", "day: -44"), encoding="utf-8")
    line = text[: text.index("day: 44")].count("\n") + 1
    result = _run("check-workflow", str(broken))
    assert result.returncode == 1
    assert f"{broken}:{line}: steps[6].day: -44 is below 0" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_creates_database(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "cases.db"
    assert main(["init", "--db", str(db)]) == 0
    assert db.exists()


def test_init_reads_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("ONBOARDING_DB", str(db))
    assert main(["init"]) == 0
    assert db.exists()


def test_init_unwritable_path_fails_cleanly(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["init", "--db", str(blocker / "x.db")]) == 1
    assert "cannot be opened" in capsys.readouterr().err


def test_demo_fills_database(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = _run("demo", "--cases", "6", "--db", str(db))
    assert result.returncode == 0, result.stderr
    store = Store.open(db)
    assert len(store.list_cases()) == 6
    assert len(store.list_staff()) == 10
    assert store.all_step_statuses()
    assert store.events()


def test_demo_rejects_zero_cases(tmp_path: Path, capsys) -> None:
    assert main(["demo", "--cases", "0", "--db", str(tmp_path / "d.db")]) == 1
    assert "--cases must be at least 1" in capsys.readouterr().err


def test_export_matrix_to_stdout() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "onboarding", "export-matrix"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.startswith(b"\xef\xbb\xbfNr.;Trin;Dag;")


def test_export_matrix_rows_and_roles(tmp_path: Path) -> None:
    output = tmp_path / "matrix.csv"
    assert main(["export-matrix", "--output", str(output)]) == 0
    rows = list(csv.reader(io.StringIO(output.read_text("utf-8-sig")), delimiter=";"))
    workflow = load_workflow(DEFAULT_WORKFLOW)
    assert rows[0][3:] == [role.name for role in workflow.roles]
    assert len(rows) - 1 == 13
    for row, step in zip(rows[1:], workflow.steps, strict=True):
        responsible = [rows[0][i] for i, cell in enumerate(row) if cell == "Ansvarlig"]
        assert responsible == [workflow.role(r).name for r in step.responsible]


def test_export_case_matrix(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert main(["demo", "--cases", "2", "--db", str(db)]) == 0
    output = tmp_path / "case.csv"
    assert (
        main(["export-matrix", "--case", "1", "--db", str(db), "--output", str(output)])
        == 0
    )
    rows = list(csv.reader(io.StringIO(output.read_text("utf-8-sig")), delimiter=";"))
    assert len(rows) == 14
    assert rows[0][-2:] == ["Status", "Frist"]


def test_export_xlsx(tmp_path: Path) -> None:
    output = tmp_path / "matrix.xlsx"
    assert main(["export-matrix", "--format", "xlsx", "--output", str(output)]) == 0
    assert output.read_bytes()[:2] == b"PK"


def test_export_xlsx_needs_output(capsys) -> None:
    assert main(["export-matrix", "--format", "xlsx"]) == 1
    assert "--output" in capsys.readouterr().err


def test_export_unknown_case_fails(tmp_path: Path, capsys) -> None:
    db = tmp_path / "c.db"
    main(["init", "--db", str(db)])
    assert main(["export-matrix", "--case", "42", "--db", str(db)]) == 1
    assert "Case 42 does not exist" in capsys.readouterr().err


def test_export_missing_database_fails(tmp_path: Path, capsys) -> None:
    assert (
        main(["export-matrix", "--case", "1", "--db", str(tmp_path / "none.db")]) == 1
    )
    assert "does not exist" in capsys.readouterr().err


def test_every_command_documented_in_readme() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"python -m onboarding {name}" in readme, name


def test_backup_while_store_open_then_restore(tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    assert main(["demo", "--cases", "3", "--db", str(db)]) == 0
    live = Store.open(db)
    live.db.execute("BEGIN")
    live.db.execute("SELECT count(*) FROM cases").fetchone()
    copy = tmp_path / "copy.db"
    assert main(["backup", "--db", str(db), "--output", str(copy)]) == 0
    live.db.execute("COMMIT")
    expected = len(live.events())

    staff = live.list_staff()[0]
    from onboarding.store import Actor

    live.add_comment(1, "kundehenvendelse", "Efter backup", Actor.from_staff(staff))
    live.close()
    assert main(["restore", "--input", str(copy), "--db", str(db)]) == 0
    restored = Store.open(db)
    assert len(restored.events()) == expected
    assert all(c["text"] != "Efter backup" for c in restored.comments(1))
    saved = list(tmp_path.glob("live.db.before-restore-*"))
    assert len(saved) == 1
    assert any(c["text"] == "Efter backup" for c in Store.open(saved[0]).comments(1))


def test_backup_never_overwrites(tmp_path: Path, capsys) -> None:
    db = tmp_path / "a.db"
    main(["init", "--db", str(db)])
    existing = tmp_path / "exists.db"
    existing.write_text("keep me")
    assert main(["backup", "--db", str(db), "--output", str(existing)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert existing.read_text() == "keep me"


def test_restore_rejects_damaged_file(tmp_path: Path, capsys) -> None:
    db = tmp_path / "a.db"
    assert main(["demo", "--cases", "1", "--db", str(db)]) == 0
    before = db.read_bytes()
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(before[:4096] + b"\x00" * 8192)
    assert main(["restore", "--input", str(damaged), "--db", str(db)]) == 1
    assert "not an intact onboarding database" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_export_all_cases(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert main(["demo", "--cases", "3", "--db", str(db)]) == 0
    output = tmp_path / "all.csv"
    assert (
        main(["export-matrix", "--all-cases", "--db", str(db), "--output", str(output)])
        == 0
    )
    rows = list(csv.reader(io.StringIO(output.read_text("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Sag", "Kunde", "Nr.", "Trin"]
    assert len(rows) == 1 + 3 * 13
    assert {row[0] for row in rows[1:]} == {"1", "2", "3"}


def test_restore_missing_backup_named(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "nowhere.db"
    assert (
        main(["restore", "--input", str(missing), "--db", str(tmp_path / "a.db")]) == 1
    )
    assert f"Backup file {str(missing)!r} does not exist" in capsys.readouterr().err


def test_demo_leaves_real_staff_without_work(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    store = Store.open(db, load_workflow(DEFAULT_WORKFLOW))
    store.add_staff("Ida Holm", "IH", "", None)
    store.close()
    assert main(["demo", "--cases", "4", "--db", str(db)]) == 0
    members = Store.open(db).all_team_members()
    assert members
    assert "IH" not in {member["initials"] for member in members}


def test_export_never_overwrites_database(tmp_path: Path, capsys) -> None:
    db = tmp_path / "demo.db"
    assert main(["demo", "--cases", "2", "--db", str(db)]) == 0
    before = db.read_bytes()
    arguments = ["export-matrix", "--all-cases", "--db", str(db), "--output", str(db)]
    assert main(arguments) == 1
    assert "is a database" in capsys.readouterr().err
    assert db.read_bytes() == before
    assert Store.open(db).count_cases_by_state()
