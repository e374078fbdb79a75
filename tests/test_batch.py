"""gongkai.batch: worker processes, results in order, one bad input (or a dying worker) never stops the rest."""

from __future__ import annotations

import os

from gongkai import batch


def _work(item):
    if item == "raise":
        raise ValueError("bad file")
    if item == "die":
        os._exit(3)  # a native library crashing takes the whole worker process with it
    return item.upper()


def test_results_in_order_with_failures_in_their_place():
    done = []
    out = batch.run(_work, ["a", "raise", "b", "die", "c"], jobs=2, on_done=lambda: done.append(1))
    assert out[0] == "A" and out[2] == "B" and out[4] == "C"
    assert isinstance(out[1], batch.Failed) and "ValueError: bad file" in out[1].message
    assert isinstance(out[3], batch.Failed) and "进程异常退出" in out[3].message
    assert len(done) == 5  # the progress bar advances once per input


def test_one_process_when_asked_or_for_one_item():
    assert batch.run(_work, ["x"], jobs=8) == ["X"]
    assert batch.run(_work, ["x", "raise"], jobs=1)[0] == "X"


def test_reports_cross_the_process_boundary(corpus_dir):
    from gongkai import inputs

    paths = sorted(corpus_dir.glob("*.truth.json"))
    here = [inputs.load(p) for p in paths]
    there = batch.run(inputs.load, paths, jobs=2)
    assert all(a.same_cells(b) and b.format is a.format for a, b in zip(here, there, strict=True))


# ---------------------------------------------------------------- limits: time, memory, crashes


def _hostile(item):
    """Stand-ins for what a hostile file does to a reader."""
    import time

    if item == "hang":
        time.sleep(120)  # a library stuck in a loop
    if item == "hog":
        return len(bytearray(4 << 30))  # 4 GB at once
    if item == "grow":
        chunks = []
        while True:  # growing until the cap stops it
            chunks.append(bytearray(64 << 20))
    if item == "segv":
        import ctypes
        import faulthandler

        faulthandler.disable()  # pytest's dump of the dying worker is noise here
        ctypes.string_at(0)  # a native library crashing
    return os.getpid()


def test_a_hanging_file_is_killed_and_the_batch_goes_on():
    import time

    t = time.monotonic()
    out = batch.run(_hostile, ["a", "hang", "b", "hang", "c"], jobs=2, seconds=1.5, memory=0)
    assert time.monotonic() - t < 10  # not 2 × 120 s
    assert [type(x).__name__ for x in out] == ["int", "Failed", "int", "Failed", "int"]
    assert out[1].reason == "timeout" and "读取超过 2 秒" in out[1].message and out[1].message.startswith("hang: ")


def test_memory_is_capped_per_worker():
    out = batch.run(_hostile, ["a", "hog", "grow", "b"], jobs=2, seconds=60, memory=512 << 20)
    assert isinstance(out[0], int) and isinstance(out[3], int)
    for failed in out[1:3]:
        assert isinstance(failed, batch.Failed) and failed.reason == "memory", failed
        assert "内存不足" in failed.message and "512 MB" in failed.message


def test_a_crashing_worker_is_replaced_and_blamed_on_its_file():
    out = batch.run(_hostile, ["a", "segv", "b", "c", "segv", "d"], jobs=2, seconds=60, memory=0)
    assert [isinstance(x, int) for x in out] == [True, False, True, True, False, True]
    assert out[1].reason == "crashed" and "信号 11" in out[1].message and out[1].message.startswith("segv: ")


def test_jobs_1_is_one_worker_with_the_same_limits():
    out = batch.run(_hostile, ["a", "hang", "b", "segv", "c"], jobs=1, seconds=1, memory=256 << 20)
    pids = {x for x in out if isinstance(x, int)}
    assert len(pids) == 3 and os.getpid() not in pids  # a worker, replaced after the timeout and the crash
    assert [x.reason for x in out if isinstance(x, batch.Failed)] == ["timeout", "crashed"]


def test_one_item_runs_here_with_the_limits():
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    assert batch.run(_hostile, ["a"]) == [os.getpid()]  # no fork for one file
    hang = batch.run(_hostile, ["hang"], seconds=1)[0]
    assert hang.reason == "timeout"
    hog = batch.run(_hostile, ["hog"], memory=256 << 20)[0]
    assert hog.reason == "memory"
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # this process's limit given back


def test_workers_are_recycled(monkeypatch):
    monkeypatch.setattr(batch, "RECYCLE_AFTER", 2)
    out = batch.run(_hostile, list("abcdef"), jobs=1, seconds=30, memory=0)
    assert len(set(out)) == 3  # six items, two a worker


def test_defaults_come_from_the_reader_limits():
    from gongkai.readers.limits import override

    with override(file_seconds=1):
        assert batch.run(_hostile, ["hang", "a"], jobs=1, memory=0)[0].reason == "timeout"


def test_check_goes_on_past_every_kind_of_bad_file(tmp_path, corpus_dir):
    """`gongkai check DIR`: a damaged PDF, a ZIP bomb, a gridSpan bomb, a UTF-16 page and a random
    blob among good reports — every file gets its line, the good ones are read, exit 2."""
    import re

    from typer.testing import CliRunner

    from gongkai import interchange, writers
    from gongkai.cli import app

    truth = interchange.read(corpus_dir / "shanghai-gov-office-2019.truth.json")
    (tmp_path / "a-good.txt").write_bytes((corpus_dir / "haining-commerce-2019.txt").read_bytes())
    pdf = (corpus_dir / "hongze-district-2023.pdf").read_bytes()
    (tmp_path / "b-count.pdf").write_bytes(re.sub(rb"/Count\s+\d+", b"/Count 9", pdf))
    (tmp_path / "c-utf16.html").write_bytes(writers.render(truth, "html").decode().encode("utf-16"))
    (tmp_path / "d-random.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(5000))
    docx = writers.render(truth, "docx")
    (tmp_path / "e-span.docx").write_bytes(docx)
    (tmp_path / "f-good.pdf").write_bytes(pdf)
    result = CliRunner().invoke(app, ["check", str(tmp_path), "--brief", "--jobs", "2"])
    lines = result.output.splitlines()
    assert result.exit_code == 2, result.output
    assert sum("b-count.pdf" in ln and "无法读取" in ln and "PDF 第 6 页损坏" in ln for ln in lines) == 1
    assert sum("d-random.pdf" in ln and "无法读取" in ln for ln in lines) == 1
    assert any("c-utf16.html" in ln and "读取 198/198 格" in ln for ln in lines)
    assert any("a-good.txt" in ln and "读取 198/198 格" in ln for ln in lines)
    assert any("f-good.pdf" in ln and "读取 200/200 格" in ln for ln in lines)
    assert "Traceback" not in result.output
