"""Sweep designs: the points each design must give (counts, order, strata, bounds)."""

from __future__ import annotations

import numpy as np

from dryingsim.sweeps import load_sweep
from dryingsim.sweeps.design import design_points


def _range(name: str, low: str, high: str, extra: str = "") -> str:
    return f'[[parameters]]\nname = "{name}"\npath = "{name}"\nrange = ["{low}", "{high}"]\n{extra}\n'


def test_a_grid_is_the_full_product_in_c_order_with_log_steps(write_sweep):
    """3 log-spaced rates x 2 thicknesses: 6 points, the last parameter varying fastest, and log steps
    multiply by a constant factor (here 3)."""
    body = (_range("drying.rate", "1 g/m^2/s", "9 g/m^2/s", 'steps = 3\nscale = "log"')
            + '[[parameters]]\nname = "h"\npath = "layers[0].wet_thickness"\nvalues = ["100 um", "200 um"]\n')
    points = design_points(load_sweep(write_sweep(body.replace('name = "drying.rate"', 'name = "rate"'))))
    np.testing.assert_allclose(points[:, 0], [1e-3, 1e-3, 3e-3, 3e-3, 9e-3, 9e-3], rtol=1e-14)
    np.testing.assert_allclose(points[:, 1], [1e-4, 2e-4] * 3)


def test_a_latin_hypercube_puts_one_point_in_every_stratum(write_sweep):
    """McKay, Beckman & Conover (1979), Technometrics 21, 239: with n points, each parameter's range cut
    into n equal strata holds exactly one point."""
    body = (_range("drying.rate", "1 g/m^2/s", "3 g/m^2/s").replace('name = "drying.rate"', 'name = "rate"')
            + _range("rheology.liquid_viscosity", "0.05 Pa*s", "0.2 Pa*s").replace(
                'name = "rheology.liquid_viscosity"', 'name = "mu"'))
    points = design_points(load_sweep(write_sweep(body, design="latin_hypercube", extra="samples = 20\nseed = 4")))
    for j, (low, high) in enumerate([(1e-3, 3e-3), (0.05, 0.2)]):
        strata = np.floor((points[:, j] - low) / (high - low) * 20).astype(int)
        assert sorted(strata) == list(range(20))


def test_a_sobol_design_has_saltelli_blocks_inside_the_ranges(write_sweep):
    """Saltelli's scheme without second order: N (D + 2) points (Saltelli et al. 2010), all in range."""
    body = "".join(_range(path, *bounds).replace(f'name = "{path}"', f'name = "p{i}"') for i, (path, bounds) in
                   enumerate([("drying.rate", ("1 g/m^2/s", "3 g/m^2/s")),
                              ("physics.brooks_corey_lambda", ("1", "4")),
                              ("physics.max_packing", ("0.55", "0.64"))]))
    points = design_points(load_sweep(write_sweep(body, design="sobol", extra="samples = 8")))
    assert points.shape == (8 * 5, 3)
    assert np.all(points.min(axis=0) >= [1e-3, 1.0, 0.55]) and np.all(points.max(axis=0) <= [3e-3, 4.0, 0.64])
