"""Execute notebooks top to bottom in a fresh kernel and store their outputs.

    python tools/execute_notebooks.py notebooks/01_the_neuron.ipynb [more.ipynb ...]
    python tools/execute_notebooks.py notebooks            # every notebook in the folder

Each notebook runs in its own fresh kernel and folder (as JupyterLab would), with the current
Python, one notebook after another; the next notebook's kernel starts while the current one runs.
Widget state is not stored (the figures and numbers are; widgets re-render when the cell is run).
Each notebook's execution time (kernel ready to last cell done) and the total are printed, so
slow notebooks are noticed.
"""

import asyncio
import os
import pathlib
import queue
import sys
import time

# Same BLAS threading as the test suite (see conftest.py), so stored outputs match it.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

SLICE = 0.5  # seconds: the longest a missed wake-up of the message wait can cost


def _in_slices(get_msg):
    """``get_msg`` that waits in short slices. A wait on the kernel's sockets sometimes misses
    the wake-up for a message that has arrived (seen here on about 4 in 10 runs of notebook 01,
    after a widget cell): the client then sat idle for its whole cell timeout, 300 s, before
    finding the message. Each new slice looks again, so that costs at most ``SLICE``."""
    async def get(timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            step = SLICE if deadline is None else max(0.0, min(SLICE, deadline - time.monotonic()))
            try:
                return await get_msg(timeout=step)
            except queue.Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    return get


class _Client(NotebookClient):
    async def async_start_new_kernel_client(self):
        client = await super().async_start_new_kernel_client()
        for channel in (client.shell_channel, client.iopub_channel):
            channel.get_msg = _in_slices(channel.get_msg)
        return client


def _start_kernel(path):
    """A kernel for the notebook at ``path``, started in its folder (not yet waited for)."""
    manager = AsyncKernelManager(kernel_name="python3")
    return manager, asyncio.ensure_future(manager.start_kernel(cwd=str(path.parent)))


async def _execute(path, manager, started, timeout):
    await started
    nb = nbformat.read(path, as_version=4)
    client = _Client(nb, km=manager, timeout=timeout, kernel_name="python3",
                     resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    await client.async_execute()
    seconds = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    return seconds


async def _stop(manager, started):
    try:
        await started
    finally:
        await manager.shutdown_kernel(now=True)


async def execute_all(paths, timeout=300, report=print):
    """Execute the notebooks one after another, each in a fresh kernel, and store them; each
    kernel is started while the notebook before it runs (start-up is most of a short notebook's
    time). Prints each notebook's execution time; returns the total wall-clock seconds."""
    start = time.perf_counter()
    upcoming = _start_kernel(paths[0]) if paths else None
    try:
        for i, path in enumerate(paths):
            manager, started = upcoming
            upcoming = _start_kernel(paths[i + 1]) if i + 1 < len(paths) else None
            try:
                seconds = await _execute(path, manager, started, timeout)
            finally:
                await manager.shutdown_kernel(now=True)
            report(f"{path}: {seconds:5.1f} s, {path.stat().st_size / 1e6:.2f} MB")
    finally:
        if upcoming is not None:  # a notebook failed: the next one's kernel is not needed
            await _stop(*upcoming)
    return time.perf_counter() - start


def main(args):
    paths = []
    for arg in args or ["notebooks"]:
        p = pathlib.Path(arg)
        paths.extend(sorted(p.glob("*.ipynb")) if p.is_dir() else [p])
    total = asyncio.run(execute_all(paths))
    print(f"{len(paths)} notebook(s) in {total:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
