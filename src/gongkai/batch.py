"""Many inputs at once: worker processes, results in input order, one bad file never stops the batch.

    results = run(work, items, jobs=4, on_done=progress.advance)

`work(item)` runs in a worker process and returns something picklable.  Whatever happens to
one item becomes a `Failed` result naming it, never a stopped batch:

- it raises (a reader's bug, a library choking on a hostile file): ``reason="error"``;
- it runs longer than ``seconds`` (wall time): its worker is killed, ``reason="timeout"``;
- it runs out of the worker's memory cap (``memory`` bytes of address space, set with
  ``RLIMIT_AS`` in the worker, so a runaway allocation fails inside that worker instead of
  eating the machine): ``reason="memory"``;
- its worker dies (a native library crashing, the kernel's OOM killer): ``reason="crashed"``.

A killed or dead worker is replaced and the batch goes on.  Workers are forked from this
process (Linux), so they start with what is already imported, each handles items one at a
time, and is replaced after `RECYCLE_AFTER` items or when its peak memory grew by a quarter
of the cap (a long batch does not carry one bad file's heap on).  With ``jobs=1`` there is one such
worker: the same limits, one file at a time.  A single item runs in this process (no fork to
pay for one file): the memory cap then applies to this process for the time of that item and
the time limit is a SIGALRM — which cannot interrupt a native library until it returns.
The defaults for ``seconds`` and ``memory`` are `readers.limits.Limits.file_seconds` and
``worker_memory``.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass

RECYCLE_AFTER = 500  # items a worker handles before it is replaced (caches and heap start afresh)


@dataclass(frozen=True)
class Failed:
    """An item whose work raised, ran too long, ran out of memory or whose worker died;
    `message` is one Chinese line naming the item."""

    message: str
    reason: str = "error"  # "error" | "timeout" | "memory" | "crashed"


def cpu_count() -> int:
    """The CPUs this process may run on (its affinity), not the machine's."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _mb(n: int) -> str:
    return f"{n / (1 << 20):.0f} MB"


def _guarded(work, item, memory: int | None = None):
    try:
        return work(item)
    except MemoryError:
        cap = f"（上限 {_mb(memory)}）" if memory else ""
        return Failed(f"{item}: 读取时内存不足{cap}，已跳过 (out of memory)", "memory")
    except Exception as e:  # noqa: BLE001 - one bad file is a line in the output, never a stopped batch
        return Failed(f"{item}: 读取时出错（{type(e).__name__}: {e}），已跳过 (internal error)")


def _defaults(seconds, memory) -> tuple[float | None, int | None]:
    if seconds is not None and memory is not None:
        return seconds or None, memory or None
    from .readers.limits import current

    lim = current()
    seconds = lim.file_seconds if seconds is None else seconds
    memory = lim.worker_memory if memory is None else memory
    return seconds or None, memory or None  # 0 switches a limit off


def run(work, items: list, jobs: int | None = None, on_done=None, *, seconds: float | None = None,
        memory: int | None = None) -> list:
    """`work(item)` for every item, results in the items' order (see the module doc).
    `seconds`: wall time per item; `memory`: bytes of address space per worker (0: no limit)."""
    if not items:
        return []
    seconds, memory = _defaults(seconds, memory)
    done = on_done or (lambda: None)
    if len(items) == 1:
        out = [_in_process(work, items[0], seconds, memory)]
        done()
        return out
    return _Pool(work, items, max(1, min(jobs or cpu_count(), len(items))), seconds, memory, done).run()


class _TimeUp(BaseException):
    """Raised by SIGALRM in the single-item path (a BaseException: `work` cannot swallow it)."""


def _in_process(work, item, seconds: float | None, memory: int | None):
    import resource
    import signal
    import threading

    before = resource.getrlimit(resource.RLIMIT_AS)
    main = threading.current_thread() is threading.main_thread()
    old_handler = None
    try:
        if memory:
            _cap(memory)
        if seconds and main:

            def time_up(signum, frame):
                raise _TimeUp

            old_handler = signal.signal(signal.SIGALRM, time_up)
            signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            result = _guarded(work, item, memory)
            signal.setitimer(signal.ITIMER_REAL, 0)
            return result
        except _TimeUp:
            return Failed(f"{item}: 读取超过 {seconds:.0f} 秒，已放弃 (timed out)", "timeout")
    finally:
        if old_handler is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
        if memory:
            resource.setrlimit(resource.RLIMIT_AS, before)


