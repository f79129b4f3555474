"""Range and consistency checks of scenarios built in Python (check_scenario)."""

import dataclasses

import pytest

from dryingsim.errors import ScenarioError
from dryingsim.scenario import (
    Component,
    DryingSchedule,
    Layer,
    Rheology,
    Scenario,
    SizeDistribution,
    check_scenario,
)

BASE = Scenario(
    name="two-layer",
    solvent="water",
    layers=(
        Layer(
            name="bottom",
            components=(
                Component("graphite", "graphite", 0.95, SizeDistribution((8e-6, 17e-6, 30e-6), ())),
                Component("cmc", "cmc", 0.05),
            ),
            solids_content=0.45,
            wet_thickness=1.5e-4,
        ),
        Layer(
            name="top",
            components=(
                Component("graphite", "graphite", 0.9, SizeDistribution((5e-6, 12e-6), (0.4, 0.6))),
                Component("sbr", "sbr_latex", 0.1),
            ),
            solids_content=0.5,
            areal_loading=0.05,
        ),
    ),
    rheology=Rheology(liquid_viscosity=0.1, yield_stress=5.0),
    drying=DryingSchedule(times=(0.0, 60.0), rates=(1.5e-3, 5e-4)),
)


def with_field(obj, path, value):
    """Copy of ``obj`` with the field at dotted ``path`` (e.g. ``layers[0].wet_thickness``) replaced."""
    head, _, rest = path.partition(".")
    name, _, index = head.rstrip("]").partition("[")
    current = getattr(obj, name)
    if index:
        items = list(current)
        items[int(index)] = with_field(items[int(index)], rest, value) if rest else value
        new = tuple(items)
    else:
        new = with_field(current, rest, value) if rest else value
    return dataclasses.replace(obj, **{name: new})


def raises_naming(scenario, field, value, allowed):
    """Run check_scenario and assert the error names the field, the value and what is allowed."""
    with pytest.raises(ScenarioError) as error:
        check_scenario(scenario)
    message = str(error.value)
    assert error.value.field == field
    assert f"'{field}'" in message
    assert repr(value) in message
    assert allowed in message
    return message


def test_valid_scenario_passes():
    """A two-layer scenario with percentile and explicit size classes is accepted."""
    check_scenario(BASE)


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("name", "", "a non-empty string"),
        ("solvent", "  ", "a non-empty string"),
        ("layers[0].name", "", "a non-empty string"),
        ("layers[0].wet_thickness", 6e-3, "(0, 0.005] m"),
        ("layers[0].wet_thickness", 0.0, "(0, 0.005] m"),
        ("layers[1].areal_loading", 1.5, "(0, 1] kg/m^2"),
        ("layers[0].solids_content", 1.0, "(0, 1)"),
        ("layers[0].components[0].mass_fraction", 0.0, "(0, 1]"),
        ("layers[0].components[1].material", "", "a non-empty string"),
        ("layers[0].components[0].size.diameters[1]", -1e-6, "(0, 0.001] m"),
        ("layers[1].components[0].size.volume_fractions[0]", 1.5, "(0, 1]"),
        ("rheology.liquid_viscosity", 1e-5, "[0.0001, 1000] Pa*s"),
        ("rheology.yield_stress", -1.0, "[0, 10000] Pa"),
        ("drying.temperature", 500.0, "[273.15, 473.15] K"),
        ("drying.interpolation", "cubic", "previous or linear"),
        ("physics.max_packing", 0.3, "(0.3, 0.74]"),
        ("physics.richardson_zaki_exponent", 0.5, "[1, 10]"),
        ("physics.critical_yield_number", 0.0, "(0, 10]"),
        ("physics.latex_bound_fraction", 1.1, "[0, 1]"),
        ("physics.binder_diffusivity", 1e-6, "(0, 1e-07] m^2/s"),
        ("physics.binder_gel_concentration", 0.0, "(0, 2000] kg/m^3"),
        ("physics.capillary_pressure_scale", 101.0, "(0, 100]"),
        ("physics.brooks_corey_lambda", 0.1, "(0.1, 10]"),
        ("physics.front_saturation", 0.0, "(0, 0.5]"),
        ("numerics.cells", 5, "integers in [10, 5000]"),
        ("numerics.max_time_step", 0.0, "(0, inf) s"),
        ("numerics.initial_time_step", -1.0, "(0, inf) s"),
        ("numerics.max_change_per_step", 0.6, "(0, 0.5]"),
        ("numerics.picard_tolerance", 0.1, "(0, 0.01]"),
        ("numerics.max_sweeps", 0, "integers in [1, 200]"),
        ("numerics.consolidation_tolerance", 0.2, "(0, 0.1]"),
        ("numerics.end_solvent_fraction", 0.0, "(0, 0.1]"),
        ("numerics.size_classes", 21, "integers in [1, 20]"),
        ("numerics.output_times", 1, "integers in [2, 100000]"),
        ("numerics.max_steps", 5, "integers in [10, inf)"),
    ],
)
def test_field_outside_its_range_is_rejected(field, value, allowed):
    """Every bounded field rejects a value outside its range, naming field, value and interval."""
    raises_naming(with_field(BASE, field, value), field, value, allowed)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("rheology.liquid_viscosity", "0.1 Pa*s", "not a number"),
        ("physics.max_packing", None, "not a number"),
        ("numerics.cells", 100.0, "not an integer"),
        ("numerics.max_sweeps", True, "not an integer"),
    ],
)
def test_value_of_wrong_type_is_rejected(field, value, reason):
    """A string where a number is expected, or a float for a count, is a ScenarioError, not a TypeError."""
    message = raises_naming(with_field(BASE, field, value), field, value, "")
    assert reason in message


