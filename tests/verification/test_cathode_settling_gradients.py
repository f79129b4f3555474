"""Settling gradients of the shipped cathodes against Etiemble et al. (2017), J. Mater. Sci. 52, 3576, Table 1.

Slow: each test dries a whole cathode (about 2 min at 50 cells on one core).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import dryingsim
from dryingsim.model import load_scenario

SCENARIOS = Path(__file__).parents[2] / "scenarios"

pytestmark = pytest.mark.slow


def _gradient(name: str, material: str) -> float:
    """Settling gradient [%/um] of ``material`` in the shipped scenario, run at 50 cells (shipped: 100)."""
    scenario = load_scenario(SCENARIOS / f"{name}.toml")
    scenario = dataclasses.replace(scenario, numerics=dataclasses.replace(scenario.numerics, cells=50))
    metrics = dryingsim.metrics(dryingsim.simulate(scenario))
    assert metrics["mass_balance_error"] < 1e-9
    return metrics["settling_gradient_pct_per_um"][material]


def test_nmc_settles_towards_the_foil_at_the_measured_rate():
    """An NMC slurry without a gel lets NMC settle while the film shrinks: the dry cathode holds more NMC
    at the foil than at the top, by 0.05-0.1 %/um in order of magnitude (Etiemble et al. 2017, Table 1: -0.11 %/um
    for sample B, the composition of cathode-nmc.toml, whose liquid viscosity is calibrated to it)."""
    assert -0.15 < _gradient("cathode-nmc", "nmc") < -0.05


def test_lfp_gel_stops_settling():
    """The LFP/CB/PVdF slurry is a gel whose yield stress holds the particles (Y = tau_y / (drho g a)
    above critical), so the dry LFP cathode shows no settling gradient (Etiemble et al. 2017, Table 1 and
    Sec. 4; docs/theory/model.md, section 11: yield stress above critical -> no settling gradient)."""
    assert abs(_gradient("cathode-lfp", "lfp")) < 0.01
