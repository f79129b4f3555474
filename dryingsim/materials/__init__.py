"""The materials library: every solvent, particle and binder dryingsim knows, each value with its source.

Scenario files name materials by the keys of :data:`MATERIALS`; :func:`get_material` looks them up
and names the scenario field when a key is unknown.
"""

from __future__ import annotations

from dryingsim.errors import ScenarioError
from dryingsim.materials.base import (
    Antoine,
    DissolvedPolymer,
    Material,
    ParticleMaterial,
    Solvent,
    material_sources,
)
from dryingsim.materials.particles import CARBON_BLACK, GRAPHITE, LFP, NMC, SBR
from dryingsim.materials.polymers import CMC, PVDF
from dryingsim.materials.solvents import NMP, WATER
from dryingsim.materials.values import Value

__all__ = [
    "MATERIALS",
    "Antoine",
    "DissolvedPolymer",
    "Material",
    "ParticleMaterial",
    "Solvent",
    "Value",
    "get_material",
    "material_sources",
]

MATERIALS: dict[str, Material] = {
    "water": WATER,
    "nmp": NMP,
    "graphite": GRAPHITE,
    "nmc": NMC,
    "lfp": LFP,
    "carbon_black": CARBON_BLACK,
    "sbr": SBR,
    "cmc": CMC,
    "pvdf": PVDF,
}
"""Every material by the key a scenario file uses for it."""


def get_material(name: str, field: str) -> Material:
    """The material a scenario names.

    Parameters
    ----------
    name : key in :data:`MATERIALS`, e.g. ``"graphite"``
    field : dotted path of the scenario field that named it, for the error message

    Raises
    ------
    ScenarioError
        ``name`` is not a key of :data:`MATERIALS`; the message lists the keys.
    """
    try:
        return MATERIALS[name]
    except (KeyError, TypeError):
        raise ScenarioError(field, name, allowed="one of: " + ", ".join(sorted(MATERIALS))) from None
