"""TOML scenario files: loading to SI, key errors, file errors and the round trip back to TOML."""

import dataclasses

import numpy as np
import pytest

from dryingsim.errors import ScenarioError
from dryingsim.inputs.toml import tomllib  # the standard library's, or tomli on Python 3.10
from dryingsim.scenario import (
    Component,
    DryingSchedule,
    Layer,
    Numerics,
    PhysicsParameters,
    Rheology,
    Scenario,
    SizeDistribution,
    read_scenario,
    scenario_from_dict,
    scenario_to_toml,
)

ANODE = """
name = "anode-medium"
description = "graphite anode, water, one layer"
references = ["made up for the test"]
solvent = "water"

[rheology]
liquid_viscosity = "0.1 Pa*s"
yield_stress = "5 Pa"

[[layers]]
name = "anode"
wet_thickness = "150 um"
solids_content = "45 %"

  [[layers.components]]
  material = "graphite"
  mass_fraction = "93 wt%"
  size = { d10 = "8 um", d50 = "17 um", d90 = "30 um" }

  [[layers.components]]
  name = "binder"
  material = "cmc"
  mass_fraction = 0.07
  size = { diameters = ["5 um", "12 um"], volume_fractions = [0.4, 0.6] }

[drying]
temperature = "25 degC"
schedule = [ { time = "0 s", rate = "1.5 g/m^2/s" }, { time = "60 s", rate = "0.5 g/m^2/s" } ]

[physics]
binder_diffusivity = "1e-11 m^2/s"
binder_gel_concentration = "60 g/L"
max_packing = 0.62

[numerics]
cells = 200
max_time_step = "2 s"
"""


@pytest.fixture
def anode():
    """The parsed tables of the anode example."""
    return tomllib.loads(ANODE)


@pytest.fixture
def rng():
    """Seeded random numbers."""
    return np.random.default_rng(20240601)


def table_at(data, steps):
    """The table reached from ``data`` by ``steps`` (keys and indices) and its dotted path."""
    for step in steps:
        data = data[step]
    path = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in steps).lstrip(".")
    return data, path


def key_path(path, key):
    """Dotted path of ``key`` in the table at ``path``."""
    return f"{path}.{key}" if path else key


def raises_naming(data, field, value, allowed, shown=None):
    """scenario_from_dict must raise a ScenarioError naming the field, the value and what is allowed.

    ``shown`` is how the value appears in the message (default: its repr).
    """
    with pytest.raises(ScenarioError) as error:
        scenario_from_dict(data)
    message = str(error.value)
    assert error.value.field == field
    assert f"'{field}'" in message
    assert (shown or repr(value)) in message
    assert allowed in message
    return message


def test_file_loads_to_si(tmp_path):
    """150 um -> 1.5e-4 m, 25 degC -> 298.15 K, 1.5 g/m^2/s -> 1.5e-3 kg m-2 s-1, 45 % -> 0.45."""
    path = tmp_path / "anode.toml"
    path.write_text(ANODE)
    scenario = read_scenario(path)
    layer = scenario.layers[0]
    assert layer.wet_thickness == 1.5e-4
    assert layer.areal_loading is None
    assert layer.solids_content == 0.45
    assert scenario.drying.temperature == 298.15
    assert scenario.drying.times == (0.0, 60.0)
    assert scenario.drying.rates == (1.5e-3, 5e-4)
    assert scenario.rheology == Rheology(liquid_viscosity=0.1, yield_stress=5.0)
    assert scenario.physics.binder_diffusivity == 1e-11
    assert scenario.physics.binder_gel_concentration == 60.0
    assert scenario.numerics.max_time_step == 2.0
    assert scenario.numerics.cells == 200
    assert scenario.references == ("made up for the test",)


def test_component_name_defaults_to_material(anode):
    """A component without a name is named after its material."""
    names = [component.name for component in scenario_from_dict(anode).layers[0].components]
    assert names == ["graphite", "binder"]


def test_percentiles_keep_three_diameters_and_no_fractions(anode):
    """d10/d50/d90 are stored as three diameters with an empty volume_fractions tuple."""
    graphite, binder = scenario_from_dict(anode).layers[0].components
    assert graphite.size == SizeDistribution(diameters=(8e-6, 17e-6, 30e-6), volume_fractions=())
    assert binder.size == SizeDistribution(diameters=(5e-6, 12e-6), volume_fractions=(0.4, 0.6))


