"""``tools/execute_notebooks.py`` waits for kernel messages in short slices, so a wait that misses
its wake-up costs at most one slice rather than the whole cell timeout."""

import asyncio
import concurrent.futures
import importlib.util
import queue
import time
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "execute_notebooks.py"


@pytest.fixture(scope="module")
def tool():
    spec = importlib.util.spec_from_file_location("execute_notebooks", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(coroutine):
    """Run ``coroutine`` to completion in a thread of its own (other tests in this process may
    leave an event loop running in the main thread)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def missed_wake_up(arrives_at):
    """A get_msg whose message arrives at ``arrives_at`` (monotonic time) but whose wait never
    wakes up for it: only a call that starts after the arrival finds it."""
    calls = []

    async def get_msg(timeout=None):
        calls.append(timeout)
        if time.monotonic() >= arrives_at:
            return {"msg": "reply"}
        await asyncio.sleep(timeout)  # sleeps through the arrival, as the stuck wait did
        raise queue.Empty

    return get_msg, calls


def test_a_missed_wake_up_costs_one_slice_not_the_timeout(tool):
    get_msg, calls = missed_wake_up(time.monotonic() + 0.2)
    msg = run(tool._in_slices(get_msg)(timeout=300))
    assert msg == {"msg": "reply"}
    assert len(calls) >= 2 and all(t <= tool.SLICE for t in calls)  # looked again, slice by slice


def test_no_message_still_ends_in_empty_at_the_timeout(tool):
    get_msg, calls = missed_wake_up(float("inf"))
    with pytest.raises(queue.Empty):
        run(tool._in_slices(get_msg)(timeout=1.2))
    assert all(t <= tool.SLICE for t in calls)
    assert 0.8 <= sum(calls) <= 1.2 + 1e-9  # the slices never wait past the timeout asked for


def test_waiting_forever_is_still_allowed(tool):
    get_msg, calls = missed_wake_up(time.monotonic() + 0.6)
    assert run(tool._in_slices(get_msg)(timeout=None)) == {"msg": "reply"}
    assert all(t == tool.SLICE for t in calls)
