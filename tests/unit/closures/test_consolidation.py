"""Consolidating particle network in the Kirchhoff potential of collective diffusion (closures/consolidation.py,
closures/diffusion.py): P_y = P0 (phi/phi0)^n, Pi = B + c N, c = Lambda P0 / phi0^n."""

import numpy as np
import pytest
from scipy.integrate import quad

from dryingsim.closures import diffusion
from dryingsim.closures.consolidation import (
    COMPRESSIVE_TO_SHEAR_YIELD,
    compressive_yield_stress,
    network_coefficient,
    network_number,
)
from dryingsim.closures.diffusion import (
    BOLTZMANN,
    batchelor_sedimentation_hindrance,
    collective_capacity,
    collective_potential,
    solids_fraction_from_potential,
)

PACKING = 0.64
EXPONENT = 4.0
# solids fractions from 0 to within 1e-12 of packing, half of them dense near packing
PHI = np.concatenate((np.linspace(0.0, 0.6, 601), PACKING * (1.0 - np.geomspace(0.05, 1e-12, 400))))


def _old_potential(phi, max_packing):
    """The potential before the network: the Brownian table B interpolated."""
    table_phi, brownian, _ = diffusion._potential_tables(max_packing, EXPONENT)
    return np.interp(np.asarray(phi, dtype=float), table_phi, brownian)


def _old_inverse(potential, max_packing):
    """The inverse before the network, its tail included, written out from B alone."""
    table_phi, table_potential, _ = diffusion._potential_tables(max_packing, EXPONENT)
    potential = np.maximum(np.asarray(potential, dtype=float), 0.0)
    phi = np.interp(potential, table_potential, table_phi)
    gap_end = 1.0 - table_phi[-1] / max_packing
    scale = float(batchelor_sedimentation_hindrance(max_packing)) * max_packing
    tail = max_packing * (1.0 - scale / (potential - table_potential[-1] + scale / gap_end))
    return np.where(potential > table_potential[-1], tail, phi)


def _exact_potential(phi, network):
    """Pi(phi) = int_0^phi K (Ztilde + c n phi'^(n-1)) dphi' by adaptive quadrature."""
    def integrand(x):
        return (1.0 - x) ** 6.55 * (1.0 / (1.0 - x / PACKING) ** 2 + network * EXPONENT * x ** (EXPONENT - 1.0))
    return quad(integrand, 0.0, phi, epsabs=0.0, epsrel=1e-13, limit=200)[0]


def test_no_network_reproduces_the_brownian_potential_bit_for_bit():
    """c = 0 is no network: potential, inverse (tail beyond the table included) and capacity are exactly the
    formulas used before the network was added, bit for bit."""
    phi = np.concatenate((PHI, [-0.1, PACKING, 0.7]))
    for max_packing in (PACKING, 0.6):
        assert np.array_equal(collective_potential(phi, max_packing), _old_potential(phi, max_packing))
        assert np.array_equal(collective_potential(phi, max_packing, 0.0, EXPONENT), _old_potential(phi, max_packing))
        potential = np.concatenate((collective_potential(phi, max_packing), [-1.0, 1e10, 1e13, 1e16]))
        assert np.array_equal(solids_fraction_from_potential(potential, max_packing),
                              _old_inverse(potential, max_packing))
        assert np.array_equal(solids_fraction_from_potential(potential, max_packing, np.zeros((1, 1))),
                              _old_inverse(potential, max_packing)[np.newaxis])
        gap = 1.0 - phi / max_packing
        with np.errstate(divide="ignore"):
            expected = np.maximum(gap**2 / batchelor_sedimentation_hindrance(phi), 1e-16)
            assert np.array_equal(collective_capacity(phi, max_packing), expected)


@pytest.mark.parametrize("network", [0.0, 1e3, 1e7])
def test_potential_and_its_inverse_round_trip(network):
    """phi -> Pi -> phi returns phi to 1e-12: the inverse is that of the same table, up to packing."""
    back = solids_fraction_from_potential(collective_potential(PHI, PACKING, network), PACKING, network)
    assert np.max(np.abs(back - PHI)) < 1e-12


