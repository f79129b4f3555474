"""Behaviour pinned while code moves: every shipped scenario at 12 cells, and a batch of 4, give bit for bit
the golden results of tests/data/golden (profiles, fields, metrics, step counts, drying and switch times).

The golden files were written by tests/data/golden/make_golden.py before "the engine's house" moved the
engine into model/, numerics/ and engines/; a change meant to change the numbers rewrites them and says so.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import dryingsim
from dryingsim.results.io import load_result

GOLDEN = Path(__file__).parents[1] / "data" / "golden"
sys.path.insert(0, str(GOLDEN))
import make_golden  # noqa: E402  (the script that wrote the files: one definition of the golden runs)

NUMBERS = ("time_steps", "drying_time", "stage_switch_time")


def assert_bitwise(result: xr.Dataset, golden: xr.Dataset) -> None:
    """Every variable and coordinate equal to the last bit, and the run's counts, times and metrics."""
    assert set(result.variables) == set(golden.variables)
    for name, variable in golden.variables.items():
        np.testing.assert_array_equal(result[name].values, variable.values, err_msg=name)
    for name in (*NUMBERS, *(k for k in golden.attrs if k.startswith("metric_"))):
        assert result.attrs[name] == golden.attrs[name], name


@pytest.mark.parametrize("name", make_golden.shipped())
def test_shipped_scenario_gives_its_golden_result_bit_for_bit(name):
    """A shipped scenario at 12 cells reproduces its golden result exactly (the code moved, the numbers
    did not)."""
    assert_bitwise(dryingsim.simulate(make_golden.coarse(name)), load_result(GOLDEN / f"{name}.nc"))


def test_a_batch_of_four_gives_its_golden_results_bit_for_bit():
    """Four scenarios advanced together as arrays reproduce their golden results exactly."""
    for k, result in enumerate(dryingsim.simulate_many(make_golden.batch_members())):
        assert_bitwise(result, load_result(GOLDEN / f"batch-{k}.nc"))