def test_optional_fields_take_their_defaults(anode):
    """Without temperature, interpolation, yield stress, physics and numerics the schema defaults apply."""
    del anode["drying"]["temperature"], anode["rheology"]["yield_stress"], anode["physics"], anode["numerics"]
    scenario = scenario_from_dict(anode)
    assert scenario.drying.temperature == 298.15
    assert scenario.drying.interpolation == "previous"
    assert scenario.rheology.yield_stress == 0.0
    assert scenario.physics == PhysicsParameters()
    assert scenario.numerics == Numerics()


def test_constant_rate_shorthand(anode):
    """rate = '1.5 g/m^2/s' is a one-point schedule starting at t = 0."""
    del anode["drying"]["schedule"]
    anode["drying"]["rate"] = "1.5 g/m^2/s"
    assert scenario_from_dict(anode).drying.times == (0.0,)
    assert scenario_from_dict(anode).drying.rates == (1.5e-3,)


def test_areal_loading_converts_to_si(anode):
    """areal_loading = '10 mg/cm^2' is 0.1 kg m-2 and replaces the wet thickness."""
    del anode["layers"][0]["wet_thickness"]
    anode["layers"][0]["areal_loading"] = "10 mg/cm^2"
    layer = scenario_from_dict(anode).layers[0]
    assert (layer.areal_loading, layer.wet_thickness) == (0.1, None)


@pytest.mark.parametrize(
    ("table", "wrong", "right"),
    [
        ((), "solvnet", "solvent"),
        (("rheology",), "liquid_viscosty", "liquid_viscosity"),
        (("layers", 0), "wet_thicknes", "wet_thickness"),
        (("layers", 0, "components", 0), "mass_fracton", "mass_fraction"),
        (("layers", 0, "components", 0, "size"), "d500", "d50"),
        (("drying",), "temprature", "temperature"),
        (("drying", "schedule", 1), "rates", "rate"),
        (("physics",), "max_pakcing", "max_packing"),
        (("numerics",), "cels", "cells"),
    ],
)
def test_misspelled_key_suggests_the_right_one(anode, table, wrong, right):
    """A misspelled key at any level names its dotted path, lists the allowed keys, suggests the closest."""
    target, path = table_at(anode, table)
    value = target.pop(right) if right in target else "x"
    target[wrong] = value
    message = raises_naming(anode, key_path(path, wrong), value, f"did you mean '{right}'?")
    assert right in message.split("allowed: keys ")[1].split(", ")


def test_unknown_key_lists_allowed_keys(anode):
    """An unknown key without a close match lists every allowed key of its table."""
    anode["rheology"]["colour"] = "grey"
    message = raises_naming(anode, "rheology.colour", "grey", "keys liquid_viscosity, yield_stress")
    assert "did you mean" not in message


@pytest.mark.parametrize(
    ("table", "key"),
    [((), "layers"), (("rheology",), "liquid_viscosity"), (("layers", 0), "solids_content"),
     (("layers", 0, "components", 0), "material"), (("drying", "schedule", 0), "time")],
)
def test_missing_required_key_is_named(anode, table, key):
    """A missing required key is an error naming its dotted path."""
    target, path = table_at(anode, table)
    del target[key]
    shown = "got nothing (required key is missing)"
    message = raises_naming(anode, key_path(path, key), None, "required keys", shown=shown)
    assert key in message.split("allowed: required keys ")[1].split(", ")


def test_schedule_and_rate_are_exclusive(anode):
    """[drying] takes either a schedule or a constant rate, not both."""
    anode["drying"]["rate"] = "1 g/m^2/s"
    raises_naming(anode, "drying.schedule", ["schedule", "rate"], "exactly one of 'schedule' or 'rate'")


def test_wrong_unit_in_file_names_the_field(anode):
    """wet_thickness = '150 g' names the layer field, the value and an example length."""
    anode["layers"][0]["wet_thickness"] = "150 g"
    raises_naming(anode, "layers[0].wet_thickness", "150 g", "a length, e.g. '150 um'")


def test_plain_number_for_dimensional_field_asks_for_unit(anode):
    """wet_thickness = 150 (no unit) is rejected with a request for a unit."""
    anode["layers"][0]["wet_thickness"] = 150
    message = raises_naming(anode, "layers[0].wet_thickness", 150, "a length, e.g. '150 um'")
    assert "a unit is required" in message