def test_round_trip_with_a_network_coefficient_per_scenario():
    """With c varying across scenarios (batch, 1) the bisection inverse still returns phi to 1e-12, and each row
    equals the single-coefficient inverse of that row."""
    network = np.array([[0.0], [1e3], [1e7], [1e9]])
    phi = np.broadcast_to(PHI, (4, PHI.size))
    potential = collective_potential(phi, PACKING, network)
    back = solids_fraction_from_potential(potential, PACKING, network)
    assert back.shape == phi.shape
    assert np.max(np.abs(back - phi)) < 1e-12
    for row, c in enumerate(network[:, 0]):
        assert np.allclose(back[row], solids_fraction_from_potential(potential[row], PACKING, c), rtol=1e-14, atol=0)


def test_inverse_beyond_the_table_continues_the_asymptote_below_packing():
    """Past the table the inverse follows the Brownian asymptote K(phi_m) phi_m / delta shifted by the bounded
    network part: it stays continuous and increasing and never reaches phi_m, for a per-entry c as well."""
    network = np.array([[0.0], [1e7]])
    table_phi, brownian, unit_network = diffusion._potential_tables(PACKING, EXPONENT)
    end = brownian[-1] + network * unit_network[-1]
    potential = end * (1.0 + np.array([-1e-12, 0.0, 1e-12, 1e-3, 1.0, 1e3]))
    phi = solids_fraction_from_potential(potential, PACKING, network)
    assert np.all(np.diff(phi, axis=1) >= 0.0)
    assert np.all(phi < PACKING)
    assert np.allclose(phi[:, 1], table_phi[-1], rtol=1e-15, atol=0.0)
    assert np.allclose(phi[:, 2], table_phi[-1], rtol=1e-13, atol=0.0)


@pytest.mark.parametrize("network", [0.0, 1e3, 1e7])
def test_capacity_is_the_derivative_of_the_potential(network):
    """dphi/dPi = 1/(K (Ztilde + c n phi^(n-1))) equals the central difference of the exact potential (adaptive
    quadrature) to 1e-5 away from packing; against the piecewise-linear table its slope agrees to 3e-3, the
    table's linear-interpolation accuracy (grid of 4e-4 in phi, 0.37 % steps in the distance to packing)."""
    for phi in (0.1, 0.3, 0.5, 0.6):
        step = 1e-4
        numerical = 2.0 * step / (_exact_potential(phi + step, network) - _exact_potential(phi - step, network))
        assert collective_capacity(phi, PACKING, network) == pytest.approx(numerical, rel=1e-5)
        potential = collective_potential(phi, PACKING, network)
        d_potential = 1e-3 * potential
        table_slope = (solids_fraction_from_potential(potential + d_potential, PACKING, network)
                       - solids_fraction_from_potential(potential - d_potential, PACKING, network)) / (2 * d_potential)
        assert collective_capacity(phi, PACKING, network) == pytest.approx(table_slope, rel=3e-3)


def test_capacity_with_a_network_coefficient_per_scenario():
    """A (batch, 1) network coefficient gives each row the capacity of its own scalar coefficient; the capacity
    stays positive (floored at 1e-16) at packing."""
    network = np.array([[0.0], [1e7]])
    capacity = collective_capacity(PHI, PACKING, network)
    assert capacity.shape == (2, PHI.size)
    for row, c in enumerate(network[:, 0]):
        assert np.array_equal(capacity[row], collective_capacity(PHI, PACKING, c))
    assert np.all(capacity >= 1e-16)


