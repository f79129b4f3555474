"""Unit parsing of scenario values: text with a unit -> SI float, wrong units -> ScenarioError."""

import pytest

from dryingsim.errors import ScenarioError
from dryingsim.inputs.units import to_si


@pytest.mark.parametrize(
    ("text", "dimension", "si"),
    [
        ("150 um", "length", 1.5e-4),
        ("30 um", "length", 3e-5),
        ("0.00015 m", "length", 1.5e-4),
        ("10 mg/cm^2", "mass_per_area", 0.1),
        ("1.5 g/m^2/s", "mass_flux", 1.5e-3),
        ("60 s", "time", 60.0),
        ("2 min", "time", 120.0),
        ("25 degC", "temperature", 298.15),
        ("298.15 K", "temperature", 298.15),
        ("0.1 Pa*s", "viscosity", 0.1),
        ("100 mPa s", "viscosity", 0.1),
        ("5 Pa", "pressure", 5.0),
        ("1e-11 m^2/s", "diffusivity", 1e-11),
        ("45 %", "fraction", 0.45),
        ("45 percent", "fraction", 0.45),
        ("45 wt%", "fraction", 0.45),
        (0.45, "fraction", 0.45),
        ("0.45", "fraction", 0.45),
        (5, "dimensionless", 5.0),
    ],
)
def test_value_with_unit_converts_to_si(text, dimension, si):
    """'150 um' is 1.5e-4 m, '25 degC' is 298.15 K (offset applied), '45 wt%' is 0.45: exact SI floats."""
    assert to_si(text, "field", dimension) == si


@pytest.mark.parametrize(
    ("text", "dimension", "example"),
    [
        ("150 g", "length", "a length, e.g. '150 um'"),
        ("1.5 g/m^2", "mass_flux", "a mass flux, e.g. '1.5 g/m^2/s'"),
        ("25 degC", "time", "a time, e.g. '60 s'"),
        ("5 Pa", "viscosity", "a viscosity, e.g. '0.1 Pa*s'"),
        ("45 m", "fraction", "a fraction, e.g. 0.45 or '45 %'"),
    ],
)
def test_unit_of_wrong_dimension_is_rejected(text, dimension, example):
    """A unit of another dimension ('150 g' for a length) names the field, the value and an example unit."""
    with pytest.raises(ScenarioError) as error:
        to_si(text, "layers[0].wet_thickness", dimension)
    message = str(error.value)
    assert "layers[0].wet_thickness" in message
    assert repr(text) in message
    assert example in message


@pytest.mark.parametrize("value", [150, 1.5e-4, "150"])
def test_dimensional_field_needs_a_unit(value):
    """A plain number for a dimensional field is rejected with a request for a unit."""
    with pytest.raises(ScenarioError, match="a unit is required") as error:
        to_si(value, "layers[0].wet_thickness", "length")
    assert "layers[0].wet_thickness" in str(error.value)
    assert repr(value) in str(error.value)
    assert "a length, e.g. '150 um'" in str(error.value)


@pytest.mark.parametrize(("value", "reason"), [
    ("150 furlongs_per_fortnight", "unknown unit"),
    ("um", "expected '<number> <unit>'"),
    ("", "expected '<number> <unit>'"),
    (True, "not a number or text"),
    ([150], "not a number or text"),
])
def test_unparsable_value_is_rejected(value, reason):
    """Unknown units, missing numbers and non-text values are ScenarioErrors naming field and value."""
    with pytest.raises(ScenarioError) as error:
        to_si(value, "rheology.yield_stress", "pressure")
    message = str(error.value)
    assert "rheology.yield_stress" in message
    assert repr(value) in message
    assert reason in message
    assert "a pressure, e.g. '5 Pa'" in message
