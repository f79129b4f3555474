"""Figures of a fit and of a prediction with its band.

Depths in micrometres, increasing downwards (surface at the top, foil at the bottom).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import xarray as xr
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from dryingsim.plotting.canvas import new_figure, save
from dryingsim.plotting.measurement import draw_comparison

if TYPE_CHECKING:
    from dryingsim.calibration.fit import FitResult

UM = 1e6


def plot_fit(fit: FitResult, path: str | os.PathLike[str] | None = None) -> Figure:
    """One panel per measured profile: measured points with error bars, the fitted profile and its
    virtual-measurement band; the fitted values in the figure title."""
    count = len(fit.comparisons)
    fig = Figure(figsize=(5.5 * count, 6.5), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, count, squeeze=False)[0]
    for ax, comparison, profile, scenario in zip(axes, fit.comparisons, fit.profiles, fit.scenarios, strict=True):
        draw_comparison(ax, comparison, profile, label="fitted")
        ax.set_title(f"{scenario.name}\n{ax.get_title()}", fontsize="small")
    values = ", ".join(f"{p.path.rsplit('.', 1)[-1]} = {v:.3g} {p.units}"
                       for p, v in zip(fit.parameters, fit.values, strict=True))
    fig.suptitle(f"fit: {values}; chi2 {fit.chi_square:.3g} for {fit.dof} degrees of freedom", fontsize="medium")
    return save(fig, path)


def plot_prediction(prediction: xr.Dataset, path: str | os.PathLike[str] | None = None) -> Figure:
    """The predicted dry binder profile of the best fit, with the band of the fitted uncertainty."""
    fig, ax = new_figure((6.5, 6))
    depth = prediction["depth"].values * UM
    ax.fill_betweenx(depth, prediction["binder_mass_fraction_low"], prediction["binder_mass_fraction_high"],
                     color="C0", alpha=0.3, lw=0, label=f"band ({prediction.attrs['band']})")
    ax.plot(prediction["binder_mass_fraction"].sel(sample=0), depth, color="C0", label="best fit")
    ax.plot(prediction["binder_mass_fraction_median"], depth, color="C0", ls="--", lw=1, label="median of the draws")
    ax.invert_yaxis()
    ax.set(xlabel="binder mass fraction [%]", ylabel="depth below the dry surface [um]",
           title=f"{prediction.attrs['title']}\nchanges: {prediction.attrs['changes']}")
    ax.legend(loc="best", fontsize="small")
    return save(fig, path)