def test_nan_is_outside_every_range():
    """NaN never passes a range check."""
    with pytest.raises(ScenarioError, match="layers\\[0\\].solids_content"):
        check_scenario(with_field(BASE, "layers[0].solids_content", float("nan")))


def test_list_instead_of_tuple_is_rejected():
    """Sequences must be tuples so that the scenario stays immutable."""
    components = list(BASE.layers[0].components)
    raises_naming(with_field(BASE, "layers[0].components", components), "layers[0].components",
                  components, "a tuple (the scenario is immutable)")


def test_scenario_needs_a_layer():
    """A scenario without layers is rejected."""
    raises_naming(dataclasses.replace(BASE, layers=()), "layers", (), "at least 1 item(s)")


def test_layer_needs_a_component():
    """A layer without components is rejected."""
    raises_naming(with_field(BASE, "layers[0].components", ()), "layers[0].components", (),
                  "at least 1 item(s)")


@pytest.mark.parametrize(("wet_thickness", "areal_loading"), [(1.5e-4, 0.05), (None, None)])
def test_layer_needs_exactly_one_of_thickness_and_loading(wet_thickness, areal_loading):
    """A layer gives its amount as a wet thickness or an areal loading, never both or neither."""
    layer = dataclasses.replace(BASE.layers[0], wet_thickness=wet_thickness, areal_loading=areal_loading)
    scenario = dataclasses.replace(BASE, layers=(layer,))
    given = {"wet_thickness": wet_thickness, "areal_loading": areal_loading}
    raises_naming(scenario, "layers[0]", given, "exactly one of wet_thickness, areal_loading")


def test_mass_fractions_must_sum_to_one():
    """Dry mass fractions summing to 95 % are rejected; the message gives the sum in %."""
    scenario = with_field(BASE, "layers[0].components[0].mass_fraction", 0.9)
    message = raises_naming(scenario, "layers[0].components[*].mass_fraction", (0.9, 0.05),
                            "fractions summing to 100 % (within 0.01 %)")
    assert "they sum to 95 %" in message


def test_mass_fractions_within_tolerance_pass():
    """Mass fractions summing to 1 within 1e-4 are accepted."""
    check_scenario(with_field(BASE, "layers[0].components[0].mass_fraction", 0.95 + 5e-5))


def test_percentiles_must_not_decrease():
    """A D10/D50/D90 size distribution needs d10 <= d50 <= d90."""
    diameters = (17e-6, 8e-6, 30e-6)
    raises_naming(with_field(BASE, "layers[0].components[0].size.diameters", diameters),
                  "layers[0].components[0].size.diameters", diameters, "d10 <= d50 <= d90")


def test_size_class_fractions_must_sum_to_one():
    """Explicit size classes need volume fractions summing to 100 %."""
    field = "layers[1].components[0].size.volume_fractions"
    message = raises_naming(with_field(BASE, field, (0.4, 0.5)), field, (0.4, 0.5), "summing to 100 %")
    assert "they sum to 90 %" in message


def test_size_class_fractions_match_diameters():
    """Explicit size classes need one volume fraction per diameter."""
    field = "layers[1].components[0].size.volume_fractions"
    raises_naming(with_field(BASE, field, (1.0,)), field, (1.0,), "one volume fraction per diameter (2)")


def test_schedule_starts_at_time_zero():
    """The drying schedule's first time is 0 s."""
    raises_naming(with_field(BASE, "drying.times", (1.0, 60.0)), "drying.times[0]", 1.0, "0 s")


def test_schedule_times_strictly_increase():
    """Schedule times must strictly increase."""
    raises_naming(with_field(BASE, "drying.times", (0.0, 0.0)), "drying.times[1]", 0.0,
                  "strictly increasing times")


@pytest.mark.parametrize("rate", [0.2, -1e-3])
def test_schedule_rate_outside_range_is_rejected(rate):
    """Evaporation rates lie in [0, 0.1] kg m-2 s-1."""
    raises_naming(with_field(BASE, "drying.rates[1]", rate), "drying.rates[1]", rate, "[0, 0.1] kg/m^2/s")


def test_schedule_needs_a_positive_rate():
    """A schedule that never evaporates is rejected."""
    raises_naming(with_field(BASE, "drying.rates", (0.0, 0.0)), "drying.rates", (0.0, 0.0),
                  "at least one rate > 0")


def test_schedule_needs_one_rate_per_time():
    """Times and rates have the same length."""
    raises_naming(with_field(BASE, "drying.rates", (1e-3,)), "drying.rates", (1e-3,), "one rate per time (2)")


def test_initial_step_not_above_max_step():
    """The initial time step may not exceed the largest time step."""
    raises_naming(with_field(BASE, "numerics.initial_time_step", 10.0), "numerics.initial_time_step", 10.0,
                  "at most max_time_step = 5.0 s")


def test_component_name_keeps_its_material_across_layers():
    """A component name used in two layers must name the same material in both."""
    scenario = with_field(BASE, "layers[1].components[1].name", "cmc")
    raises_naming(scenario, "layers[1].components[1].material", "sbr_latex", "'cmc', as for component 'cmc'")


def test_component_names_unique_within_layer():
    """Two components of one layer may not share a name."""
    scenario = with_field(BASE, "layers[0].components[1].name", "graphite")
    raises_naming(scenario, "layers[0].components", ["graphite"], "distinct component names")


def test_scenario_is_immutable():
    """Scenario and its parts are frozen: assigning a field raises."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        BASE.name = "other"
    with pytest.raises(dataclasses.FrozenInstanceError):
        BASE.layers[0].wet_thickness = 1e-4
