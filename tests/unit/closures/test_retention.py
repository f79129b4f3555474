"""Closures that hold binder back (docs/theory/model.md, eqs. 3.13 and 4.9-4.11) and the capillary retention
curve with residual saturation (eqs. 4.2, 4.4) and the front wetness (eq. 4.6): smooth, with the limits
their sources give."""

from __future__ import annotations

import numpy as np
import pytest

from dryingsim.closures.capillarity import RESIDUAL_RELEASE, relative_permeability, retention_curve
from dryingsim.closures.evaporation import front_wetness
from dryingsim.closures.retention import (
    adsorbed_per_volume,
    deposition_rate,
    gel_mobility,
    happel_parameter,
    pore_uptake,
    specific_surface,
)


def test_gel_mobility_is_one_dilute_half_at_the_gel_concentration_and_falls_as_a_power():
    """The liquid carries all of a dilute polymer, half at c_g, and a share falling as c^-n in the network."""
    m = gel_mobility(np.array([0.0, 10.0, 100.0]), 10.0, exponent=3.75)
    assert m[0] == 1.0 and m[1] == pytest.approx(0.5)
    assert m[2] == pytest.approx(1.0 / (1.0 + 10.0**3.75))


def test_gel_mobility_has_no_threshold():
    """A 1e-3 relative change of the concentration moves the mobility by at most ~1e-3 relative (smooth)."""
    c = np.linspace(1.0, 100.0, 2000)
    m, shifted = gel_mobility(c, 18.0), gel_mobility(c * 1.001, 18.0)
    assert np.max(np.abs(shifted - m) / m) < 5e-3


def test_pore_uptake_is_c1_and_zero_in_filled_pores():
    """Pores take in everything when empty of binder, nothing when filled at phi_m, with a zero slope there."""
    theta = np.array([0.0, 0.3, 0.6, 0.7])
    assert pore_uptake(theta, 0.6).tolist() == pytest.approx([1.0, 0.25, 0.0, 0.0])
    slope = (pore_uptake(0.6 - 1e-6, 0.6) - pore_uptake(0.6 - 2e-6, 0.6)) / 1e-6
    assert abs(slope) < 1e-4


def test_henry_adsorption_scales_with_the_particle_surface():
    """Adsorbed polymer per concentration is K_H times the surface 3 phi / r of the spheres."""
    surface = specific_surface(0.5, 5e-6)
    assert surface == pytest.approx(3e5)
    assert adsorbed_per_volume(surface, 1e-7) == pytest.approx(0.03)


def test_happel_parameter_limits():
    """A_s -> 1 for a dilute bed (gamma -> 0) and grows in dense beds (Happel 1958)."""
    assert happel_parameter(1.0 - 1e-9) == pytest.approx(1.0, rel=2e-3)
    assert happel_parameter(0.4) > 30.0


def test_deposition_rate_bridges_still_liquid_and_levich_limits():
    """Without flow the Sherwood number is 2; at high Peclet it is 1.01 (A_s Pe)^(1/3) (Levich-Happel), and the
    rate is proportional to the attachment efficiency."""
    eps, d_c, diff = 0.4, 10e-6, 2e-12
    still = deposition_rate(eps, d_c, diff, 0.0, 1.0)
    assert still == pytest.approx(6 * (1 - eps) / (d_c * eps) * diff * 2.0 / d_c)
    fast = deposition_rate(eps, d_c, diff, 1e-3, 1.0)
    peclet = 1e-3 * d_c / diff
    levich = 6 * (1 - eps) / (d_c * eps) * diff * 1.01 * (happel_parameter(eps) * peclet) ** (1 / 3) / d_c
    assert fast == pytest.approx(levich, rel=1e-3)
    assert deposition_rate(eps, d_c, diff, 1e-3, 1e-3) == pytest.approx(1e-3 * fast)


@pytest.mark.parametrize("residual", [0.0, 0.1])
def test_retention_curve_capacity_is_minus_its_derivative(residual):
    """The capacity returned is -dS/dp_c, so the modified Picard storage is exact at convergence."""
    p = np.geomspace(1e2, 1e8, 400)
    s, capacity = retention_curve(p, 1e4, 2.0, residual)
    h = p * 1e-6
    numeric = -(retention_curve(p + h, 1e4, 2.0, residual)[0] - retention_curve(p - h, 1e4, 2.0, residual)[0]) / (2 * h)
    np.testing.assert_allclose(capacity, numeric, rtol=1e-5, atol=1e-12)  # S near 1: round-off of the difference


def test_retention_curve_is_full_below_entry_keeps_residual_and_drains_at_high_pressure():
    """Full pores at p_c = 0, Brooks-Corey (p_b/p_c)^lambda well above entry, the residual saturation held up to
    several entry pressures, and everything gone far above the release pressure."""
    p_b, s_r = 1e4, 0.1
    s = retention_curve(np.array([0.0, 4 * p_b, 1e3 * RESIDUAL_RELEASE * p_b]), p_b, 2.0, s_r)[0]
    assert s[0] == 1.0
    assert s[1] == pytest.approx(s_r + (1 - s_r) * 4.0**-2, rel=0.02)
    assert s[2] < 1e-6
    assert np.all(np.diff(retention_curve(np.geomspace(1.0, 1e9, 500), p_b, 2.0, s_r)[0]) < 0.0)


def test_relative_permeability_vanishes_at_the_residual_saturation():
    """The residual liquid does not flow; full pores have k_r = 1 (Burdine-Brooks-Corey)."""
    k = relative_permeability(np.array([0.05, 0.1, 1.0]), 2.0, 0.1)
    assert k.tolist() == [0.0, 0.0, 1.0]


def test_front_wetness_is_c1_at_the_front_saturation():
    """w = 1 at and above S_f, 0 in a dry cell, with a continuous slope at S_f (no jump as the front enters)."""
    assert front_wetness(np.array([0.0, 0.05, 0.5]), 0.05).tolist() == [0.0, 1.0, 1.0]
    below = (front_wetness(0.05, 0.05) - front_wetness(0.05 - 1e-7, 0.05)) / 1e-7
    assert abs(below) < 1e-4
