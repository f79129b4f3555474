"""Kinds of material the library holds. Every number is a :class:`Value` with its source."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal

from dryingsim.materials.values import Value


@dataclass(frozen=True)
class Antoine:
    r"""Antoine vapour-pressure constants.

    .. math:: \log_{10}(p_{sat} / \mathrm{Pa}) = A - B / (T / \mathrm{K} + C)

    t_min, t_max : range of validity [K]
    """

    a: float
    b: float
    c: float
    t_min: float
    t_max: float
    source: str


@dataclass(frozen=True)
class Solvent:
    """A solvent that leaves the film by evaporation. Values at 25 degC unless the source says otherwise."""

    name: str
    density: Value  # kg m-3
    viscosity: Value  # Pa s
    surface_tension: Value  # N m-1
    molar_mass: Value  # kg mol-1
    vapour_diffusivity: Value  # m2 s-1, in air
    antoine: Antoine


@dataclass(frozen=True)
class ParticleMaterial:
    """Solid particles: active material, conductive additive or binder latex.

    d10, d50, d90 : default volume-weighted size distribution (diameters) [m]
    """

    name: str
    kind: Literal["active", "conductive", "latex"]
    density: Value  # kg m-3
    d10: Value
    d50: Value
    d90: Value


@dataclass(frozen=True)
class DissolvedPolymer:
    """A binder dissolved in the solvent (CMC in water, PVDF in NMP).

    diffusivity : diffusion coefficient of the polymer in its solvent, dilute [m2 s-1]
    gel_concentration : mass of polymer per volume of solution at which the solution sets to an
        immobile gel that the solvent still permeates [kg m-3]
    solvents : solvents it dissolves in
    """

    name: str
    density: Value  # kg m-3
    diffusivity: Value
    gel_concentration: Value
    solvents: tuple[str, ...]


Material = Solvent | ParticleMaterial | DissolvedPolymer


def material_sources(material: Material) -> dict[str, str]:
    """Every value of a material with its source, as ``{"<material>.<field>": "<value> <unit>: <source>"}``."""
    out: dict[str, str] = {}
    for f in fields(material):
        item = getattr(material, f.name)
        key = f"{material.name}.{f.name}"
        if isinstance(item, Value):
            out[key] = f"{item.value:g} {item.unit}: {item.source}"
        elif isinstance(item, Antoine):
            out[key] = f"A={item.a:g}, B={item.b:g}, C={item.c:g} (log10 Pa, K): {item.source}"
    return out
