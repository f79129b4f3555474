"""Figures of the virtual measurement: comparison overlay, thermograms, scraper depth errors.

Depths are shown in micrometres, increasing downwards (surface at the top, foil at the bottom),
temperatures in degC.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

import numpy as np
import xarray as xr
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from dryingsim.measurement.profile import dry_profile
from dryingsim.plotting.canvas import new_figure, save
from dryingsim.results.metrics import binder_components, depth_faces

UM = 1e6
KELVIN_OFFSET = 273.15


def plot_comparison(comparison: xr.Dataset, prediction: xr.Dataset | None = None,
                    path: str | os.PathLike[str] | None = None) -> Figure:
    """Measured binder wt % against the predicted profile and its virtual-measurement band.

    Parameters
    ----------
    comparison : the Dataset of :func:`dryingsim.compare`
    prediction : the result or profile that was compared, to draw its true binder profile too
    path : image file to write, or ``None``
    """
    fig, ax = new_figure((6.5, 6))
    draw_comparison(ax, comparison, prediction)
    return save(fig, path)


def draw_comparison(ax: Axes, comparison: xr.Dataset, prediction: xr.Dataset | None = None,
                    label: str = "predicted") -> None:
    """The comparison overlay on ``ax``: virtual-measurement band and mean per layer, measured points with
    error bars (the measurement's standard deviation, or the instrument's when the file gives none)."""
    top, bottom = comparison["top_depth"].values * UM, comparison["bottom_depth"].values * UM
    if prediction is not None:
        depth, binder = _binder_profile(dry_profile(prediction))
        ax.plot(binder, depth, color="0.4", lw=1, label=f"{label} profile (true)")
    for i, (a, b) in enumerate(zip(top, bottom, strict=True)):
        ax.fill_betweenx([a, b], comparison["predicted_low"].values[i], comparison["predicted_high"].values[i],
                         color="C0", alpha=0.25, lw=0, label="virtual measurement, 95 % band" if i == 0 else None)
        ax.plot([comparison["predicted_mean"].values[i]] * 2, [a, b], color="C0",
                label="virtual measurement, mean" if i == 0 else None)
    measured_std = comparison["measured_std"].values
    given = bool(np.any(measured_std > 0))
    ax.errorbar(comparison["measured"].values, 0.5 * (top + bottom),
                xerr=measured_std if given else comparison["predicted_std"].values, yerr=0.5 * (bottom - top),
                fmt="o", color="C3", capsize=2, label="measured" if given else "measured (bars: instrument sd)")
    ax.invert_yaxis()
    ax.set(xlabel="binder mass fraction [%]", ylabel="depth below the surface [um]",
           title=f"{comparison.attrs.get('title', 'comparison')}\nRMSE {comparison.attrs['rmse']:.3g} %, "
                 f"reduced chi2 {comparison.attrs['reduced_chi_square']:.3g}, "
                 f"{100 * comparison.attrs['share_inside_band']:.0f} % inside band")
    ax.legend(loc="best", fontsize="small")


def plot_thermograms(virtual: xr.Dataset, layers: Sequence[int] | None = None, replicate: int = 0,
                     path: str | os.PathLike[str] | None = None) -> Figure:
    """Thermograms (mass % against temperature) of chosen layers, with the binder read-out window.

    Parameters
    ----------
    virtual : the Dataset of :func:`dryingsim.tga` (with thermograms kept)
    layers : layer numbers to draw (default: the first, a middle and the last)
    replicate : which replicate to draw
    """
    fig, ax = new_figure((7, 5))
    numbers = virtual["layer"].values
    chosen = layers if layers is not None else sorted({int(numbers[0]), int(numbers[len(numbers) // 2]),
                                                       int(numbers[-1])})
    celsius = virtual["temperature"].values - KELVIN_OFFSET
    for number in chosen:
        one = virtual.sel(layer=number).isel(replicate=replicate)
        ax.plot(celsius, one["tga_mass_percent"].values,
                label=f"layer {number}: {one['tga_binder_mass_fraction'].item():.2f} wt% binder")
    method = json.loads(virtual.attrs["tga_method"])
    ax.axvspan(method["window_low"] - KELVIN_OFFSET, method["window_high"] - KELVIN_OFFSET, color="0.9", zorder=0,
               label="binder read-out window")
    ax.set(xlabel="temperature [degC]", ylabel="mass [% of the loaded sample]",
           title=f"virtual TGA ({method['name']}, {method['atmosphere']})")
    ax.legend(loc="best", fontsize="small")
    return save(fig, path)


def plot_depth_errors(layers: xr.Dataset, path: str | os.PathLike[str] | None = None) -> Figure:
    """Scraper depth errors: their spread at each target depth, and the first stroke's histogram."""
    fig = Figure(figsize=(11, 4.5), layout="constrained")
    FigureCanvasAgg(fig)
    by_depth, first = fig.subplots(1, 2)
    inner = layers.isel(layer=slice(0, -1))  # the last layer ends at the foil: no error
    errors = inner["depth_error"].values * UM
    target = inner["target_bottom_depth"].values * UM
    if errors.size:
        by_depth.boxplot(errors.T, positions=target, widths=0.4 * np.min(np.diff(target), initial=target[0]),
                         manage_ticks=False)
        first.hist(errors[0], bins=40, color="C0")
    by_depth.axhline(0.0, color="0.5", lw=0.8)
    protocol = json.loads(layers.attrs["scraper_protocol"])
    by_depth.set(xlabel="target cut depth [um]", ylabel="actual - target depth [um]",
                 title=f"{protocol['name']} ({protocol['loop']} loop), {layers.sizes['replicate']} replicates")
    first.set(xlabel="depth error of the first cut [um]", ylabel="replicates", title="first stroke")
    return save(fig, path)


def _binder_profile(profile: xr.Dataset) -> tuple[np.ndarray, np.ndarray]:
    """Depth [um] and binder wt % per cell, as a step line from the surface to the foil."""
    mass = profile["mass_per_area"]
    binder = 100 * mass.sel(component=binder_components(profile)).sum("component") / mass.sum("component")
    faces = depth_faces(profile) * UM
    return np.repeat(faces, 2)[1:-1], np.repeat(binder.values, 2)
