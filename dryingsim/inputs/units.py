"""Units of the scenario file: the one place text such as ``"150 um"`` becomes an SI float.

Every dimensional field of a scenario file is a string ``"<number> <unit>"``; pint parses the unit
and checks its dimension, and from here on every value is a plain float in SI units.
Dimensionless fields (fractions, exponents) also accept plain numbers; a fraction may be written
``"45 %"`` or ``"45 wt%"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pint

from dryingsim.errors import InputError, ScenarioError

UREG = pint.UnitRegistry()
"""The module-level unit registry (pint defaults: "%", "percent", "um", "degC", "Pa s", ...)."""
UREG.define("wt_percent = percent")


@dataclass(frozen=True)
class Kind:
    """A kind of quantity a scenario field holds.

    si_unit : unit the value is stored in, as written back to TOML (``""``: dimensionless)
    description : what the user should give, with an example
    """

    si_unit: str
    description: str


KINDS: dict[str, Kind] = {
    "length": Kind("m", "a length, e.g. '150 um'"),
    "mass_per_area": Kind("kg/m^2", "a mass per area, e.g. '10 mg/cm^2'"),
    "mass_flux": Kind("kg/m^2/s", "a mass flux, e.g. '1.5 g/m^2/s'"),
    "time": Kind("s", "a time, e.g. '60 s'"),
    "temperature": Kind("K", "a temperature, e.g. '25 degC' or '298.15 K'"),
    "viscosity": Kind("Pa*s", "a viscosity, e.g. '0.1 Pa*s'"),
    "pressure": Kind("Pa", "a pressure, e.g. '5 Pa'"),
    "diffusivity": Kind("m^2/s", "a diffusivity, e.g. '1e-11 m^2/s'"),
    "mass_concentration": Kind("kg/m^3", "a mass per volume, e.g. '50 kg/m^3' or '50 g/L'"),
    "density": Kind("kg/m^3", "a density, e.g. '1.6 g/cm^3'"),
    "mass": Kind("kg", "a mass, e.g. '5 mg'"),
    "temperature_difference": Kind("delta_degC", "a temperature difference, e.g. '5 K'"),
    "speed": Kind("m/s", "a speed, e.g. '2 m/min' or '20 m/s'"),
    "heat_transfer_coefficient": Kind("W/m^2/K", "a heat-transfer coefficient, e.g. '40 W/m^2/K'"),
    "humidity_ratio": Kind("", "solvent vapour per dry air by mass, e.g. '8 g/kg' or 0.008"),
    "fraction": Kind("", "a fraction, e.g. 0.45 or '45 %'"),
    "dimensionless": Kind("", "a plain number, e.g. 5.1"),
}
"""Kinds of quantity by name: the ``dimension`` argument of :func:`to_si`."""

_NUMBER_AND_UNIT = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*")


def to_si(value: object, field: str, dimension: str, error: type[InputError] = ScenarioError) -> float:
    """Convert ``"<number> <unit>"`` (or a plain number, for dimensionless kinds) to SI.

    Parameters
    ----------
    value : the text or number from the scenario file, e.g. ``"150 um"``, ``"25 degC"``, ``0.45``
    field : dotted path of the field, for the error message
    dimension : a key of :data:`KINDS`, e.g. ``"length"``
    error : the exception raised on bad input (measurement inputs are not scenario fields)

    Returns
    -------
    float
        The value in the SI unit of ``KINDS[dimension]`` (offset temperatures converted to K).
        A value already in that unit is returned unchanged, so written values load back exactly;
        a converted value is rounded to 15 significant digits (below any input's precision).

    Raises
    ------
    ScenarioError (or ``error``)
        The value is not a number with a unit, the unit is unknown or of another dimension, or a
        dimensional field got a plain number.
    """
    kind = KINDS[dimension]
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise error(field, value, kind.description, reason="not a number or text")
    if not isinstance(value, str):
        if kind.si_unit:
            raise error(field, value, kind.description, reason="a unit is required")
        return float(value)
    number, unit_text = _split(value, field, kind, error)
    units = _parse_units(unit_text, value, field, kind, error)
    target = UREG.parse_units(kind.si_unit)
    if units.dimensionality != target.dimensionality:
        reason = f"'{unit_text}' has dimension {units.dimensionality}, not {target.dimensionality}"
        raise error(field, value, kind.description, reason=reason)
    if units == target:
        return number
    try:
        converted = UREG.Quantity(number, units).to(target).magnitude
    except pint.DimensionalityError:  # e.g. an offset unit ('5 degC') for a temperature difference
        raise error(field, value, kind.description, reason=f"'{unit_text}' cannot be converted to "
                    f"{kind.si_unit}") from None
    # drop the last-bit error of the factor: '30 um' -> 3e-05, not 2.9999999999999997e-05
    return float(f"{converted:.15g}")


def si_text(value: float, dimension: str) -> str | float:
    """Write an SI value for TOML: ``"0.00015 m"`` for dimensional kinds, the bare number otherwise.

    The number is written with ``repr`` so that :func:`to_si` reads back the identical float.
    """
    unit = KINDS[dimension].si_unit
    return f"{float(value)!r} {unit}" if unit else float(value)


def _split(text: str, field: str, kind: Kind, error: type[InputError]) -> tuple[float, str]:
    """Split ``"150 um"`` into ``(150.0, "um")``; a string without a leading number is an error."""
    match = _NUMBER_AND_UNIT.fullmatch(text)
    if match is None:
        raise error(field, text, kind.description, reason="expected '<number> <unit>'")
    return float(match.group(1)), match.group(2)


def _parse_units(unit_text: str, value: str, field: str, kind: Kind, error: type[InputError]) -> pint.Unit:
    """Parse the unit part with the registry; ``"wt%"`` means percent."""
    if not unit_text and kind.si_unit:
        raise error(field, value, kind.description, reason="a unit is required")
    try:
        return UREG.parse_units(unit_text.replace("wt%", "wt_percent"))
    except Exception as exc:  # pint raises many types (UndefinedUnitError, AssertionError, TokenError)
        raise error(field, value, kind.description, reason=f"unknown unit '{unit_text}'") from exc
