"""Current-collector foils under the coating: they take up heat in a dryer, in SI units.

Scenario files name a foil by a key of :data:`FOILS`; :func:`get_foil` looks it up and names the
scenario field when a key is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from dryingsim.materials.values import Value, look_up

_INCROPERA = (
    "Incropera, DeWitt, Bergman & Lavine, Fundamentals of Heat and Mass Transfer, Table A.1 "
    "(thermophysical properties of selected metallic solids), properties at 300 K"
)


@dataclass(frozen=True)
class FoilMaterial:
    """A metal foil; values near room temperature."""

    name: str
    density: Value  # kg m-3
    heat_capacity: Value  # J kg-1 K-1


COPPER = FoilMaterial(
    name="copper",
    density=Value(8933.0, "kg m-3", source=_INCROPERA + ", copper, pure: rho = 8933 kg m-3"),
    heat_capacity=Value(385.0, "J kg-1 K-1", source=_INCROPERA + ", copper, pure: cp = 385 J kg-1 K-1"),
)

ALUMINIUM = FoilMaterial(
    name="aluminium",
    density=Value(2702.0, "kg m-3", source=_INCROPERA + ", aluminum, pure: rho = 2702 kg m-3 (cathode "
                  "foils are 1xxx alloys of 99 %+ Al; alloy 2024-T6 in the same table: 2770)"),
    heat_capacity=Value(903.0, "J kg-1 K-1", source=_INCROPERA + ", aluminum, pure: cp = 903 J kg-1 K-1"),
)

FOILS: dict[str, FoilMaterial] = {"copper": COPPER, "aluminium": ALUMINIUM}
"""Every foil by the key a scenario file uses for it."""


def get_foil(name: str, field: str) -> FoilMaterial:
    """The foil a scenario names (a key of :data:`FOILS`); an unknown key is a ScenarioError naming ``field``."""
    return look_up(FOILS, name, field)
