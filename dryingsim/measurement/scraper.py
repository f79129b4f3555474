r"""The virtual scraper: a dry coating cut into layers the way a scraping instrument cuts it.

Error model (docs/theory/measurement.md, section 3), per stroke :math:`j` with commanded depth :math:`c_j`
(the target rounded to the command resolution):

.. math::  e_j = b + \epsilon_j,\quad \epsilon_j \sim \mathcal N(0, \sigma^2)
           \text{ truncated so that } |e_j| \le e_{max}

- closed loop (laser gauge, absolute targets): :math:`d_j = c_j + e_j`;
- open loop (each stroke removes a commanded increment, errors accumulate):
  :math:`d_j = c_j + \sum_{i \le j} e_i`.

Cut depths never go back up (a blade cannot restore material) and stay between the surface and the
foil; the last stroke always goes down to the foil. The blade cuts a plane, but the coating surface
height varies across the sampled strip (standard deviation :math:`\sigma_{lat}`), so at lateral
position :math:`x` the cut lies at depth :math:`d_j + h(x)` below the local surface: a layer's
material is the profile's cumulative mass averaged over :math:`h \sim \mathcal N(0, \sigma_{lat}^2)`
(Gauss-Hermite quadrature), clipped to the coating. Layer masses telescope, so they add up to the
coating's mass exactly. The gauge reports each cut depth with its own noise
:math:`\mathcal N(0, \sigma_g^2)`.

Presets: ``leps2000`` after the IEST LEPS2000 validation (IEST 2026 application note, Table 1) and ``manual-blade``
(assumed values). A user preset is a TOML file with a ``[scraper]`` table (see
docs/user-guide/measurement.md). The scraper is the entry :data:`SCRAPER` of the instrument contract
(:mod:`dryingsim.measurement.instrument`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import xarray as xr
from scipy.stats import truncnorm

from dryingsim.errors import InputError
from dryingsim.inputs.arguments import check_count, check_seed
from dryingsim.inputs.presets import si_value
from dryingsim.inputs.rules import Rule, check_value
from dryingsim.measurement.instrument import Instrument, load_settings, sample_provenance, settings_provenance
from dryingsim.measurement.profile import cumulative_mass, dry_profile
from dryingsim.results.metrics import binder_components, dry_thickness

LATERAL_QUADRATURE_POINTS = 41
"""Gauss-Hermite nodes for the average over the surface-height distribution (exact to ~1e-12)."""


@dataclass(frozen=True)
class ScraperProtocol:
    """A scraping instrument and how it is used: error model, sampled area, layer cuts (SI units).

    loop : ``"closed"`` (gauge-checked absolute targets) or ``"open"`` (errors accumulate)
    bias : mean deviation of a cut from its commanded depth, actual - commanded [m]
    noise : standard deviation of that deviation before truncation [m]
    bound : no deviation is larger than this [m]
    resolution : step of the commanded depth [m]; 0 means continuous
    lateral_variation : standard deviation of the surface height across the sampled strip [m]
    gauge_noise : standard deviation of one depth reading of the gauge [m]
    sample_width, stroke_length : blade width and stroke length; their product is the sampled area [m]
    min_tga_mass : least powder a TGA run needs [kg]; lighter layers are flagged
    step : fixed layer thickness [m], or ``None`` when ``cuts`` are given
    cuts : explicit target depths of the cuts above the foil [m], increasing
    source : where the numbers come from
    """

    name: str
    loop: Literal["closed", "open"]
    bias: float
    noise: float
    bound: float
    resolution: float
    lateral_variation: float
    gauge_noise: float
    sample_width: float
    stroke_length: float
    min_tga_mass: float
    step: float | None = None
    cuts: tuple[float, ...] | None = None
    source: str = ""

    @property
    def sample_area(self) -> float:
        """Sampled area of one layer [m2]."""
        return self.sample_width * self.stroke_length


RULES: dict[str, Rule] = {
    "bias": Rule("length", -20e-6, 20e-6),
    "noise": Rule("length", 0.0, 50e-6),
    "bound": Rule("length", 0.0, 100e-6),
    "resolution": Rule("length", 0.0, 20e-6),
    "lateral_variation": Rule("length", 0.0, 50e-6),
    "gauge_noise": Rule("length", 0.0, 20e-6),
    "sample_width": Rule("length", 1e-3, 0.3),
    "stroke_length": Rule("length", 1e-3, 1.0),
    "min_tga_mass": Rule("mass", 0.0, 1e-3),
    "step": Rule("length", 0.0, 1e-3, low_open=True, optional=True),
}
"""Numeric fields of a protocol: kind of unit and allowed range (SI)."""

LOOPS = ("closed", "open")

_IEST_2026 = (
    "IEST, 'Quantifying longitudinal binder distribution in battery electrodes: high-precision layer "
    "profiling via automated electrode powder scraping system' (2026), LEPS2000"
)
_MIN_TGA_MASS = "assumed: 5 mg, the lower end of the 5-20 mg sample masses commonly run in TGA"

PRESETS: dict[str, ScraperProtocol] = {
    "leps2000": ScraperProtocol(
        name="leps2000", loop="closed",
        bias=-0.38e-6, noise=0.27e-6, bound=2.0e-6, resolution=1.0e-6,
        lateral_variation=1.0e-6, gauge_noise=0.2e-6,
        sample_width=40e-3, stroke_length=200e-3, min_tga_mass=5e-6,
        source=(
            f"{_IEST_2026}. Table 1 (five anode formulations, 10 um target): mean errors -0.3, -0.5, -0.2, "
            "-0.7, -0.2 um -> bias = their mean -0.38 um; COV 2.7, 1.3, 3.6, 0.8, 4.1 % of the removed "
            "depth -> noise = their root mean square 2.8 % of 9.6 um = 0.27 um; bound = the +-2 um "
            "specification; resolution = the 1 um step resolution (feature table); closed loop = the "
            "in-situ laser thickness measurement; sample width 40 mm and stroke 200 mm = one of the "
            "blade widths (20/40/55 mm) and stroke ranges (200/500/700 mm) listed. Assumed: "
            "lateral_variation 1 um (the laser profiles of Fig. 4 are called 'excellent uniformity'; "
            "no number given) and gauge_noise 0.2 um (laser gauge repeatability, not given); "
            + _MIN_TGA_MASS
        ),
    ),
    "manual-blade": ScraperProtocol(
        name="manual-blade", loop="open",
        bias=0.0, noise=3.0e-6, bound=10e-6, resolution=5e-6,
        lateral_variation=4.0e-6, gauge_noise=1.0e-6,
        sample_width=20e-3, stroke_length=100e-3, min_tga_mass=5e-6,
        source=(
            "assumed throughout: the IEST (2026) application note reports that manual doctor-blade scraping "
            "has 'profound depth errors', 'surface gouging' and 'inconsistent tool pressures' but gives no "
            "numbers. Taken: each stroke removes its commanded increment +-3 um (sd), truncated at 10 um, errors "
            "accumulating (open loop); blade set in 5 um steps; 4 um surface-height variation under an "
            "unevenly pressed blade; depth read with a 1 um digital micrometer (the note's validation "
            "used digital micrometers); 20 mm x 100 mm strip; " + _MIN_TGA_MASS
        ),
    ),
}
"""Built-in scraper presets by name; every value is sourced or marked as assumed in ``source``."""


def _check_consistent(protocol: ScraperProtocol) -> None:
    """Relations between fields that single ranges cannot check: a known loop, ``|bias| <= bound``, the layers
    given by a step or by cuts, not both."""
    if protocol.loop not in LOOPS:
        raise InputError("scraper.loop", protocol.loop, " or ".join(LOOPS))
    if abs(protocol.bias) > protocol.bound:
        raise InputError("scraper.bias", protocol.bias, f"|bias| <= bound ({protocol.bound:g} m)")
    if protocol.step is not None and protocol.cuts is not None:
        raise InputError("scraper", {"step": protocol.step, "cuts": protocol.cuts}, "either step or cuts, not both")


def _length(value: float | str, field: str, rule: Rule) -> float:
    """A length given in SI or as text with units, checked against ``rule``."""
    si = si_value(value, field, "length")
    check_value(si, field, rule, InputError)
    return si


def _cut_depths(cuts: list[float | str] | tuple[float | str, ...], field: str) -> tuple[float, ...]:
    """Explicit cut depths: lengths > 0, strictly increasing; none means one layer down to the foil."""
    if isinstance(cuts, (str, bytes)):
        raise InputError(field, cuts, "a list of depths, e.g. ['10 um', '25 um']")
    depths = tuple(_length(c, f"{field}[{i}]", Rule("length", 0.0, 1e-3, low_open=True)) for i, c in enumerate(cuts))
    for i in range(1, len(depths)):
        if depths[i] <= depths[i - 1]:
            raise InputError(f"{field}[{i}]", cuts[i], f"a depth below the previous cut ({cuts[i - 1]})",
                             reason="cuts must increase from the surface to the foil")
    return depths


SCRAPER: Instrument[ScraperProtocol] = Instrument(
    table="scraper", settings_name="protocol", settings_class=ScraperProtocol, rules=RULES, presets=PRESETS,
    default_base="leps2000", check=_check_consistent, text=("loop",), nested={"cuts": _cut_depths},
)
"""The scraper in the instrument contract: a ``[scraper]`` table on base ``leps2000``; ``cuts`` is a list."""


def load_protocol(
    protocol: ScraperProtocol | str | Path,
    *,
    step: float | str | None = None,
    cuts: list[float | str] | tuple[float | str, ...] | None = None,
) -> ScraperProtocol:
    """A scraper protocol from a preset name, a TOML file or a protocol, with the layer cuts set.

    Parameters
    ----------
    protocol : ``"leps2000"``, ``"manual-blade"``, the path of a TOML file with a ``[scraper]``
        table, or a :class:`ScraperProtocol`
    step : fixed layer thickness, e.g. ``"10 um"`` (replaces the protocol's cuts)
    cuts : explicit cut depths from the surface, e.g. ``["5 um", "15 um", "30 um"]``

    Raises
    ------
    InputError : unknown preset, unreadable or invalid TOML, an unknown key, a value out of range,
        both ``step`` and ``cuts``, cuts not increasing
    """
    layers = {} if step is None and cuts is None else {"step": step, "cuts": cuts}
    return load_settings(SCRAPER, protocol, **layers)


def scrape(
    profile_or_result: xr.Dataset,
    protocol: ScraperProtocol | str | Path = "leps2000",
    replicates: int = 1,
    seed: int | np.random.Generator | None = None,
    *,
    step: float | str | None = None,
    cuts: list[float | str] | tuple[float | str, ...] | None = None,
) -> xr.Dataset:
    """Scrape the dry coating layer by layer, ``replicates`` times, with the protocol's depth errors.

    Parameters
    ----------
    profile_or_result : a result of :func:`dryingsim.simulate`, a dry or calendered profile
    protocol : preset name, TOML file or :class:`ScraperProtocol` (see :func:`load_protocol`)
    replicates : independent repetitions of the whole scrape (same coating, new errors)
    seed : seed or generator; the same seed gives the same numbers
    step, cuts : layer cuts, overriding the protocol's (one of the two must be set somewhere)

    Returns
    -------
    xarray.Dataset
        Dims ``layer``, ``replicate``, ``component``: target, actual and reported top/bottom depth
        [m], depth error of the bottom cut [m], powder mass [kg], component and binder mass fraction
        [%], a flag for layers too light for TGA, and the exact layer averages of the true profile at
        the target depths (what error-free scraping would give).

    Raises
    ------
    InputError : bad protocol or cuts, a step or cut at or below the foil, replicates < 1
    """
    check_count(replicates, "scrape.replicates")
    check_seed(seed, "scrape.seed")
    profile = dry_profile(profile_or_result)
    protocol = load_protocol(protocol, step=step, cuts=cuts)
    thickness = dry_thickness(profile)
    targets = _target_cuts(protocol, thickness)
    commanded = _commanded(protocol, targets)
    rng = np.random.default_rng(seed)

    deviation = _deviations(protocol, rng, (replicates, commanded.size))
    actual = commanded + (np.cumsum(deviation, axis=1) if protocol.loop == "open" else deviation)
    actual = np.clip(np.maximum.accumulate(actual, axis=1), 0.0, thickness)
    reported = actual + protocol.gauge_noise * rng.standard_normal(actual.shape)
    foil_reading = thickness + protocol.gauge_noise * rng.standard_normal((replicates, 1))

    zeros, foil = np.zeros((replicates, 1)), np.full((replicates, 1), thickness)
    actual_faces = np.hstack([zeros, actual, foil])
    reported_faces = np.hstack([zeros, reported, foil_reading])
    cumulative = _lateral_cumulative(profile, actual_faces, protocol.lateral_variation)
    mass_per_area = np.diff(cumulative, axis=1)  # replicate, layer, component
    target_faces = np.concatenate([[0.0], targets, [thickness]])
    exact = np.diff(cumulative_mass(profile, target_faces), axis=0)  # layer, component
    return _layers_dataset(profile, protocol, target_faces, actual_faces, reported_faces,
                           mass_per_area * protocol.sample_area, exact, seed)


def _target_cuts(protocol: ScraperProtocol, thickness: float) -> np.ndarray:
    """Target depths of the cuts above the foil [m]; the last layer always ends at the foil."""
    if protocol.step is None and protocol.cuts is None:
        raise InputError("scraper", "no step and no cuts", "a layer step (e.g. '10 um') or explicit cuts")
    um = 1e6
    if protocol.cuts is not None:
        deepest = protocol.cuts[-1] if protocol.cuts else 0.0
        if deepest >= thickness:
            raise InputError("scraper.cuts", f"{deepest * um:.4g} um",
                             f"depths above the foil, below {thickness * um:.4g} um (the coating thickness)")
        return np.asarray(protocol.cuts, dtype=float)
    step = protocol.step
    if step >= thickness:
        raise InputError("scraper.step", f"{step * um:.4g} um",
                         f"a step below the coating thickness, {thickness * um:.4g} um")
    count = math.ceil(thickness / step - 1e-9) - 1
    targets = step * np.arange(1, count + 1)
    # a sliver thinner than the command resolution (or 1 % of a step) is scraped with the layer above
    sliver = max(protocol.resolution, 0.01 * step)
    return targets[targets < thickness - sliver]


def _commanded(protocol: ScraperProtocol, targets: np.ndarray) -> np.ndarray:
    """Targets rounded to the command resolution; two cuts may not round to the same depth."""
    if protocol.resolution == 0.0:
        return targets.copy()
    commanded = np.round(targets / protocol.resolution) * protocol.resolution
    same = np.flatnonzero(np.diff(np.concatenate([[0.0], commanded])) <= 0)
    if same.size:
        i = int(same[0])
        raise InputError("scraper.cuts", f"{targets[i] * 1e6:.4g} um",
                         f"cuts at least one command step ({protocol.resolution * 1e6:g} um) apart and below "
                         "the surface", reason="rounds to the same commanded depth as the cut above")
    return commanded


def _deviations(protocol: ScraperProtocol, rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Per-stroke deviations ``bias + noise``, truncated to ``|deviation| <= bound``."""
    if protocol.noise == 0.0:
        return np.full(shape, protocol.bias)
    low = (-protocol.bound - protocol.bias) / protocol.noise
    high = (protocol.bound - protocol.bias) / protocol.noise
    return truncnorm.rvs(low, high, loc=protocol.bias, scale=protocol.noise, size=shape, random_state=rng)


def _lateral_cumulative(profile: xr.Dataset, faces: np.ndarray, spread: float) -> np.ndarray:
    """Cumulative mass per area above each face, averaged over the surface-height distribution.

    The surface (first face) and the foil (last face) are not shifted: every layer's material comes
    from somewhere between them, so the layers' masses add up to the coating's.
    """
    if spread == 0.0:
        return cumulative_mass(profile, faces)
    nodes, weights = np.polynomial.hermite_e.hermegauss(LATERAL_QUADRATURE_POINTS)
    weights = weights / weights.sum()
    inner = faces[:, 1:-1, None] + spread * nodes[None, None, :]
    averaged = np.einsum("rcqk,q->rck", cumulative_mass(profile, inner), weights)
    ends = cumulative_mass(profile, faces[:, [0, -1]])
    return np.concatenate([ends[:, :1], averaged, ends[:, 1:]], axis=1)


def _layers_dataset(profile: xr.Dataset, protocol: ScraperProtocol, target_faces: np.ndarray,
                    actual_faces: np.ndarray, reported_faces: np.ndarray, mass: np.ndarray,
                    exact: np.ndarray, seed: int | np.random.Generator | None) -> xr.Dataset:
    """Assemble the layers x replicates Dataset of :func:`scrape`."""
    binder = [list(profile["component"].values).index(name) for name in binder_components(profile)]
    powder = mass.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        fractions = np.where(powder[..., None] > 0, 100.0 * mass / powder[..., None], 0.0)
    exact_fractions = 100.0 * exact / exact.sum(axis=1, keepdims=True)

    def length(long_name: str) -> dict[str, str]:
        return {"units": "m", "long_name": long_name}

    ds = xr.Dataset(
        data_vars={
            "target_top_depth": ("layer", target_faces[:-1], length("target depth of the layer top")),
            "target_bottom_depth": ("layer", target_faces[1:], length("target depth of the layer bottom")),
            "actual_top_depth": (("replicate", "layer"), actual_faces[:, :-1], length("actual depth of the layer top")),
            "actual_bottom_depth": (("replicate", "layer"), actual_faces[:, 1:],
                                    length("actual depth of the layer bottom")),
            "reported_top_depth": (("replicate", "layer"), reported_faces[:, :-1],
                                   length("layer top depth as the gauge reports it")),
            "reported_bottom_depth": (("replicate", "layer"), reported_faces[:, 1:],
                                      length("layer bottom depth as the gauge reports it")),
            "depth_error": (("replicate", "layer"), actual_faces[:, 1:] - target_faces[None, 1:],
                            length("actual minus target depth of the layer bottom")),
            "powder_mass": (("replicate", "layer"), powder, {"units": "kg", "long_name": "powder mass collected"}),
            "component_mass": (("replicate", "layer", "component"), mass,
                               {"units": "kg", "long_name": "mass of the component in the powder"}),
            "mass_fraction": (("replicate", "layer", "component"), fractions,
                              {"units": "percent", "long_name": "mass fraction of the component in the powder"}),
            "binder_mass_fraction": (("replicate", "layer"), fractions[..., binder].sum(axis=-1),
                                     {"units": "percent", "long_name": "binder mass fraction in the powder"}),
            "enough_for_tga": (("replicate", "layer"), powder >= protocol.min_tga_mass,
                               {"long_name": "powder mass at least the protocol's min_tga_mass"}),
            "exact_mass_fraction": (("layer", "component"), exact_fractions,
                                    {"units": "percent", "long_name": "mass fraction of the true profile "
                                     "between the target depths (error-free scraping)"}),
            "exact_mass_per_area": ("layer", exact.sum(axis=1), {"units": "kg m-2", "long_name": "mass per "
                                    "area of the true profile between the target depths"}),
            "exact_binder_mass_fraction": ("layer", exact_fractions[:, binder].sum(axis=-1),
                                           {"units": "percent", "long_name": "binder mass fraction of the "
                                            "true profile between the target depths"}),
            "coating_mass_per_area": ((), float(profile["mass_per_area"].sum()),
                                      {"units": "kg m-2", "long_name": "dry coating mass per foil area"}),
        },
        coords={
            "layer": ("layer", np.arange(1, target_faces.size), {"long_name": "layer number from the surface"}),
            "replicate": ("replicate", np.arange(actual_faces.shape[0]), {"long_name": "replicate scrape"}),
            "component": profile["component"].values,
            "component_role": ("component", profile["component_role"].values),
            "component_material": ("component", profile["component_material"].values),
            "component_density": ("component", profile["component_density"].values,
                                  {"units": "kg m-3", "long_name": "density of the component material"}),
        },
        attrs={
            "title": "virtual scraper layers",
            **sample_provenance(profile),
            **settings_provenance(SCRAPER, protocol, seed),
            "sample_area_m2": protocol.sample_area,
        },
    )
    if "nominal_mass_fraction" in profile:
        ds["nominal_mass_fraction"] = profile["nominal_mass_fraction"]
    return ds.transpose("layer", "replicate", "component")
