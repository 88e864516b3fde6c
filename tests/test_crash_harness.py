"""The crash harness at a tiny size: it runs, kills, and finds nothing lost. The large run
(`python bench/crash_harness.py --kills 350`, over 1,000 kills) is for the README figure."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).resolve().parents[1] / "bench" / "crash_harness.py"


def _harness():
    spec = importlib.util.spec_from_file_location("crash_harness", HARNESS)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_kills_in_every_mode_lose_and_mix_nothing():
    harness = _harness()
    results = harness.run(kills=2, modes=harness.MODES)
    assert set(results) == {"write", "restore", "backup"}
    for mode, tally in results.items():
        assert tally.kills == 2, mode
        assert tally.ok, (mode, tally.problems)
    assert results["write"].acknowledged > 0  # the child did commit before it was killed
