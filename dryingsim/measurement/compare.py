r"""Comparison with a measured binder profile, like for like (docs/theory/measurement.md, section 5).

The prediction is scraped at the measured layer depths with the measured protocol, and every layer
goes through the virtual TGA, ``replicates`` times (Monte Carlo, seeded). The measured depths are the
gauge's readings of where the cuts actually were, so the virtual cuts scatter about them by the gauge
noise alone (:func:`read_back`): the stroke bias and command rounding are already in the readings. For measured layer
:math:`i` with value :math:`y_i` and standard deviation :math:`s_i`, and virtual measurements of
mean :math:`\mu_i` and standard deviation :math:`\sigma_i`:

.. math::  r_i = y_i - \mu_i, \qquad \mathrm{RMSE} = \sqrt{\overline{r_i^2}}, \qquad
           \chi^2 = \sum_i \frac{r_i^2}{s_i^2 + \sigma_i^2}

and the share of measured points inside the predicted 95 % band (2.5th to 97.5th percentile of
the virtual measurements). A measured layer whose bottom lies within ``FOIL_TOLERANCE`` of the
predicted coating thickness (or deeper, up to ``THICKNESS_MISMATCH`` of it) is scraped down to the
foil; deeper measured layers mean the prediction has the wrong thickness (calender it first).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import xarray as xr

from dryingsim.errors import InputError
from dryingsim.inputs.arguments import check_count, check_seed
from dryingsim.measurement.instrument import AUTO
from dryingsim.measurement.measured import read_measured
from dryingsim.measurement.profile import dry_profile, provenance
from dryingsim.measurement.scraper import ScraperProtocol, load_protocol, scrape
from dryingsim.measurement.tga import TGAMethod, tga
from dryingsim.results.metrics import dry_thickness

FOIL_TOLERANCE = 0.02
"""A measured depth within this share of the predicted thickness of the foil is the foil [-]."""

THICKNESS_MISMATCH = 0.10
"""Measured depths beyond the predicted thickness by more than this share are an error [-]."""

BAND = (2.5, 97.5)
"""Percentiles of the predicted band [%]."""


def compare(
    prediction: xr.Dataset,
    measured: xr.Dataset | str | Path,
    replicates: int = 200,
    seed: int | None = None,
    *,
    protocol: ScraperProtocol | str | Path | None = None,
    method: TGAMethod | str | Path | None = None,
) -> xr.Dataset:
    """Run the virtual scraper and TGA at the measured layers and compare.

    Parameters
    ----------
    prediction : a result of :func:`dryingsim.simulate` or a (calendered) dry profile
    measured : a measured profile (:func:`~dryingsim.measurement.measured.read_measured`) or its CSV path
    replicates : Monte Carlo repetitions of scraping + TGA
    seed : seed of the repetitions; the same seed gives the same numbers
    protocol, method : scraper protocol and TGA method; default: the measured metadata's
        (``scraper``, ``tga_method``), else ``"auto"`` for the TGA

    Returns
    -------
    xarray.Dataset
        Dim ``layer`` (the measured layers): measured value and std, predicted mean, std and band,
        true layer average, residual, and whether the point is inside the band; the covariance of the
        virtual measurements between layers (``layer``, ``other_layer``); attributes ``rmse``,
        ``chi_square``, ``reduced_chi_square``, ``share_inside_band``, ``points``.

    Raises
    ------
    InputError : measured layers deeper than the predicted coating, bad protocol or method
    """
    check_count(replicates, "compare.replicates", 2)
    check_seed(seed, "compare.seed")
    measured = read_measured(measured) if isinstance(measured, (str, Path)) else measured
    profile = dry_profile(prediction)
    protocol = load_protocol(protocol if protocol is not None else measured.attrs["scraper"])
    method = method if method is not None else measured.attrs.get("tga_method", AUTO)
    cuts, layer_index = _cuts(measured, dry_thickness(profile))
    scrape_seed, tga_seed = np.random.SeedSequence(seed).spawn(2)
    layers = scrape(profile, read_back(protocol), replicates=replicates, seed=np.random.default_rng(scrape_seed),
                    cuts=cuts)
    virtual = tga(layers, method, seed=np.random.default_rng(tga_seed), keep_thermograms=False)
    return _statistics(measured, virtual, layer_index, profile, replicates, seed)


def read_back(protocol: ScraperProtocol) -> ScraperProtocol:
    """The instrument as it scraped a measured profile, given the depths it reported.

    A measured depth is the gauge's reading of the actual cut (docs/theory/measurement.md, section 3,
    step 5), so the actual cut lies within the gauge noise of it: no stroke bias, no command rounding (those
    moved the cut before it was read). The lateral variation, the sampled area and the TGA's least mass stay
    the instrument's.
    """
    spread = protocol.gauge_noise
    return dataclasses.replace(protocol, name=f"{protocol.name} (read back from its gauge)", loop="closed",
                               bias=0.0, noise=spread, bound=min(4.0 * spread, 100e-6), resolution=0.0)


def _cuts(measured: xr.Dataset, thickness: float) -> tuple[list[float], np.ndarray]:
    """Cut depths at every measured layer edge above the foil, and the scraped layer of each measured one.

    Measured layers do not overlap, so with a cut at each of their edges every measured layer is
    exactly one scraped layer (gaps between measured layers are scraped but not compared).
    """
    top, bottom = measured["top_depth"].values, measured["bottom_depth"].values
    deepest = float(bottom.max())
    if deepest > thickness * (1 + THICKNESS_MISMATCH):
        raise InputError(
            "measured bottom_depth_um", f"{deepest * 1e6:.4g} um",
            f"depths within the predicted coating ({thickness * 1e6:.4g} um, +{100 * THICKNESS_MISMATCH:g} %)",
            reason="the measured coating is thicker than the prediction: calender or rescale the prediction, "
                   "or check the depth units")
    foil = thickness * (1 - FOIL_TOLERANCE)
    cuts = [float(d) for d in np.unique(np.concatenate([top, bottom])) if 0 < d < foil]
    faces = np.array([0.0, *cuts, thickness])
    first_face = np.array([int(np.argmin(np.abs(faces - min(d, thickness)))) for d in top])
    for row in np.flatnonzero(first_face >= len(faces) - 1):
        raise InputError(f"measured layer {row + 1}", f"{top[row] * 1e6:.4g}-{bottom[row] * 1e6:.4g} um",
                         f"a layer above the predicted foil ({thickness * 1e6:.4g} um)")
    return cuts, first_face


def _statistics(measured: xr.Dataset, virtual: xr.Dataset, layer_index: np.ndarray, profile: xr.Dataset,
                replicates: int, seed: int | None) -> xr.Dataset:
    """Per measured layer: statistics of the virtual measurements of its scraped layer, and the residuals."""
    samples = virtual["tga_binder_mass_fraction"].values[layer_index]  # measured layer, replicate
    truth = virtual["exact_binder_mass_fraction"].values[layer_index]
    mean, std = samples.mean(axis=1), samples.std(axis=1, ddof=1)
    low, high = np.percentile(samples, BAND, axis=1)
    y, s = measured["binder_mass_fraction"].values, measured["binder_mass_fraction_std"].values
    residual = y - mean
    variance = s**2 + std**2
    chi_square = float(np.sum(residual**2 / variance)) if np.all(variance > 0) else float("inf")
    inside = (y >= low) & (y <= high)
    pct = {"units": "percent"}
    return xr.Dataset(
        data_vars={
            "top_depth": measured["top_depth"], "bottom_depth": measured["bottom_depth"],
            "measured": ("layer", y, {**pct, "long_name": "measured binder mass fraction"}),
            "measured_std": ("layer", s, {**pct, "long_name": "standard deviation of the measured value"}),
            "predicted_mean": ("layer", mean, {**pct, "long_name": "mean of the virtual measurements"}),
            "predicted_std": ("layer", std, {**pct, "long_name": "standard deviation of the virtual measurements"}),
            "predicted_low": ("layer", low, {**pct, "long_name": f"{BAND[0]} % percentile of the virtual "
                                             "measurements"}),
            "predicted_high": ("layer", high, {**pct, "long_name": f"{BAND[1]} % percentile of the virtual "
                                               "measurements"}),
            "predicted_exact": ("layer", truth, {**pct, "long_name": "binder mass fraction of the "
                                                           "predicted profile over the layer (error-free)"}),
            "residual": ("layer", residual, {**pct, "long_name": "measured minus predicted mean"}),
            "predicted_covariance": (("layer", "other_layer"), np.atleast_2d(np.cov(samples)),
                                     {"units": "percent2", "long_name": "covariance of the virtual measurements "
                                      "between layers (a shared cut moves both of its layers)"}),
            "inside_band": ("layer", inside, {"long_name": "measured value inside the predicted 95 % band"}),
        },
        coords={"layer": measured["layer"]},
        attrs={
            "title": f"comparison with {measured.attrs.get('sample', 'a measured profile')}",
            **provenance(profile),
            "measurement_dryingsim_version": virtual.attrs["measurement_dryingsim_version"],
            **{f"measured_{key}": str(value) for key, value in measured.attrs.items()},
            "scraper_protocol": virtual.attrs["scraper_protocol"],
            "tga_method": virtual.attrs["tga_method"],
            "replicates": int(replicates),
            "seed": str(seed),
            "points": int(y.size),
            "rmse": float(np.sqrt(np.mean(residual**2))),
            "chi_square": chi_square,
            "reduced_chi_square": chi_square / y.size,
            "share_inside_band": float(inside.mean()),
        },
    )
