"""What a sweep store tells: Sobol sensitivity indices, and a grid design on its own dimensions."""

from __future__ import annotations

import json

import numpy as np
import xarray as xr

from dryingsim.errors import SweepError
from dryingsim.inputs.arguments import check_count
from dryingsim.sweeps.design import unit_problem
from dryingsim.sweeps.spec import Parameter
from dryingsim.sweeps.store import DONE


def _output(result: xr.Dataset, output: str) -> xr.DataArray:
    if output not in result.data_vars or result[output].dims != ("point",):
        allowed = [name for name, v in result.data_vars.items() if v.dims == ("point",) and name != "status"]
        raise SweepError("output", output, f"one of: {', '.join(sorted(allowed))}")
    return result[output]


def sensitivity(result: xr.Dataset, output: str, seed: int = 0) -> xr.Dataset:
    """First-order (S1) and total (ST) Sobol indices of ``output`` for each parameter, with 95 % confidence
    half-widths (bootstrap), from a sweep with a Sobol design.

    The estimators are Saltelli et al. (2010, Comput. Phys. Commun. 181, 259) and Jansen (1999), as in
    SALib's ``sobol.analyze`` (Herman & Usher 2017). A base sample any of whose D + 2 points failed (or
    is not computed yet) is left out as a whole, which keeps the estimators unbiased; ``samples_used``
    says how many remain.

    Raises
    ------
    SweepError : not a Sobol design, an unknown output, or fewer than 2 complete base samples
    """
    from SALib.analyze import sobol

    check_count(seed, "sensitivity.seed", 0)
    if result.attrs.get("design") != "sobol":
        raise SweepError("design", result.attrs.get("design"), "'sobol' (sensitivity needs Saltelli's blocks)")
    values = _output(result, output)
    parameters = tuple(Parameter(p["name"], p["path"], p["units"]) for p in json.loads(result.attrs["parameters"]))
    block = len(parameters) + 2
    y = np.where(result["status"].values == DONE, values.values, np.nan).reshape(-1, block)
    complete = np.all(np.isfinite(y), axis=1)
    if complete.sum() < 2:
        raise SweepError("output", output, "at least 2 base samples whose points all finished",
                         reason=f"{int(complete.sum())} of {len(y)} complete")
    # SALib seeds its bootstrap only for a truthy seed (0 meant fresh entropy every call): seed + 1
    indices = sobol.analyze(unit_problem(parameters), y[complete].ravel(), calc_second_order=False, seed=seed + 1)
    names = [p.name for p in parameters]
    return xr.Dataset(
        {key: ("parameter", np.asarray(indices[key]), {"units": "1", "long_name": text})
         for key, text in (("S1", "first-order Sobol index"), ("ST", "total Sobol index"),
                           ("S1_conf", "95 % confidence half-width of S1"),
                           ("ST_conf", "95 % confidence half-width of ST"))},
        coords={"parameter": names},
        attrs={"output": output, "samples_used": int(complete.sum()), "samples": len(y)})


def to_grid(result: xr.Dataset) -> xr.Dataset:
    """A grid sweep on the grid's dimensions (one per parameter, coordinates its values) instead of ``point``."""
    if result.attrs.get("design") != "grid":
        raise SweepError("design", result.attrs.get("design"), "'grid' (only a grid has axes)")
    names = [str(n) for n in result["parameter"].values]
    index = result["grid_index"].values
    shape = tuple(int(index[:, j].max()) + 1 for j in range(len(names)))
    ordered = result.isel(point=np.argsort(np.ravel_multi_index(tuple(index.T), shape)))
    grid = xr.Dataset(attrs=result.attrs)
    for name, variable in ordered.data_vars.items():
        grid[name] = (tuple(names) + variable.dims[1:], variable.values.reshape(shape + variable.shape[1:]),
                      variable.attrs)
    for j, name in enumerate(names):
        first = [int(np.flatnonzero(index[:, j] == k)[0]) for k in range(shape[j])]
        grid = grid.assign_coords({name: (name, result[name].values[first], result[name].attrs)})
    return grid.assign_coords({k: v for k, v in result.coords.items()
                               if "point" not in v.dims and k != "parameter"})
