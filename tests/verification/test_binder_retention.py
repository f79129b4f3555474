"""Binder where real electrodes have it (issue 20): grid convergence, smoothness in the parameters, and no
solver failure over the range of drying conditions engineers use.

The metrics are the ones engineers read: drying time, binder top/bottom, top and bottom binder wt %.
Slow: about 10 minutes on two cores.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

import dryingsim
from dryingsim.model import load_scenario

SCENARIOS = Path(__file__).parents[2] / "scenarios"
METRICS = ("drying_time_s", "binder_top_bottom_ratio", "binder_top_wt_pct", "binder_bottom_wt_pct")

pytestmark = pytest.mark.slow


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def _with(scenario: dryingsim.Scenario, *, cells: int | None = None, rate_scale: float = 1.0,
          thickness_scale: float = 1.0, diffusivity: float | None = None) -> dryingsim.Scenario:
    """The scenario on another grid, with its drying rates, wet thickness or binder diffusivity changed."""
    drying = scenario.drying
    if rate_scale != 1.0:
        drying = dataclasses.replace(drying, rates=tuple(r * rate_scale for r in drying.rates))
    layers = scenario.layers
    if thickness_scale != 1.0:
        layers = tuple(dataclasses.replace(layer, wet_thickness=_scaled(layer.wet_thickness, thickness_scale),
                                           areal_loading=_scaled(layer.areal_loading, thickness_scale))
                       for layer in layers)
    physics = scenario.physics if diffusivity is None else dataclasses.replace(scenario.physics,
                                                                                binder_diffusivity=diffusivity)
    numerics = scenario.numerics if cells is None else dataclasses.replace(scenario.numerics, cells=cells)
    return dataclasses.replace(scenario, drying=drying, layers=layers, physics=physics, numerics=numerics)


def _metrics(scenarios: list[dryingsim.Scenario]) -> np.ndarray:
    results = dryingsim.simulate_many(scenarios, workers=2)
    for result in results:
        assert not isinstance(result, Exception), result
    return np.array([[float(dryingsim.metrics(r)[name]) for name in METRICS] for r in results])


@pytest.mark.parametrize("name", ["anode-medium", "anode-high", pytest.param("cathode-nmc", marks=pytest.mark.xfail(
    strict=True, reason="known miss (issue 20): the NMC cathode's binder top/bottom moves 1.25 % from 50 to 100 "
    "cells (0.74 % from 100 to 200), first order. The stage switch is converged (163.15 s at 50 and 100 cells); "
    "the falling-rate stage is not: a cell holding liquid above front_saturation (0.05) counts as wet to its top, "
    "so where the saturation falls steeply to the front the dry layer is up to one cell too thin"))])
def test_binder_metrics_converge_as_the_cells_double(name):
    """Drying time, binder top/bottom and top and bottom binder wt % move by less than 1 % from 50 to 100 to
    200 cells: no binder ridge one cell wide, no race between gelation and the front that the grid decides."""
    base = load_scenario(SCENARIOS / f"{name}.toml")
    values = _metrics([_with(base, cells=n) for n in (50, 100, 200)])
    change = np.abs(np.diff(values, axis=0)) / np.abs(values[1:])
    assert change.max() < 0.01, dict(zip(METRICS, change.max(axis=0), strict=True))
    assert change[1].max() <= change[0].max() + 1e-3  # the second doubling moves them no more than the first


@pytest.mark.parametrize("name", ["anode-medium", "anode-high"])
def test_binder_metrics_respond_smoothly_to_the_parameters(name):
    """Central differences of every metric with respect to the binder diffusivity, the drying rate and the wet
    thickness agree within 5 % between relative steps of 1e-2 and 1e-3 (wherever the metric responds): the
    model has no threshold that a small change of a parameter crosses."""
    base = _with(load_scenario(SCENARIOS / f"{name}.toml"), cells=50)
    d0 = base.physics.binder_diffusivity
    variants = []
    for h in (1e-2, 1e-3):
        for sign in (1.0, -1.0):
            s = 1.0 + sign * h
            variants += [_with(base, diffusivity=d0 * s), _with(base, rate_scale=s), _with(base, thickness_scale=s)]
    values = _metrics(variants).reshape(2, 2, 3, len(METRICS))  # step, sign, parameter, metric
    slope = (values[:, 0] - values[:, 1]) / (2 * np.array([1e-2, 1e-3]))[:, None, None]
    responds = np.abs(slope[0]) * 1e-3 > 1e-6 * np.abs(values[0, 0])  # the 1e-3 step moves it above round-off
    relative = np.abs(slope[1] - slope[0]) / np.maximum(np.abs(slope[0]), 1e-300)
    assert np.all(relative[responds] < 0.05), relative


ROBUSTNESS = [
    # (scenario, drying rate [kg m-2 s-1], wet-thickness factor, film temperature [K]): the slowest rate on the
    # thinnest film and the fastest on the thickest (the other two pairings only take longer), each cold and hot
    (name, rate, scale, temperature)
    for name in ("anode-medium", "anode-two-layer", "cathode-nmc", "cathode-lfp")
    for rate, scale in ((1e-5, 0.2), (1.5e-2, 2.0))
    for temperature in (293.15, 423.15)
    # known gap (issue 20): the NMC slurry has no yield stress, and over the ~2 h it takes to dry at 0.01 g/m2/s
    # it settles under a clear supernatant whose steps are ~0.15 s (1500 steps reach t = 224 s); not a failure,
    # but hours of CI
    if not (name == "cathode-nmc" and rate < 1e-4)
]

KNOWN_FAILURES = {("cathode-lfp", 1.5e-2, 2.0, 423.15)}
"""Known miss (issue 20, open): the LFP cathode dried at 15 g/m2/s and 150 degC on twice its thickness stops at
t = 25 s, its stage-2 sweeps not converging in 60 (the receding front in 200 nm pores). Listed so that it
stays visible: the test fails if it starts to pass, or if any other case fails."""


def test_no_solver_failure_over_the_range_of_drying_conditions():
    """Every shipped formulation (water and NMP) dries without a solver failure and with no NaN at rates of
    0.01 g/m2/s (on a fifth of the shipped wet thickness) and 15 g/m2/s (on twice it), at 20 and 150 degC,
    on 20 cells; every particle class and polymer is conserved to 1e-9."""
    scenarios = []
    for name, rate, scale, temperature in ROBUSTNESS:
        base = _with(load_scenario(SCENARIOS / f"{name}.toml"), cells=20, thickness_scale=scale)
        drying = dataclasses.replace(base.drying, times=(0.0,), rates=(rate,), temperature=temperature)
        scenarios.append(dataclasses.replace(base, drying=drying,
                                             numerics=dataclasses.replace(base.numerics, max_time_step=200.0)))
    results = dryingsim.simulate_many(scenarios, workers=2)
    failed = {case: str(r)[:200] for case, r in zip(ROBUSTNESS, results, strict=True) if isinstance(r, Exception)}
    assert set(failed) == KNOWN_FAILURES, failed
    for case, result in zip(ROBUSTNESS, results, strict=True):
        if case in KNOWN_FAILURES:
            continue
        assert np.isfinite(result["dry_mass_fraction"]).all(), case
        amount = (result["volume_fraction"] * result["thickness"]).sum("xi").transpose("time", ...).values
        assert np.max(np.abs(amount - amount[0]) / amount[0]) < 1e-9, case  # uniform cells: sum = mean * N