def _cap(memory: int) -> None:
    """This process may map at most `memory` bytes more than it has mapped now (RLIMIT_AS;
    never above the hard limit): the cap is what one item may take, whatever was imported."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _statm(0) + memory
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _statm(field: int) -> int:
    """This process's address space (0) or resident memory (1) now, in bytes (Linux), else 0."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[field]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _peak() -> int:
    """This process's peak resident memory so far, in bytes (Linux reports KB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _worker(conn, work, memory: int | None) -> None:
    """A worker's loop: (index, item) in, (index, result, recycle) out, until told to stop."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    if memory:
        _cap(memory)
    start_peak = _peak()
    handled = 0
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        i, item = message
        result = _guarded(work, item, memory)
        handled += 1
        recycle = (handled >= RECYCLE_AFTER or isinstance(result, Failed) and result.reason == "memory"
                   or bool(memory) and _peak() - start_peak > memory // 4)
        try:
            conn.send((i, result, recycle))
        except Exception as e:  # noqa: BLE001 - a result that cannot be pickled is this item's failure
            conn.send((i, Failed(f"{item}: 结果无法传回（{type(e).__name__}），已跳过 (internal error)"), recycle))
        if recycle:
            return


@dataclass
class _Slot:
    process: object
    conn: object
    item: int | None = None  # the index it is working on
    started: float = 0.0


class _Pool:
    """Workers of our own (not concurrent.futures): a worker's item is always known, so one that
    hangs is killed and one that dies is blamed on exactly its item, and the pool goes on."""

    def __init__(self, work, items, jobs, seconds, memory, done):
        import multiprocessing  # only a batch pays for this import

        self.work, self.items, self.jobs = work, items, jobs
        self.seconds, self.memory, self.done = seconds, memory, done
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.context = multiprocessing.get_context(method)
        self.results: dict[int, object] = {}
        self.queue = list(range(len(items)))[::-1]  # popped from the end: input order
        self.slots: list[_Slot] = []

    def run(self) -> list:
        from multiprocessing.connection import wait

        _format_by_id()
        try:
            while self.queue or any(s.item is not None for s in self.slots):
                self._fill()
                busy = [s for s in self.slots if s.item is not None]
                if not busy:
                    continue
                timeout = None
                if self.seconds:
                    timeout = max(0.0, min(s.started + self.seconds for s in busy) - time.monotonic())
                ready = set(wait([s.conn for s in busy] + [s.process.sentinel for s in busy], timeout))
                for slot in busy:
                    if slot.conn in ready or slot.process.sentinel in ready:
                        self._collect(slot)
                    elif self.seconds and time.monotonic() - slot.started > self.seconds:
                        self._fail(slot, f"读取超过 {self.seconds:.0f} 秒，已放弃 (timed out)", "timeout")
        finally:
            for slot in list(self.slots):
                self._stop(slot, kill=slot.item is not None)
        return [self.results[i] for i in range(len(self.items))]

    def _fill(self) -> None:
        """Give every idle worker an item, starting workers up to `jobs` as needed."""
        for slot in [s for s in self.slots if s.item is None and not s.process.is_alive()]:
            self._stop(slot)  # recycled or gone between items: reaped, replaced below
        while self.queue and len(self.slots) < self.jobs:
            self.slots.append(self._start())
        for slot in self.slots:
            if slot.item is None and self.queue:
                i = self.queue.pop()
                try:
                    slot.conn.send((i, self.items[i]))
                except (OSError, ValueError):  # the worker went away between items: another one
                    self.queue.append(i)
                    self._stop(slot, kill=True)
                    continue
                slot.item, slot.started = i, time.monotonic()

    def _start(self) -> _Slot:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(theirs, self.work, self.memory), daemon=True)
        process.start()
        theirs.close()
        return _Slot(process, ours)

    def _collect(self, slot: _Slot) -> None:
        try:
            if slot.conn.poll():
                i, result, recycle = slot.conn.recv()
                self._finish(i, result)
                slot.item = None
                if recycle:
                    slot.process.join(5)
                    self._stop(slot)
                return
        except (EOFError, OSError):
            pass
        slot.process.join(1)
        code = slot.process.exitcode
        if code == -9:  # SIGKILL that we did not send: the kernel's OOM killer
            self._fail(slot, "读取时内存耗尽，进程被系统终止 (killed: out of memory)", "memory")
        else:
            how = f"信号 {-code}" if code is not None and code < 0 else f"退出码 {code}"
            self._fail(slot, f"读取时进程异常退出（{how}，可能是文件损坏触发了底层库的错误），已跳过 (worker crashed)",
                       "crashed")

    def _fail(self, slot: _Slot, message: str, reason: str) -> None:
        self._finish(slot.item, Failed(f"{self.items[slot.item]}: {message}", reason))
        self._stop(slot, kill=True)

    def _finish(self, i: int, result) -> None:
        self.results[i] = result
        self.done()

    def _stop(self, slot: _Slot, kill: bool = False) -> None:
        """End a worker: politely when it is idle, with SIGKILL when it is stuck; then reap it."""
        process = slot.process
        if process.is_alive() and not kill:
            with contextlib.suppress(OSError, ValueError):  # gone already: reaped below
                slot.conn.send(None)
            process.join(2)
        if process.is_alive():
            process.kill()
        process.join()
        slot.conn.close()
        slot.item = None
        if slot in self.slots:
            self.slots.remove(slot)


def _format_by_id():
    """A report carries its format: pickle the format's id, not a copy of the whole declaration."""
    import copyreg

    from . import formats

    copyreg.pickle(formats.Format, lambda f: (formats.get, (f.id,)))
