"""The hostile-corpus benchmark, small: a real `newsgraph ingest` over ~200 generated files of
every hostile kind loses no good article, shows no internal error and stays under 1 GB."""

from __future__ import annotations

import importlib.util
import resource

from tests.conftest import ROOT


def test_bench_hostile_small_run(capsys):
    spec = importlib.util.spec_from_file_location("bench_hostile", ROOT / "bench" / "bench_hostile.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    summary = bench.main(["--files", "200"])
    assert summary["files"] >= 200
    assert (summary["internal_errors"], summary["good_lost"], summary["exit_status"]) == (0, 0, 1), summary
    assert summary["good_stored"] == summary["good_written"] > 100
    assert summary["notes"] >= 2  # the long articles were cut, not refused
    # RUSAGE_CHILDREN: the largest child this test process ever had, so an upper bound
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1024 * 1024
