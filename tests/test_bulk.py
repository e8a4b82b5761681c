"""Pausing the garbage collector while many rows are built."""

from __future__ import annotations

import gc
import threading

import pytest

from onboarding.bulk import collection_paused


@pytest.fixture(autouse=True)
def collector_running():
    gc.enable()
    yield
    gc.enable()


def test_pause_restores_collector() -> None:
    with collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_nested_pause_ends_with_outer() -> None:
    with collection_paused():
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_pause_keeps_collector_off_if_it_was() -> None:
    gc.disable()
    with collection_paused():
        pass
    assert not gc.isenabled()


def test_pause_ends_after_error() -> None:
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_overlapping_threads_restore_collector() -> None:
    first_inside = threading.Event()
    second_done = threading.Event()

    def first() -> None:
        with collection_paused():
            first_inside.set()
            second_done.wait(timeout=5)

    def second() -> None:
        first_inside.wait(timeout=5)
        with collection_paused():
            pass
        second_done.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert gc.isenabled()
