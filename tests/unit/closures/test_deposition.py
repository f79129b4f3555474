"""Binder deposition closures (docs/theory/model.md, eqs. 4.9, 4.10)."""

import numpy as np

from dryingsim.closures.deposition import SET_BAND, mobile_fraction, open_pore_fraction


def test_a_solute_below_its_limit_moves_whole_and_one_at_its_limit_not_at_all():
    """A dilute solution follows the liquid entirely; a gel (or packed latex) does not move (eq. 4.9)."""
    limit = 50.0
    c = np.array([0.0, 10.0, (1.0 - SET_BAND) * limit, limit, 2.0 * limit])
    assert mobile_fraction(c, limit).tolist() == [1.0, 1.0, 1.0, 0.0, 0.0]


def test_mobility_falls_monotonically_and_continuously_through_the_band():
    """The ramp is continuous (lagged coefficients need no jump) and never rises with concentration."""
    c = np.linspace(0.0, 2.0, 2001)
    m = mobile_fraction(c, 1.0)
    assert np.all(np.diff(m) <= 0.0)
    assert np.max(np.abs(np.diff(m))) <= 1e-3 / SET_BAND + 1e-12


def test_pores_filled_with_packed_binder_take_in_no_more():
    """Open share 1 - theta/phi_m: empty pores take everything, pores packed at phi_m nothing (eq. 4.10)."""
    theta = np.array([0.0, 0.3, 0.6, 0.9])
    assert np.allclose(open_pore_fraction(theta, 0.6), [1.0, 0.5, 0.0, 0.0])