@pytest.mark.parametrize("network", [0.0, 1e3, 1e7, 1e9])
def test_potential_increases_strictly_with_solids_fraction(network):
    """Pi is monotone (K, Ztilde and dP_y/dphi are all positive), so phi(Pi) is single-valued."""
    assert np.all(np.diff(collective_potential(PHI, PACKING, network)) > 0.0)
    potential = np.linspace(0.0, 2.0 * float(collective_potential(0.6, PACKING, network)), 5001)
    assert np.all(np.diff(solids_fraction_from_potential(potential, PACKING, network)) > 0.0)


def test_network_steepens_the_potential_by_the_yield_stress_slope():
    """At phi0 = 0.3 the network adds c n phi0^(n-1) K(phi0) to dPi/dphi: Lambda dP_y/dphi times the hindrance."""
    phi0, step, network = 0.3, 1e-3, 1e5

    def slope(c):
        rise = collective_potential(phi0 + step, PACKING, c) - collective_potential(phi0 - step, PACKING, c)
        return rise / (2 * step)

    added = network * EXPONENT * phi0 ** (EXPONENT - 1.0) * batchelor_sedimentation_hindrance(phi0)
    assert slope(network) - slope(0.0) == pytest.approx(added, rel=1e-5)


def test_yield_stress_is_the_reference_stress_at_the_reference_fraction():
    """P_y(phi0) = P0, and the power law rises as (phi/phi0)^n."""
    assert compressive_yield_stress(0.3, 50.0, 0.3, 4.0) == 50.0
    assert compressive_yield_stress(0.6, 50.0, 0.3, 4.0) == pytest.approx(50.0 * 16.0, rel=1e-15)
    assert compressive_yield_stress(0.0, 50.0, 0.3) == 0.0


def test_network_number_is_particle_volume_over_thermal_energy():
    """Lambda = 4 pi a^3 / (3 k T): for a = 1 um at 298.15 K, 4 pi 1e-18 / (3 k T) [Pa-1]."""
    expected = 4.0 * np.pi * 1e-18 / (3.0 * BOLTZMANN * 298.15)
    assert network_number(1e-6, 298.15) == pytest.approx(expected, rel=1e-12)


def test_network_coefficient_broadcasts_and_vanishes_without_yield_stress():
    """c = Lambda P0 / phi0^n broadcasts like numpy (one value per scenario); P0 = 0 is no network."""
    stress = np.array([[0.0], [50.0]])
    c = network_coefficient(stress, 0.3, 4.0, np.array([1e-6, 5e-6]), 298.15)
    assert c.shape == (2, 2)
    assert np.all(c[0] == 0.0)
    assert c[1, 1] == pytest.approx(network_number(5e-6, 298.15) * 50.0 / 0.3**4, rel=1e-14)
    assert 1e5 < c[1, 1] < 1e9  # the range the potential's tests cover


def test_compressive_to_shear_ratio_is_an_order_of_magnitude():
    """The assumed P_y / tau_y ratio is an order of magnitude above 1 (docstring: assumed, not measured)."""
    assert COMPRESSIVE_TO_SHEAR_YIELD == 10.0


def test_a_coefficient_per_scenario_gives_each_scenario_its_own_numbers_bit_for_bit():
    """Potential, inverse and capacity with one network coefficient per scenario (batch, 1) equal, bit for bit,
    the calls with each scenario's coefficient alone: a batch of scenarios reproduces their single runs."""
    from dryingsim.closures.diffusion import collective_capacity, collective_potential, solids_fraction_from_potential

    phi = np.linspace(0.05, 0.6, 12).reshape(3, 4)
    c = np.array([[0.0], [2.5e6], [7.0e8]])
    potential = collective_potential(phi, 0.64, c)
    for row in range(3):
        alone = collective_potential(phi[row], 0.64, float(c[row, 0]))
        assert np.array_equal(potential[row], alone)
        assert np.array_equal(solids_fraction_from_potential(potential, 0.64, c)[row],
                              solids_fraction_from_potential(alone, 0.64, float(c[row, 0])))
        assert np.array_equal(collective_capacity(phi, 0.64, c)[row],
                              collective_capacity(phi[row], 0.64, float(c[row, 0])))
