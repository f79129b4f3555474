r"""Virtual TGA: each scraped layer's powder becomes a thermogram, and binder wt % is read off it.

Thermogram of a powder with component mass fractions :math:`w_k` (docs/theory/measurement.md, section 4):

.. math::  \frac{m(T)}{m_0} = \sum_k w_k \Big[1 + \sum_s \Delta_{ks}\,
           \Phi\Big(\frac{T - \bar T_{ks}}{\sigma_{ks}}\Big)\Big]

with the steps :math:`s` of each material (its ``thermal`` field, :mod:`dryingsim.materials.thermal`: onset and end at
2.5 % and 97.5 % conversion, so :math:`\sigma = (T_{end} - T_{onset}) / 3.92`). The balance reads
:math:`m_s\,m(T)/m_0 + \delta\,(T - T_0)/(T_{end} - T_0) + \epsilon`, with the loaded sample mass
:math:`m_s`, a baseline drift :math:`\delta \sim U(-D, D)` per run and reading noise
:math:`\epsilon \sim \mathcal N(0, \sigma_b^2)`.

Read-out, the way a lab does it: the mass loss :math:`L` between :math:`T_1` and :math:`T_2`
(readings averaged over a small band around each), corrected with reference runs of the pure binder
and of the binder-free matrix at the formulation's proportions, which lose :math:`\ell_b` and
:math:`\ell_m` per unit mass in the same window:

.. math::  B = \frac{L - \ell_m}{\ell_b - \ell_m}

So the virtual measurement has the lab's bias: where the layer's binder mix (e.g. CMC:SBR) or matrix
differs from the formulation, :math:`B` is off in the same way. Its standard uncertainty from noise
and drift is :math:`u_B = \sqrt{2\sigma_b^2/n + D^2 f^2/3}\,/\,(m_s(\ell_b - \ell_m))`, with
:math:`n` readings per band and :math:`f = (T_2 - T_1)/(T_{end} - T_0)`.

The TGA is the entry :data:`TGA` of the instrument contract (:mod:`dryingsim.measurement.instrument`): a
user method is a TOML file with a ``[tga]`` table on a ``base`` method (default ``nitrogen-anode``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import xarray as xr
from scipy.special import ndtr

from dryingsim.errors import InputError
from dryingsim.inputs.arguments import check_seed, require_variables
from dryingsim.inputs.rules import Rule
from dryingsim.materials import MATERIALS, DissolvedPolymer, ParticleMaterial, find_material
from dryingsim.materials.thermal import ATMOSPHERES, ZERO_CELSIUS, ThermalBehaviour
from dryingsim.measurement.instrument import Instrument, load_settings, settings_provenance
from dryingsim.results.metrics import binder_components

_STEP_WIDTH = 2 * 1.959963984540054  # (end - onset) / sigma for 2.5 % and 97.5 % conversion
_C = ZERO_CELSIUS
LAYER_VARIABLES = ("component_mass", "component", "component_material", "component_role")
"""What :func:`tga` reads of the layers of :func:`~dryingsim.measurement.scraper.scrape`."""


@dataclass(frozen=True)
class TGAMethod:
    """A TGA run and its binder read-out (SI units, temperatures in K).

    atmosphere : ``"nitrogen"`` or ``"air"``
    start_temperature, end_temperature : the run heats linearly from one to the other [K]
    reading_interval : temperature between two balance readings [K]
    window_low, window_high : the binder's mass loss is read between these temperatures [K]
    readout_band : readings within +-band/2 of each window temperature are averaged [K]
    sample_mass : powder loaded into the crucible, or all of it if the layer gave less [kg]
    balance_noise : standard deviation of one balance reading [kg]
    baseline_drift : largest baseline drift over the whole run, after blank correction [kg]

    There is no heating rate: readings are per temperature step and the drift is per run, and the
    materials' steps are taken at about 10 K/min (:mod:`dryingsim.materials.thermal`) whatever the rate.
    """

    name: str
    atmosphere: str
    start_temperature: float
    end_temperature: float
    reading_interval: float
    window_low: float
    window_high: float
    readout_band: float
    sample_mass: float
    balance_noise: float
    baseline_drift: float
    source: str = ""


RULES: dict[str, Rule] = {
    "start_temperature": Rule("temperature", 273.15, 473.15),
    "end_temperature": Rule("temperature", 373.15, 1473.15),
    "reading_interval": Rule("temperature_difference", 0.01, 20.0),
    "window_low": Rule("temperature", 273.15, 1473.15),
    "window_high": Rule("temperature", 273.15, 1473.15),
    "readout_band": Rule("temperature_difference", 0.0, 50.0),
    "sample_mass": Rule("mass", 1e-7, 1e-3),
    "balance_noise": Rule("mass", 0.0, 1e-6),
    "baseline_drift": Rule("mass", 0.0, 1e-5),
}
"""Numeric fields of a TGA method: kind of unit and allowed range (SI)."""

_INSTRUMENT = (
    "sample 10 mg: published practice runs 1-30 mg (ASTM E1131 service labs 10-30 mg; ~4 mg in the MaCFP "
    "material database); balance_noise 1 ug and baseline_drift 10 ug after blank subtraction are assumed "
    "(no manufacturer figure was retrieved; ASTM E1131 reports composition to 0.1 % for components of "
    "1-100 wt %)"
)
PRESETS: dict[str, TGAMethod] = {
    "nitrogen-anode": TGAMethod(
        name="nitrogen-anode", atmosphere="nitrogen", start_temperature=30 + _C, end_temperature=600 + _C,
        reading_interval=1.0, window_low=200 + _C, window_high=550 + _C,
        readout_band=5.0, sample_mass=10e-6, balance_noise=1e-9, baseline_drift=10e-9,
        source="window 200-550 degC brackets CMC (from 220 degC) and SBR (to ~500 degC) in nitrogen, "
        "where graphite and carbon black are stable (their thermal data in dryingsim.materials); " + _INSTRUMENT,
    ),
    "nitrogen-pvdf": TGAMethod(
        name="nitrogen-pvdf", atmosphere="nitrogen", start_temperature=30 + _C, end_temperature=600 + _C,
        reading_interval=1.0, window_low=300 + _C, window_high=580 + _C,
        readout_band=5.0, sample_mass=10e-6, balance_noise=1e-9, baseline_drift=10e-9,
        source="window 300-580 degC brackets PVDF dehydrofluorination (372-500 degC) in nitrogen, below "
        "the LFP loss (from 665 degC) and the carbothermal reduction of NMC (from ~600 degC); " + _INSTRUMENT,
    ),
}
"""Built-in read-out methods by name; every value is sourced or marked as assumed in ``source``."""


def _check_consistent(method: TGAMethod) -> None:
    """Relations between fields: atmosphere known, window inside the run, a binder window at all."""
    if method.atmosphere not in ATMOSPHERES:
        raise InputError("tga.atmosphere", method.atmosphere, " or ".join(ATMOSPHERES))
    inside = method.start_temperature <= method.window_low < method.window_high <= method.end_temperature
    if not inside:
        raise InputError("tga.window_low/window_high", (method.window_low, method.window_high),
                         f"start_temperature <= window_low < window_high <= end_temperature "
                         f"({method.start_temperature:g} K .. {method.end_temperature:g} K)")


def _auto_method(layers: xr.Dataset | None) -> str:
    """``"auto"``: ``nitrogen-pvdf`` for layers with a PVDF binder, else ``nitrogen-anode``."""
    binders = [] if layers is None else [find_material(m) for m in _binder_materials(layers)]
    return "nitrogen-pvdf" if MATERIALS["pvdf"] in binders else "nitrogen-anode"


TGA: Instrument[TGAMethod] = Instrument(
    table="tga", settings_name="method", settings_class=TGAMethod, rules=RULES, presets=PRESETS,
    default_base="nitrogen-anode", check=_check_consistent, text=("atmosphere",), auto=_auto_method,
)
"""The TGA in the instrument contract: a ``[tga]`` table on base ``nitrogen-anode``; ``"auto"`` picks the
method from the layers' binder."""


