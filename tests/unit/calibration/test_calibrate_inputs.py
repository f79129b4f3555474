"""calibrate(): bad input is refused before any fitting, naming the problem (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

import dryingsim
from dryingsim.calibration import calibrate
from dryingsim.errors import InputError

BASE = Path(__file__).parents[2] / "data" / "sweeps" / "sweep-anode.toml"


@pytest.fixture(scope="module")
def scenario():
    return dryingsim.load_scenario(BASE)


@pytest.fixture(scope="module")
def measured(scenario):
    return dryingsim.measurement.virtual_lab_measurement(dryingsim.simulate(scenario), seed=1)


@pytest.mark.parametrize(("parameters", "message"), [
    ({"physics.binder_difusivity": ("1e-11 m^2/s", "1e-9 m^2/s")}, "did you mean 'physics.binder_diffusivity'"),
    ({"physics.latex_bound_fraction": (0.5, 0.9)}, "own value 0"),
    ({"physics.binder_diffusivity": ("1e-9 m^2/s", "1e-11 m^2/s")}, "low < high"),
    ({"physics.binder_diffusivity": ("1e-11 m^2/s", "1e-9 m")}, "one unit"),
    ({"physics.binder_diffusivity": "1e-11 m^2/s"}, "(low, high)"),
    ({}, "at least one"),
    ({"physics.binder_diffusivity": ("1e-11", "1e-9")}, "plain numbers for a field in m^2/s"),
    ({"physics.max_packing": (0.5, 0.99)}, "(0.3, 0.74]"),
])
def test_bad_parameters_are_named(scenario, measured, parameters, message):
    """A misspelled path (with the closest field), bounds that exclude the scenario's own value, falling
    bounds, mixed units, a missing pair, bounds without the field's unit and bounds outside the field's
    allowed range are errors before any model run."""
    with pytest.raises(InputError) as error:
        calibrate(scenario, measured, parameters)
    assert message in str(error.value)


def test_each_scenario_needs_its_measured_profile(scenario, measured):
    with pytest.raises(InputError, match="one per scenario"):
        calibrate([scenario, scenario], measured, {"physics.latex_bound_fraction": (0.0, 0.9)})


def test_measured_depths_past_the_coating_are_refused(scenario, measured):
    """A measured profile deeper than the predicted coating (wrong units, uncalendered) names the problem."""
    deeper = measured.assign(top_depth=measured["top_depth"] * 3, bottom_depth=measured["bottom_depth"] * 3)
    with pytest.raises(InputError, match="thicker than the prediction"):
        calibrate(scenario, deeper, {"physics.latex_bound_fraction": (0.0, 0.9)}, max_iterations=1)


def test_a_measured_csv_without_its_metadata_is_refused(scenario, tmp_path):
    path = tmp_path / "profile.csv"
    path.write_text("top_depth_um,bottom_depth_um,binder_wt_percent\n0,10,5\n", encoding="utf-8")
    with pytest.raises(InputError, match="metadata"):
        calibrate(scenario, path, {"physics.latex_bound_fraction": (0.0, 0.9)})


def test_a_parameter_the_profile_does_not_depend_on_is_named_undetermined(scenario, measured):
    """The sweep anode's 5 Pa yield stress holds its graphite (yield number ~40, far above the critical
    0.096), so the hindered-settling exponent cannot move the binder profile: the fit must say the data do
    not determine it, with an interval spanning its bounds, rather than report a precise value."""
    fit = calibrate(scenario, measured, {"physics.richardson_zaki_exponent": (4.0, 6.0)}, workers=1)
    assert fit.undetermined == ("physics.richardson_zaki_exponent",)
    assert "do not determine physics.richardson_zaki_exponent" in fit.table()
    assert tuple(fit.intervals[0]) == (4.0, 6.0)
