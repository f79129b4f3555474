"""Sweep files: every key checked, units parsed once by pint, parameter paths checked against the base
scenario, and a point's values written where a user would type them (docs/user-guide/sweeps.md)."""

from __future__ import annotations

import numpy as np
import pytest

from dryingsim.errors import ScenarioError, SweepError
from dryingsim.sweeps import load_sweep
from dryingsim.sweeps.execute import point_editor, point_name

RATE = '[[parameters]]\nname = "rate"\npath = "drying.rate"\nrange = ["1 g/m^2/s", "3 g/m^2/s"]\nsteps = 3\n'


def test_values_with_units_are_kept_in_si(write_sweep):
    """'1 g/m^2/s' is 1e-3 kg m-2 s-1 and '80 degC' is 353.15 K (pint); a percent is a plain fraction."""
    sweep = load_sweep(write_sweep(
        RATE + '[[parameters]]\nname = "t"\npath = "rheology.liquid_viscosity"\nvalues = ["100 mPa*s", "0.2 Pa*s"]\n'
        '[[parameters]]\nname = "binder"\npath = "layers[0].components[2].mass_fraction"\nvalues = ["3 %", "4 %"]\n'))
    rate, viscosity, binder = sweep.parameters
    assert rate.bounds == (0.001, 0.003) and rate.units == "kg/m**2/s"
    assert viscosity.values == (0.1, 0.2) and viscosity.units == "kg/m/s"
    assert binder.values == (0.03, 0.04) and binder.units == "1"


@pytest.mark.parametrize(("body", "field", "hint"), [
    (RATE.replace("steps = 3", "stesp = 3"), "parameters[0].stesp", "did you mean 'steps'"),
    (RATE.replace("steps = 3", "steps = 1"), "parameters[0].steps", ">= 2"),
    (RATE.replace('"1 g/m^2/s", "3 g/m^2/s"', '"3 g/m^2/s", "1 g/m^2/s"'), "parameters[0].range", "low < high"),
    (RATE.replace('"3 g/m^2/s"', '"3 um"'), "parameters[0].range", "one dimension"),
    (RATE.replace('"3 g/m^2/s"', '"3 furlongs/fortnight/bananas"'), "parameters[0].range[1]", "number"),
])
def test_a_bad_sweep_file_names_the_field(write_sweep, body, field, hint):
    """Unknown keys, too few grid steps, falling ranges, mixed dimensions and unknown units are refused
    before any compute, naming the field."""
    with pytest.raises(SweepError) as error:
        load_sweep(write_sweep(body))
    assert error.value.field == field and hint in str(error.value)


def test_a_misspelled_top_level_key_suggests_the_right_one(write_sweep):
    with pytest.raises(SweepError, match="did you mean 'seed'"):
        load_sweep(write_sweep(RATE, extra="sead = 3"))


def test_a_sobol_design_needs_samples_and_ranges(write_sweep):
    with pytest.raises(SweepError, match="samples"):
        load_sweep(write_sweep(RATE.replace("steps = 3\n", ""), design="sobol"))
    with pytest.raises(SweepError, match="range"):
        load_sweep(write_sweep('[[parameters]]\nname = "r"\npath = "drying.rate"\nvalues = ["1 g/m^2/s"]\n',
                               design="sobol", extra="samples = 4"))


def test_a_misspelled_parameter_path_suggests_the_field(write_sweep):
    """A path that names no numeric field of the base scenario is a sweep error with the closest path."""
    sweep = load_sweep(write_sweep(RATE.replace('path = "drying.rate"', 'path = "rheology.liquid_viscosty"')))
    with pytest.raises(SweepError, match="rheology.liquid_viscosity"):
        point_editor(sweep)


def test_a_mass_fraction_takes_its_share_from_the_others(write_sweep):
    """Binder 6 wt % instead of 3: the other components keep their ratios and all sum to 1."""
    sweep = load_sweep(write_sweep('[[parameters]]\nname = "sbr"\npath = "layers[0].components[2].mass_fraction"\n'
                                   'values = ["6 %"]\n'))
    factory = point_editor(sweep)
    base = [c.mass_fraction for c in factory.base_scenario.layers[0].components]
    new = [c.mass_fraction for c in factory.scenario([0.06], "p0").layers[0].components]
    assert new[2] == 0.06 and sum(new) == pytest.approx(1.0, abs=1e-15)
    others = [i for i in range(4) if i != 2]
    np.testing.assert_allclose(np.array(new)[others] / np.array(base)[others], 0.94 / 0.97, rtol=1e-14)


def test_thickness_and_rate_replace_their_alternatives(write_sweep):
    """A wet thickness replaces an areal loading (and back); a constant rate replaces a schedule."""
    sweep = load_sweep(write_sweep(
        '[[parameters]]\nname = "loading"\npath = "layers[0].areal_loading"\nvalues = ["8 mg/cm^2"]\n' + RATE))
    editor = point_editor(sweep)
    scenario = editor.scenario([0.08, 0.002], point_name(editor, 7))
    assert scenario.layers[0].areal_loading == 0.08 and scenario.layers[0].wet_thickness is None
    assert scenario.drying.rates == (0.002,) and scenario.name == "sweep-anode#7"


def test_an_impossible_point_is_a_scenario_error_naming_its_field(write_sweep):
    """A negative wet thickness fails the scenario's own range check, with field, value and range."""
    sweep = load_sweep(write_sweep(
        '[[parameters]]\nname = "h"\npath = "layers[0].wet_thickness"\nvalues = ["-10 um", "100 um"]\n'))
    outcome = point_editor(sweep).scenario_or_error([-1e-5], "p0")
    assert isinstance(outcome, ScenarioError) and outcome.field == "layers[0].wet_thickness"


def test_an_optional_field_the_base_leaves_out_can_be_varied(write_sweep):
    """physics.binder_diffusivity is not in the base file (the material library's default applies); a sweep
    may still set it, and the scenario then carries the value."""
    sweep = load_sweep(write_sweep('[[parameters]]\nname = "d"\npath = "physics.binder_diffusivity"\n'
                                   'values = ["3e-10 m^2/s"]\n'))
    editor = point_editor(sweep)
    assert editor.scenario([3e-10], "p").physics.binder_diffusivity == 3e-10
