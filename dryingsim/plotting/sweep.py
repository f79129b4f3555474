"""Figures of a sweep: the response map of an output over two parameters (a process window), and the
Sobol sensitivity bar chart."""

from __future__ import annotations

import os

import numpy as np
import xarray as xr
from matplotlib.figure import Figure
from matplotlib.tri import Triangulation

from dryingsim.errors import SweepError
from dryingsim.plotting.canvas import new_figure, save
from dryingsim.sweeps.store import DONE

DISPLAY_UNITS = {"m": ("um", 1e6, 0.0), "kg/m**2/s": ("g m-2 s-1", 1e3, 0.0), "K": ("degC", 1.0, -273.15),
                 "kg/m**2": ("mg cm-2", 1e2, 0.0)}
"""SI units of parameters shown in the units of the lab: (label, factor, offset)."""


def _label(variable: xr.DataArray) -> str:
    units = variable.attrs.get("units", "1")
    return f"{variable.attrs.get('long_name', variable.name)} [{DISPLAY_UNITS.get(units, (units,))[0]}]"


def _shown(variable: xr.DataArray) -> np.ndarray:
    """Values in their display units."""
    _, factor, offset = DISPLAY_UNITS.get(variable.attrs.get("units", "1"), ("", 1.0, 0.0))
    return variable.values * factor + offset


def plot_response_map(result: xr.Dataset, output: str, x: str, y: str, threshold: float | None = None,
                      path: str | os.PathLike[str] | None = None) -> Figure:
    """``output`` of every finished point over parameters ``x`` and ``y`` (filled contours on the points'
    triangulation, the points marked, failed ones crossed); with ``threshold``, its contour: the edge of
    the process window. Any other parameter must not vary (select those points first, e.g. with
    ``result.where(result.binder == 0.03, drop=True)``)."""
    names = [str(n) for n in result["parameter"].values]
    for name, field in ((x, "x"), (y, "y")):
        if name not in names:
            raise SweepError(field, name, f"a parameter of the sweep: {', '.join(names)}")
    if output not in result.data_vars:
        raise SweepError("output", output, "a variable of the sweep store")
    varying = [n for n in names if n not in (x, y) and np.unique(result[n].values).size > 1]
    if varying:
        raise SweepError("parameters", varying, f"only {x} and {y} varying in a response map",
                         reason="select the points of one value of the others first")
    done = result["status"].values == DONE
    values = result[output].values
    good = done & np.isfinite(values)
    px, py = _shown(result[x]), _shown(result[y])
    fig, ax = new_figure((6.5, 5))
    if good.sum() >= 3:
        triangles = Triangulation(px[good], py[good])
        filled = ax.tricontourf(triangles, values[good], levels=12, cmap="viridis")
        fig.colorbar(filled, ax=ax, label=_label(result[output]))
        if threshold is not None and values[good].min() < threshold < values[good].max():
            line = ax.tricontour(triangles, values[good], levels=[threshold], colors="white", linewidths=2)
            ax.clabel(line, fmt=f"{threshold:g}")
    ax.plot(px[good], py[good], "k.", ms=3, label="points")
    if (~done).any():
        ax.plot(px[~done], py[~done], "rx", ms=5, label="failed or pending")
    ax.set_xlabel(_label(result[x]))
    ax.set_ylabel(_label(result[y]))
    ax.set_title(f"{result.attrs.get('sweep_name', '')}: {output}")
    ax.legend(loc="best", fontsize="small")
    return save(fig, path)


def plot_sensitivity(indices: xr.Dataset, path: str | os.PathLike[str] | None = None) -> Figure:
    """First-order and total Sobol indices of each parameter, with their confidence half-widths."""
    fig, ax = new_figure((6.5, 4))
    names = [str(n) for n in indices["parameter"].values]
    at = np.arange(len(names))
    ax.bar(at - 0.2, indices["S1"], 0.4, yerr=indices["S1_conf"], label="first order S1", capsize=3)
    ax.bar(at + 0.2, indices["ST"], 0.4, yerr=indices["ST_conf"], label="total ST", capsize=3)
    ax.set_xticks(at, names, rotation=20, ha="right")
    ax.set_ylabel("Sobol index [-]")
    ax.set_title(f"sensitivity of {indices.attrs.get('output', '')} "
                 f"({indices.attrs.get('samples_used', '?')} base samples)")
    ax.legend()
    return save(fig, path)