def test_table_expected_where_value_given(anode):
    """A value where a table is expected is rejected."""
    anode["rheology"] = "0.1 Pa*s"
    raises_naming(anode, "rheology", "0.1 Pa*s", "a table with keys")


def test_loading_checks_ranges(anode):
    """scenario_from_dict runs check_scenario: a 6 mm wet film is out of range."""
    anode["layers"][0]["wet_thickness"] = "6 mm"
    raises_naming(anode, "layers[0].wet_thickness", 0.006, "(0, 0.005] m")


def test_float_for_integer_setting_is_rejected(anode):
    """cells = 200.0 is a type error: cells is a count."""
    anode["numerics"]["cells"] = 200.0
    raises_naming(anode, "numerics.cells", 200.0, "integers in [10, 5000]")


def test_missing_file_is_a_scenario_error(tmp_path):
    """A file that does not exist is reported with field '<file>' and its path."""
    path = tmp_path / "nope.toml"
    with pytest.raises(ScenarioError) as error:
        read_scenario(path)
    assert error.value.field == "<file>"
    assert str(path) in str(error.value)
    assert "No such file" in str(error.value)


def test_toml_syntax_error_gives_the_line(tmp_path):
    """A TOML syntax error is reported with field '<file>' and the parser's line number."""
    path = tmp_path / "broken.toml"
    path.write_text('name = "x"\nsolvent = "water"\n[rheology\n')
    with pytest.raises(ScenarioError) as error:
        read_scenario(path)
    assert error.value.field == "<file>"
    assert "line 3" in str(error.value)
    assert "a valid TOML file" in str(error.value)


def random_scenario(rng):
    """A two-layer scenario with awkward (full-precision) floats inside every range."""
    share = rng.uniform(0.5, 0.9)
    components = (
        Component("nmc", "nmc811", share, SizeDistribution(tuple(np.sort(rng.uniform(1e-6, 2e-5, 3))), ())),
        Component("pvdf", "pvdf", 1.0 - share),
    )
    classes = SizeDistribution((rng.uniform(1e-6, 1e-5), rng.uniform(1e-5, 3e-5)), (0.25, 0.75))
    return Scenario(
        name="random", solvent="nmp",
        layers=(
            Layer("bottom", components, rng.uniform(0.4, 0.8), wet_thickness=rng.uniform(5e-5, 4e-4)),
            Layer("top", (Component("nmc", "nmc811", 1.0, classes),), rng.uniform(0.4, 0.8),
                  areal_loading=rng.uniform(0.05, 0.3)),
        ),
        rheology=Rheology(rng.uniform(0.01, 10.0), rng.uniform(0.0, 50.0)),
        drying=DryingSchedule(times=(0.0, *np.cumsum(rng.uniform(1.0, 100.0, 3))),
                              rates=tuple(rng.uniform(1e-4, 3e-3, 4)), interpolation="linear",
                              temperature=rng.uniform(290.0, 350.0)),
        physics=PhysicsParameters(max_packing=rng.uniform(0.5, 0.7),
                                  binder_diffusivity=rng.uniform(1e-12, 1e-9),
                                  binder_gel_concentration=rng.uniform(10.0, 500.0)),
        numerics=Numerics(cells=int(rng.integers(10, 500)), max_time_step=rng.uniform(1.0, 10.0)),
    )


def test_round_trip_is_exact(anode, rng):
    """scenario_from_dict(tomllib.loads(scenario_to_toml(s))) == s, bit for bit, for several scenarios."""
    from_file = scenario_from_dict(anode)
    scenarios = [
        from_file,
        dataclasses.replace(from_file, description='quotes " and \\ and\nnew line', references=()),
        dataclasses.replace(from_file, rheology=Rheology(0.1 + 0.2, 1.0 / 3.0)),
        *(random_scenario(rng) for _ in range(5)),
    ]
    for scenario in scenarios:
        assert scenario_from_dict(tomllib.loads(scenario_to_toml(scenario))) == scenario


def test_toml_carries_si_units(anode):
    """The written TOML spells every dimensional value in SI with its unit."""
    text = scenario_to_toml(scenario_from_dict(anode))
    for snippet in ['"0.00015 m"', '"298.15 K"', '"0.0015 kg/m^2/s"', '"0.1 Pa*s"', '"1e-11 m^2/s"',
                    '"2.0 s"', "solids_content = 0.45", "cells = 200"]:
        assert snippet in text
