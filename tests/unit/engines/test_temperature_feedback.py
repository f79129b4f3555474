"""The film temperature feeds back into the transport properties the closures use (docs/theory/model.md, eq. 5.7)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dryingsim.model import DryingProblem, load_scenario

SCENARIOS = Path(__file__).parents[3] / "scenarios"


@pytest.fixture(scope="module")
def anode() -> DryingProblem:
    return DryingProblem.from_scenario(load_scenario(SCENARIOS / "anode-medium.toml"))


def test_liquid_viscosity_follows_the_water_viscosity(anode):
    """At 50 degC the liquid viscosity is the 25 degC value times mu_water(50)/mu_water(25) = 547.0/890.0
    (IAPWS 2008, Huber et al. 2009, J. Phys. Chem. Ref. Data 38, 101), within the 1 % of the correlation."""
    warm = anode.at_temperature(323.15)
    assert anode.viscosity == pytest.approx(0.1)
    assert warm.viscosity / anode.viscosity == pytest.approx(547.0 / 890.0, rel=0.01)


def test_diffusivities_follow_stokes_einstein(anode):
    """D ~ k_B T / (6 pi mu a): Brownian and polymer diffusivities scale as T / mu (Einstein 1905)."""
    warm = anode.at_temperature(323.15)
    expected = 323.15 / 298.15 * (anode.viscosity / warm.viscosity).item()
    np.testing.assert_allclose(warm.brownian_diffusivity / anode.brownian_diffusivity, expected, rtol=1e-12)
    np.testing.assert_allclose(warm.polymer_diffusivity / anode.polymer_diffusivity, expected, rtol=1e-12)


def test_capillary_entry_pressure_follows_the_surface_tension(anode):
    """p_b ~ sigma (Leverett scaling, eq. 4.4); water's sigma falls from 71.97 to 67.94 mN/m between 25 and
    50 degC (IAPWS 2014)."""
    porosity, diameter = np.array([0.4]), np.array([10e-6])
    cold = anode.capillary_properties(porosity, diameter)[1]
    warm = anode.at_temperature(323.15).capillary_properties(porosity, diameter)[1]
    assert warm / cold == pytest.approx(67.94 / 71.97, rel=2e-3)


def test_receding_front_vapour_diffusion_is_faster_when_warm(anode):
    """The vapour diffusivity in air (Massman 1998: T^1.81) and the saturated vapour density (Clausius-Clapeyron)
    grow with T, so at the same imposed rate a front at the same depth loses less of it in a warmer film (eq. 4.7)."""
    saturation = np.r_[np.ones(9), 0.0][np.newaxis]  # (batch, cell)
    porosity = np.full((1, 10), 0.4)
    depth = np.linspace(90e-6, 0.0, 10)[np.newaxis]
    start = np.zeros((1, 1))
    cell = np.full((1, 1), 10e-6)
    cold = anode.front_evaporation(start, saturation, porosity, depth, cell).sum()
    warm = anode.at_temperature(313.15).front_evaporation(start, saturation, porosity, depth, cell).sum()
    assert warm > cold


def test_the_same_problem_at_its_own_temperature_is_itself(anode):
    """at_temperature at the current temperature returns the very same problem (no recomputation)."""
    assert anode.at_temperature(anode.temperature) is anode
