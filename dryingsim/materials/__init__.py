"""The materials library: every solvent, particle, binder, foil and gas dryingsim knows, each value with its source.

Scenario files name materials by the keys of :data:`MATERIALS` and foils by those of :data:`FOILS`;
:func:`get_material` and :func:`get_foil` look them up and name the scenario field when a key is
unknown. Results name a component's material by the material's own name (``Material.name``, e.g.
``"NMC111"`` for the key ``"nmc"``); :func:`find_material` finds the entry from either. One entry holds
everything about a material, its TGA behaviour included (``thermal``). Solvent and air properties are
:class:`Correlation` s of the temperature; single values hold at :data:`REFERENCE_TEMPERATURE` (25 degC).
"""

from __future__ import annotations

from dryingsim.materials.air import AIR, Gas
from dryingsim.materials.base import (
    DissolvedPolymer,
    Material,
    ParticleMaterial,
    Solvent,
    material_sources,
)
from dryingsim.materials.correlations import REFERENCE_TEMPERATURE, Correlation
from dryingsim.materials.foils import ALUMINIUM, COPPER, FOILS, FoilMaterial, get_foil
from dryingsim.materials.particles import CARBON_BLACK, GRAPHITE, LFP, NMC, SBR
from dryingsim.materials.polymers import CMC, PVDF
from dryingsim.materials.solvents import NMP, WATER
from dryingsim.materials.values import Value, look_up

__all__ = [
    "AIR",
    "ALUMINIUM",
    "COPPER",
    "FOILS",
    "MATERIALS",
    "REFERENCE_TEMPERATURE",
    "Correlation",
    "DissolvedPolymer",
    "FoilMaterial",
    "Gas",
    "Material",
    "ParticleMaterial",
    "Solvent",
    "Value",
    "find_material",
    "get_foil",
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
    """The material a scenario names (a key of :data:`MATERIALS`, e.g. ``"graphite"``); an unknown key is a
    ScenarioError naming ``field`` and listing the keys."""
    return look_up(MATERIALS, name, field)


def find_material(name: str) -> Material | None:
    """The material a registry key (``"nmc"``, what scenarios write) or a material's own name (``"NMC111"``,
    what results store as ``component_material``) denotes; ``None`` if neither."""
    if name in MATERIALS:
        return MATERIALS[name]
    return next((m for m in MATERIALS.values() if m.name == name), None)