def load_method(method: TGAMethod | str | Path, layers: xr.Dataset | None = None) -> TGAMethod:
    """A TGA method from a name (``"auto"`` needs ``layers``), a TOML file with a ``[tga]`` table, or as is.

    Raises
    ------
    InputError : unknown name, invalid TOML, unknown key, value out of range, window outside the run
    """
    return load_settings(TGA, method, sample=layers)


def tga(
    layers: xr.Dataset,
    method: TGAMethod | str | Path = "auto",
    seed: int | np.random.Generator | None = None,
    keep_thermograms: bool = True,
) -> xr.Dataset:
    """Run a virtual TGA on every layer and replicate of :func:`~dryingsim.measurement.scraper.scrape`.

    Returns the layers Dataset with, added: ``tga_binder_mass_fraction`` and its
    ``tga_binder_uncertainty`` [%], ``tga_window_mass_loss`` [%], ``tga_sample_mass`` [kg] and (if
    ``keep_thermograms``) the thermograms ``tga_mass_percent`` (layer, replicate, temperature) [%].
    Layers that gave no powder read 0 % and are flagged by ``enough_for_tga``.

    Raises
    ------
    InputError : a component whose material has no TGA data, or a bad method
    """
    check_seed(seed, "tga.seed")
    require_variables(layers, LAYER_VARIABLES, "tga's layers", "the layers of dryingsim.scrape(...)")
    method = load_method(method, layers)
    rng = np.random.default_rng(seed)
    temperature = np.arange(method.start_temperature, method.end_temperature + 1e-9, method.reading_interval)
    response = _component_responses(layers, method.atmosphere, temperature)  # component, temperature
    mass = layers["component_mass"].transpose("layer", "replicate", "component").values
    powder = mass.sum(axis=-1)
    loaded = np.minimum(method.sample_mass, powder)
    share = np.divide(mass, powder[..., None], out=np.zeros_like(mass), where=powder[..., None] > 0)

    ideal = share @ response  # layer, replicate, temperature (fraction of the initial mass)
    ramp = (temperature - temperature[0]) / (temperature[-1] - temperature[0])
    drift = rng.uniform(-method.baseline_drift, method.baseline_drift, size=powder.shape)
    noise = method.balance_noise * rng.standard_normal(ideal.shape)
    reading = loaded[..., None] * ideal + drift[..., None] * ramp + noise
    with np.errstate(invalid="ignore", divide="ignore"):
        percent = np.where(loaded[..., None] > 0, 100.0 * reading / loaded[..., None], 100.0)

    low, high = _band(temperature, method.window_low, method), _band(temperature, method.window_high, method)
    loss = percent[..., low].mean(axis=-1) - percent[..., high].mean(axis=-1)
    binder_loss, matrix_loss = _reference_losses(layers, response, low, high)
    binder = np.where(loaded > 0, (loss - 100.0 * matrix_loss) / (binder_loss - matrix_loss), 0.0)
    n = min(low.sum(), high.sum())
    span = (method.window_high - method.window_low) / (temperature[-1] - temperature[0])
    u_mass = np.sqrt(2 * method.balance_noise**2 / n + (method.baseline_drift * span) ** 2 / 3)
    with np.errstate(divide="ignore"):
        uncertainty = np.where(loaded > 0, 100.0 * u_mass / loaded / (binder_loss - matrix_loss), 0.0)

    dims = ("layer", "replicate")
    out = layers.assign(
        tga_binder_mass_fraction=(dims, binder, {"units": "percent", "long_name": "binder mass fraction read "
                                                 "from the thermogram (residue-corrected mass loss)"}),
        tga_binder_uncertainty=(dims, uncertainty, {"units": "percent", "long_name": "standard uncertainty of "
                                                    "the TGA binder mass fraction from balance noise and drift"}),
        tga_window_mass_loss=(dims, loss, {"units": "percent", "long_name": "mass loss between the window "
                                           "temperatures"}),
        tga_sample_mass=(dims, loaded, {"units": "kg", "long_name": "powder mass loaded into the TGA"}),
    )
    if keep_thermograms:
        out = out.assign_coords(temperature=("temperature", temperature, {"units": "K", "long_name": "sample "
                                                                          "temperature"}))
        out["tga_mass_percent"] = (("layer", "replicate", "temperature"), percent,
                                   {"units": "percent", "long_name": "sample mass in % of the loaded mass"})
    out.attrs.update({
        **settings_provenance(TGA, method, seed),
        "tga_material_sources": json.dumps(_sources(layers, method.atmosphere), indent=1),
        "tga_binder_reference_loss": float(binder_loss),
        "tga_matrix_reference_loss": float(matrix_loss),
    })
    return out


