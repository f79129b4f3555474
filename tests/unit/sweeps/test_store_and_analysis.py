"""The sweep store (status per point, missing values never NaN on disk, refusal of another sweep's store)
and what is computed from it (Sobol indices, grid axes), on outcomes made up so that the answers are known."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
import zarr

from dryingsim.errors import SweepError
from dryingsim.model import Member
from dryingsim.sweeps import load_sweep, sensitivity, to_grid
from dryingsim.sweeps.design import design_points
from dryingsim.sweeps.execute import point_editor
from dryingsim.sweeps.store import DONE, FAILED, FILL_VALUE, PENDING, Layout, create_store, open_status, write_points

GRID = ('[[parameters]]\nname = "rate"\npath = "drying.rate"\nvalues = ["1 g/m^2/s", "2 g/m^2/s", "3 g/m^2/s"]\n'
        '[[parameters]]\nname = "h"\npath = "layers[0].wet_thickness"\nvalues = ["100 um", "200 um"]\n')


def _store(path):
    """Create the empty store of the sweep file at ``path``; return sweep, points and layout."""
    sweep = load_sweep(path)
    base = point_editor(sweep).base_scenario
    member = Member.from_scenario(base)
    layout = Layout(sweep, base, member.formulation.components, member.formulation.component_roles)
    points = design_points(sweep)
    create_store(sweep, points, layout, base, "{}")
    return sweep, points, layout


def _outcome(layout: Layout, value: float) -> dict:
    sizes = layout.sizes()
    return {name: np.full(tuple(sizes[d] for d in dims), value, dtype=dtype)
            for name, (dims, dtype, _) in layout.variables().items()}


def test_points_are_stored_with_their_status_and_error(write_sweep):
    """A finished point holds its values, a failed one its message; missing values read back as NaN but are
    the netCDF fill value on disk, never NaN; the store opens with plain xarray."""
    sweep, points, layout = _store(write_sweep(GRID, extra='keep = ["metrics", "profile"]'))
    outcome = _outcome(layout, 1.25)
    outcome["metric_binder_top_bottom_ratio"] = np.float64(np.nan)  # an undefined ratio (0/0)
    write_points(sweep, layout, [4, 0], ["solver failed at t = 3 s: why", outcome])
    stored = xr.open_dataset(sweep.store, engine="zarr")
    assert list(stored["status"].values) == [DONE, PENDING, PENDING, PENDING, FAILED, PENDING]
    assert stored["error"].values[4] == "solver failed at t = 3 s: why" and stored["error"].values[0] == ""
    assert float(stored["metric_binder_top_wt_pct"][0]) == 1.25
    assert np.isnan(stored["metric_binder_top_wt_pct"][4]) and np.isnan(stored["metric_binder_top_bottom_ratio"][0])
    np.testing.assert_array_equal(stored["rate"].values, points[:, 0])
    assert stored["dry_mass_fraction"].dims == ("point", "relative_depth", "component")
    raw = zarr.open_group(str(sweep.store), mode="r")
    for name in ("metric_binder_top_bottom_ratio", "metric_binder_top_wt_pct", "dry_mass_fraction"):
        values = raw[name][:]
        assert not np.isnan(values).any() and FILL_VALUE in values


def test_a_store_of_another_sweep_is_refused(write_sweep):
    """Resuming into a store written by other points would mix sweeps: it is an error naming the store."""
    sweep, points, _ = _store(write_sweep(GRID))
    assert list(open_status(sweep, points, point_editor(sweep).base_scenario)) == [PENDING] * 6
    other = load_sweep(write_sweep(GRID.replace('"3 g/m^2/s"', '"4 g/m^2/s"')))
    with pytest.raises(SweepError, match="another sweep"):
        open_status(other, design_points(other), point_editor(other).base_scenario)


def test_a_grid_store_takes_the_grid_axes(write_sweep):
    """3 rates x 2 thicknesses: the point dimension becomes (rate, h) with the parameter values as axes."""
    sweep, points, layout = _store(write_sweep(GRID))
    write_points(sweep, layout, list(range(6)), [_outcome(layout, float(i)) for i in range(6)])
    grid = to_grid(xr.open_zarr(sweep.store))
    assert grid["metric_binder_top_wt_pct"].dims == ("rate", "h")
    np.testing.assert_allclose(grid["rate"], [1e-3, 2e-3, 3e-3])
    assert float(grid["metric_binder_top_wt_pct"].sel(rate=2e-3, h=2e-4)) == 3.0


def test_sobol_indices_of_an_additive_response_are_its_variance_shares(write_sweep):
    """For y = 4 u1 + 2 u2 + 0 u3 with u uniform, Var = (16 + 4)/12: S1 = ST = (0.8, 0.2, 0)
    (Sobol 2001, Math. Comput. Simul. 55, 271); a base sample with a failed point is left out whole."""
    body = "".join(f'[[parameters]]\nname = "u{i}"\npath = "{path}"\nrange = [0.0, 1.0]\n' for i, path in
                   enumerate(["physics.front_saturation", "physics.latex_bound_fraction",
                              "physics.critical_yield_number"]))
    sweep, points, layout = _store(write_sweep(body, design="sobol", extra="samples = 1024\nseed = 2"))
    outcomes = []
    for u in points:
        outcome = _outcome(layout, 0.0)
        outcome["metric_binder_top_bottom_ratio"] = np.float64(4 * u[0] + 2 * u[1])
        outcomes.append(outcome)
    outcomes[7] = "failed"
    write_points(sweep, layout, list(range(len(points))), outcomes)
    indices = sensitivity(xr.open_zarr(sweep.store), "metric_binder_top_bottom_ratio")
    assert indices.attrs["samples_used"] == 1023
    np.testing.assert_allclose(indices["S1"], [0.8, 0.2, 0.0], atol=0.05)
    np.testing.assert_allclose(indices["ST"], [0.8, 0.2, 0.0], atol=0.05)


def test_the_response_map_draws_the_threshold_contour_in_lab_units(write_sweep, tmp_path):
    """The map of a 3 x 2 grid shows rates in g m-2 s-1 and thicknesses in um, with the 2.5 contour of an
    output rising from 0 to 5 across the points; a third varying parameter is refused (it would fold
    different points onto one spot)."""
    from dryingsim.plotting import plot_response_map

    sweep, points, layout = _store(write_sweep(GRID))
    write_points(sweep, layout, list(range(6)), [_outcome(layout, float(i)) for i in range(6)])
    result = xr.open_zarr(sweep.store)
    figure = plot_response_map(result, "metric_binder_top_wt_pct", "rate", "h", threshold=2.5,
                               path=tmp_path / "map.png")
    axes = figure.axes[0]
    assert "g m-2 s-1" in axes.get_xlabel() and "[um]" in axes.get_ylabel()
    assert axes.get_xlim()[1] == pytest.approx(3.0) and (tmp_path / "map.png").stat().st_size > 0
    assert any(len(c.get_paths()) for c in axes.collections[1:])  # the threshold contour exists
    binder = '[[parameters]]\nname = "sbr"\npath = "layers[0].components[2].mass_fraction"\nvalues = [0.03, 0.04]\n'
    (tmp_path / "three").mkdir()
    three, _, _ = _store(write_sweep(GRID + binder).rename(tmp_path / "three" / "sweep.toml"))
    with pytest.raises(SweepError, match="only rate and h"):
        plot_response_map(xr.open_zarr(three.store), "metric_binder_top_wt_pct", "rate", "h")
