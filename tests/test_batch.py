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