def step_response(material: str, atmosphere: str, temperature: np.ndarray) -> np.ndarray:
    """Mass of one material (its registry key or the name a result stores) relative to its initial mass at
    each temperature [-] (noise-free)."""
    out = np.ones_like(temperature, dtype=float)
    for step in _thermal(material).steps(atmosphere):
        sigma = (step.end - step.onset) / _STEP_WIDTH
        out += step.change * ndtr((temperature - 0.5 * (step.onset + step.end)) / sigma)
    return out


def _component_responses(layers: xr.Dataset, atmosphere: str, temperature: np.ndarray) -> np.ndarray:
    """(component, temperature) relative mass of every component's material."""
    return np.stack([step_response(str(m), atmosphere, temperature) for m in layers["component_material"].values])


def _reference_losses(layers: xr.Dataset, response: np.ndarray, low: np.ndarray,
                      high: np.ndarray) -> tuple[float, float]:
    """Window losses per unit mass of the pure binder mix and of the binder-free matrix, both at the
    proportions of the whole coating (the lab's reference runs of the formulation's materials)."""
    total = layers["component_mass"].isel(replicate=0).sum("layer").values
    is_binder = np.isin(layers["component"].values, binder_components(layers))
    window_loss = response[:, low].mean(axis=1) - response[:, high].mean(axis=1)

    def loss(mask: np.ndarray) -> float:
        weight = np.where(mask, total, 0.0)
        return float(weight @ window_loss / weight.sum()) if weight.sum() > 0 else 0.0

    return loss(is_binder), loss(~is_binder)


