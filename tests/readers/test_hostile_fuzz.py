"""The fuzz harness's fixed sample, in CI: a few hundred seeded inputs from `bench/fuzz_inputs.py`
(mutations of the corpus and of rendered reports, ZIP tampering, span/depth bombs, encodings,
random bytes, nasties), each in a worker process with a memory cap and a timeout, exactly as
``python bench/fuzz_readers.py`` runs 100 000: no uncaught exception, none over 10 s, none over
1 GB.  And the same families as hypothesis strategies, read in this process."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from gongkai import batch
from gongkai.readers import ReaderError, read_bytes

BENCH = Path(__file__).resolve().parents[2] / "bench"
SAMPLE = int(os.environ.get("GONGKAI_FUZZ_SAMPLE", "300"))


def _bench(name: str):
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    cache = Path(os.environ.get("GONGKAI_FUZZ_CACHE", tmp_path_factory.mktemp("fuzz")))
    return _bench("fuzz_inputs").Seeds.build(cache, small=True)


def test_fixed_sample_in_capped_workers(seeds):
    fuzz = _bench("fuzz_readers")
    indexes = list(range(SAMPLE))
    results = batch.run(fuzz.Work(seeds, 0), indexes, jobs=2, seconds=30, memory=2048 << 20)
    failed = [r for r in results if isinstance(r, batch.Failed)]
    assert failed == []  # no timeout, no worker crashed, no memory cap hit
    uncaught = [f"{r.index} {r.label}: {r.code} at {r.frame}: {r.message}" for r in results if r.outcome == "uncaught"]
    assert uncaught == []
    assert [r.label for r in results if r.outcome == "resources"] == []
    assert [f"{r.label} {r.wall:.1f} s" for r in results if r.wall > fuzz.SLOW] == []
    assert [f"{r.label} {r.peak >> 20} MB" for r in results if r.peak > fuzz.BIG] == []
    outcomes = {r.outcome for r in results}
    assert {"read", "refused"} <= outcomes  # the sample exercises both
    families = {r.label.split("/")[0] for r in results}
    assert families == set(_bench("fuzz_inputs").FAMILIES)


def test_families_as_hypothesis_strategies(seeds):
    inputs = _bench("fuzz_inputs")

    @settings(max_examples=80, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(inputs.documents(seeds))
    def read_or_refuse(document):
        label, data = document
        try:
            read_bytes(data, "hyp.bin")
        except ReaderError as e:
            assert str(e).startswith("hyp.bin: "), (label, str(e))

    read_or_refuse()
