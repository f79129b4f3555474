"""Kinds of material the library holds. Every number is a :class:`Value` or a :class:`Correlation` with its source."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

from dryingsim.materials.air import Gas
from dryingsim.materials.correlations import Correlation
from dryingsim.materials.foils import FoilMaterial
from dryingsim.materials.thermal import ThermalBehaviour
from dryingsim.materials.values import Value


@dataclass(frozen=True)
class Solvent:
    """A solvent that leaves the film by evaporation; its properties as functions of temperature [K].

    Where the library held a single 25 degC value before (density, viscosity, surface tension,
    vapour pressure, vapour diffusivity), the correlation gives it at ``REFERENCE_TEMPERATURE``
    within 0.5 %.
    """

    name: str
    molar_mass: Value  # kg mol-1
    density: Correlation  # kg m-3, liquid
    viscosity: Correlation  # Pa s, liquid
    surface_tension: Correlation  # N m-1, against air
    vapour_pressure: Correlation  # Pa, saturation
    latent_heat: Correlation  # J kg-1, heat of vaporisation
    heat_capacity: Correlation  # J kg-1 K-1, liquid
    vapour_diffusivity: Correlation  # m2 s-1, vapour in air at 101325 Pa


@dataclass(frozen=True)
class ParticleMaterial:
    """Solid particles: active material, conductive additive or binder latex.

    d10, d50, d90 : default volume-weighted size distribution (diameters) [m]
    thermal : mass change in a TGA run
    """

    name: str
    kind: Literal["active", "conductive", "latex"]
    density: Value  # kg m-3
    d10: Value
    d50: Value
    d90: Value
    heat_capacity: Value  # J kg-1 K-1, at 25 degC
    thermal: ThermalBehaviour


@dataclass(frozen=True)
class DissolvedPolymer:
    """A binder dissolved in the solvent (CMC in water, PVDF in NMP).

    diffusivity : diffusion coefficient of the polymer in its solvent, dilute [m2 s-1]
    gel_concentration : mass of polymer per volume of solution at which the solution sets to an
        immobile gel that the solvent still permeates [kg m-3]
    solvents : solvents it dissolves in
    thermal : mass change in a TGA run
    """

    name: str
    density: Value  # kg m-3
    diffusivity: Value
    gel_concentration: Value
    solvents: tuple[str, ...]
    heat_capacity: Value  # J kg-1 K-1, dry polymer at 25 degC
    thermal: ThermalBehaviour


Material = Solvent | ParticleMaterial | DissolvedPolymer


def material_sources(material: Material | FoilMaterial | Gas) -> dict[str, str]:
    """Every value of a material with its source, as ``{"<material>.<field>": "<text>: <source>"}``.

    A :class:`Value` reads ``"<value> <unit>: <source>"``, a :class:`Correlation`
    ``"<form> (<coefficients>) [<unit>], <t_min>-<t_max> K: <source>"``.
    """
    out: dict[str, str] = {}
    for f in fields(material):
        item = getattr(material, f.name)
        key = f"{material.name}.{f.name}"
        if isinstance(item, Value):
            out[key] = f"{item.value:g} {item.unit}: {item.source}"
        elif isinstance(item, Correlation):
            coefficients = ", ".join(f"{c:.8g}" for c in item.coefficients)
            out[key] = (f"{item.form} ({coefficients}) [{item.unit}], {item.t_min:g}-{item.t_max:g} K: "
                        f"{item.source}")
    return out