def _band(temperature: np.ndarray, centre: float, method: TGAMethod) -> np.ndarray:
    """Readings averaged for the mass at ``centre``: within +-band/2, at least the nearest one."""
    mask = np.abs(temperature - centre) <= 0.5 * method.readout_band + 1e-9
    if not mask.any():
        mask[np.argmin(np.abs(temperature - centre))] = True
    return mask


def _binder_materials(layers: xr.Dataset) -> list[str]:
    names = binder_components(layers)
    return [str(m) for c, m in zip(layers["component"].values, layers["component_material"].values, strict=True)
            if c in names]


def _sources(layers: xr.Dataset, atmosphere: str) -> dict[str, list[str]]:
    return {str(m): [s.source for s in _thermal(str(m)).steps(atmosphere)]
            for m in dict.fromkeys(layers["component_material"].values)}


def _thermal(material: str) -> ThermalBehaviour:
    """The TGA behaviour of the library's solid ``material`` (registry key or the name a result stores)."""
    found = find_material(material)
    if not isinstance(found, (ParticleMaterial, DissolvedPolymer)):
        solids = [m.name for m in MATERIALS.values() if isinstance(m, (ParticleMaterial, DissolvedPolymer))]
        raise InputError("tga material", material, "materials with TGA data: " + ", ".join(solids))
    return found.thermal
