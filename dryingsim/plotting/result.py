"""Overview figure of one drying result.

Panels: binder and active-material volume fraction against time and height (the film shrinks, so
the coloured area follows ``H(t)``), thickness ``H(t)``, drying rate ``E(t)`` and film temperature
with the pore emptying stage shaded (and, under a dryer, the zones marked and the air temperature
drawn), and the final dry composition against depth from the surface.
Axis labels come from each variable's ``long_name`` and ``units``.
"""

from __future__ import annotations

import os

import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from dryingsim.results.metrics import ACTIVE_ROLES, BINDER_ROLES, components_with_role, faces_from_centres

LAYOUT = [["binder", "active", "dry"], ["thickness", "rate", "temperature"]]
STAGE_2_SHADE = {"color": "0.85", "zorder": 0, "linewidth": 0}
DISPLAY_UNITS = {"m": ("um", 1e6), "K": ("degC", 1.0)}
"""Stored unit -> (unit shown, factor): film lengths read better in micrometres, temperatures in degC."""
DISPLAY_OFFSETS = {"K": -273.15}


def plot_result(ds: xr.Dataset, path: str | os.PathLike[str] | None = None) -> Figure:
    """Draw the overview figure of a result; save it when ``path`` is given.

    Parameters
    ----------
    ds : the result Dataset of :func:`dryingsim.simulate`
    path : image file to write (format from the suffix), or ``None``

    Returns
    -------
    matplotlib.figure.Figure
        Drawn on the Agg canvas, independent of any pyplot state.
    """
    fig = Figure(figsize=(14, 7), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplot_mosaic(LAYOUT)
    _heat_map(axes["binder"], ds, BINDER_ROLES, "binder volume fraction (latex + dissolved polymer)")
    _heat_map(axes["active"], ds, ACTIVE_ROLES, "active-material volume fraction")
    _time_series(axes["thickness"], ds, "thickness")
    _time_series(axes["rate"], ds, "drying_rate")
    _time_series(axes["temperature"], ds, "film_temperature")
    if "zone_name" in ds:
        _air_temperature(axes["temperature"], ds)
        for name in ("thickness", "rate", "temperature"):
            _mark_zones(axes[name], ds)
    _dry_profiles(axes["dry"], ds)
    fig.suptitle(ds.attrs.get("title", "dryingsim result"))
    if path is not None:
        fig.savefig(path, dpi=150)
    return fig


def label(variable: xr.DataArray, name: str | None = None) -> str:
    """Axis label ``"long name [units]"`` from a variable's attributes, in the displayed unit."""
    long_name = name or variable.attrs.get("long_name", variable.name)
    units = variable.attrs.get("units")
    units = DISPLAY_UNITS.get(units, (units, 1.0))[0]
    return f"{long_name} [{units}]" if units else str(long_name)


def display_values(variable: xr.DataArray) -> np.ndarray:
    """A variable's values in the unit :func:`label` shows (metres as micrometres)."""
    units = variable.attrs.get("units")
    return variable.values * DISPLAY_UNITS.get(units, ("", 1.0))[1] + DISPLAY_OFFSETS.get(units, 0.0)


def _heat_map(ax: Axes, ds: xr.Dataset, roles: tuple[str, ...], title: str) -> None:
    """Summed volume fraction of the components with ``roles`` on the shrinking (time, height) mesh."""
    total = ds["volume_fraction"].sel(component=components_with_role(ds, roles)).sum("component")
    time_edges = _edges(ds["time"].values)
    thickness = np.interp(time_edges, ds["time"].values, display_values(ds["thickness"]))
    height_edges = np.outer(thickness, faces_from_centres(ds["xi"].values))
    mesh = ax.pcolormesh(
        np.broadcast_to(time_edges[:, None], height_edges.shape),
        height_edges,
        total.transpose("time", "xi").values,
        shading="flat",
    )
    ax.figure.colorbar(mesh, ax=ax, label=label(ds["volume_fraction"], title))
    ax.set(xlabel=label(ds["time"]), ylabel=label(ds["height"]), title=title)


def _time_series(ax: Axes, ds: xr.Dataset, name: str) -> None:
    """One variable against time, with stage 2 (pore emptying) shaded."""
    ax.plot(ds["time"].values, display_values(ds[name]), color="C0")
    _shade_stage_2(ax, ds)
    ax.set(xlabel=label(ds["time"]), ylabel=label(ds[name]), title=ds[name].attrs.get("long_name", name))


def _air_temperature(ax: Axes, ds: xr.Dataset) -> None:
    """The air temperature of each zone as steps over the time the web spends in it."""
    edges = np.concatenate([ds["zone_start_time"].values, ds["zone_end_time"].values[-1:]])
    air = display_values(ds["zone_air_temperature"])
    ax.stairs(air, edges, baseline=None, color="C3", linestyle="--", label="air")
    ax.legend(loc="lower right")


def _mark_zones(ax: Axes, ds: xr.Dataset) -> None:
    """A dotted line where the web enters each zone after the first, and the zone names at the top."""
    for start, end, name in zip(ds["zone_start_time"].values, ds["zone_end_time"].values,
                                ds["zone_name"].values, strict=True):
        if start > 0.0:
            ax.axvline(start, color="0.5", linestyle=":", linewidth=1)
        ax.text(0.5 * (start + end), 0.98, str(name), transform=ax.get_xaxis_transform(), ha="center", va="top",
                fontsize="small", color="0.4", clip_on=True)


def _shade_stage_2(ax: Axes, ds: xr.Dataset) -> None:
    """Grey band over every contiguous run of stage-2 samples."""
    edges = _edges(ds["time"].values)
    in_stage_2 = np.concatenate([[False], ds["stage"].values == 2, [False]]).astype(int)
    starts, stops = np.flatnonzero(np.diff(in_stage_2) == 1), np.flatnonzero(np.diff(in_stage_2) == -1)
    for number, (start, stop) in enumerate(zip(starts, stops, strict=True)):
        ax.axvspan(edges[start], edges[stop], label="stage 2" if number == 0 else None, **STAGE_2_SHADE)
    if len(starts):
        ax.legend(loc="best")


def _dry_profiles(ax: Axes, ds: xr.Dataset) -> None:
    """Dry wt % of every component against depth from the surface (depth increasing downwards)."""
    fractions = ds["dry_mass_fraction"]
    for name in ds["component"].values:
        ax.plot(fractions.sel(component=name).values, display_values(ds["depth"]), label=str(name))
    ax.set_ylim(float(display_values(ds["depth_cell_width"]).sum()), 0.0)
    ax.set(xlabel=label(fractions), ylabel=label(ds["depth"]), title="dry coating")
    ax.legend(loc="best")


def _edges(centres: np.ndarray) -> np.ndarray:
    """Cell edges around sample times: the midpoints between samples, and the first and last sample."""
    return np.concatenate([centres[:1], (centres[1:] + centres[:-1]) / 2, centres[-1:]])
