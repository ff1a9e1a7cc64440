"""The stress script of benchmarks/ (concurrent `log` writers interleaved with `status` and
`validate` readers, warm compared with cold after every step), run here in a bounded form;
the benchmark runs it in full (`python benchmarks/stress.py`, 200 runs)."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import REPO


def _stress() -> ModuleType:
    spec = importlib.util.spec_from_file_location("stress", REPO / "benchmarks" / "stress.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    not (Path(sys.executable).parent / "mlofte").exists(), reason="no mlofte script beside Python"
)
def test_concurrent_writers_never_make_the_cache_answer_differently() -> None:
    out = io.StringIO()
    found = _stress().stress(runs=1, writers=4, out=out)
    assert out.getvalue().endswith("stress: 1 runs, 0 differences\n"), out.getvalue()
    assert found == 0
