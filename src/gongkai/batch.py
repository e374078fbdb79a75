"""Many inputs at once: worker processes, results in input order, one bad file never stops the batch.

    results = run(work, items, jobs=4, on_done=progress.advance)

`work(item)` runs in a worker process (or in this one when ``jobs`` is 1 or there is one
item) and returns something picklable.  Whatever it raises becomes a `Failed` result
naming the item, not a stopped batch: a reader's bug or a library choking on a hostile
file is one line in the output.  A worker process that dies (a crash inside a native
library) breaks its pool; the items it held are then retried one at a time, and the one
that kills its process again is reported as such.  The pool forks this process (Linux)
so workers start with what is already imported; it is created before any thread (a
progress bar's) starts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Failed:
    """An item whose work raised, or whose worker process died; `message` is one Chinese line."""

    message: str


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity), not the machine's."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _guarded(work, item):
    try:
        return work(item)
    except Exception as e:  # noqa: BLE001 - one bad file is a line in the output, never a stopped batch
        return Failed(f"{item}: 读取时出错（{type(e).__name__}: {e}），已跳过 (internal error)")


def run(work, items: list, jobs: int | None = None, on_done=None) -> list:
    """`work(item)` for every item, results in the items' order (see the module doc)."""
    jobs = max(1, min(jobs or cpu_count(), len(items)))
    done = on_done or (lambda: None)
    if jobs == 1:
        out = []
        for item in items:
            out.append(_guarded(work, item))
            done()
        return out
    results: dict[int, object] = {}
    broken = _pool(work, items, list(range(len(items))), jobs, results, done)
    for i in broken:  # one at a time: the item that kills its process again is the culprit
        if _pool(work, items, [i], 1, results, done):
            results[i] = Failed(f"{items[i]}: 读取时进程异常退出（可能是文件损坏触发了底层库的错误），已跳过 (worker crashed)")
            done()
    return [results[i] for i in range(len(items))]


def _format_by_id():
    """A report carries its format: pickle the format's id, not a copy of the whole declaration."""
    import copyreg

    from . import formats

    copyreg.pickle(formats.Format, lambda f: (formats.get, (f.id,)))


def _pool(work, items, indexes: list[int], jobs: int, results: dict, done) -> list[int]:
    """Run the indexed items in one pool; the indexes whose worker died are returned."""
    import multiprocessing  # only a batch pays for these imports
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    _format_by_id()
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    broken: list[int] = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(_guarded, work, items[i]): i for i in indexes}
        for future in as_completed(futures):
            i = futures[future]
            try:
                results[i] = future.result()
            except BrokenProcessPool:
                broken.append(i)
                continue
            done()
    return sorted(broken)
