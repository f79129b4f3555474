"""Dryer scenarios: ``[drying]`` with web speed, zones and foil, read from TOML and checked before any compute."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

from dryingsim.errors import ScenarioError
from dryingsim.model import load_scenario
from dryingsim.scenario import Dryer, scenario_from_dict, scenario_to_toml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SCENARIOS = Path(__file__).parents[3] / "scenarios"
DRYER_FILES = sorted(p.name for p in SCENARIOS.glob("*-dryer.toml"))


@pytest.fixture
def dryer_dict() -> dict:
    with open(SCENARIOS / "anode-dryer.toml", "rb") as file:
        return tomllib.load(file)


def test_every_shipped_electrode_has_a_dryer_variant():
    """Issue 4: the anode and both cathodes ship a dryer-zone variant; the three-stage profile ships as a
    rate schedule and as a zone layout."""
    assert {"anode-dryer.toml", "cathode-nmc-dryer.toml", "cathode-lfp-dryer.toml",
            "anode-three-stage-dryer.toml"} <= set(DRYER_FILES)
    assert (SCENARIOS / "anode-three-stage.toml").exists()


@pytest.mark.parametrize("name", DRYER_FILES)
def test_dryer_scenario_loads_with_units_in_si_and_writes_back_exactly(name):
    """Web speed 'm/min', temperatures 'degC', coefficients 'W/m^2/K' and 'g/kg' become SI once, and the
    scenario written to TOML loads back equal (no value lost or rounded)."""
    scenario = load_scenario(SCENARIOS / name)
    assert isinstance(scenario.drying, Dryer)
    assert 0.0 < scenario.drying.web_speed < 1.0  # m/s
    assert all(273.15 < zone.air_temperature < 473.15 for zone in scenario.drying.zones)
    assert scenario_from_dict(tomllib.loads(scenario_to_toml(scenario))) == scenario


def test_zone_times_follow_from_length_and_web_speed(dryer_dict):
    """The web spends length / web_speed in each zone: three 1 m zones at 1.5 m/min end at 40, 80, 120 s."""
    dryer = scenario_from_dict(dryer_dict).drying
    assert dryer.zone_ends == pytest.approx((40.0, 80.0, 120.0))


@pytest.mark.parametrize(("path", "value", "field", "allowed"), [
    (("zones", 0, "length"), "0 m", "drying.zones[0].length", "(0, 100] m"),
    (("zones", 1, "heat_transfer_top"), "-5 W/m^2/K", "drying.zones[1].heat_transfer_top", "(0, 1000] W/m^2/K"),
    (("zones", 2, "air_temperature"), "350 degC", "drying.zones[2].air_temperature", "[273.15, 473.15] K"),
    (("web_speed",), "0 m/min", "drying.web_speed", "(0, 5] m/s"),
    (("foil", "thickness"), "-10 um", "drying.foil.thickness", "(0, 0.001] m"),
    (("zones", 0, "air_solvent_content"), "-1 g/kg", "drying.zones[0].air_solvent_content", "[0, 0.5]"),
])
def test_bad_dryer_input_names_field_value_and_range(dryer_dict, path, value, field, allowed):
    """Issue 4: a zone with no length, a negative heat-transfer coefficient, air hotter than a sane bound
    (200 degC) or a web speed of zero fail before any compute, naming the field, the value and the range."""
    data = copy.deepcopy(dryer_dict)
    target = data["drying"]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ScenarioError) as error:
        scenario_from_dict(data)
    assert error.value.field == field
    assert allowed in str(error.value)


def test_zone_without_length_is_a_missing_key(dryer_dict):
    """A zone must say how long it is: a missing 'length' is an error naming it."""
    data = copy.deepcopy(dryer_dict)
    del data["drying"]["zones"][0]["length"]
    with pytest.raises(ScenarioError, match=r"drying\.zones\[0\]\.length.*required key is missing"):
        scenario_from_dict(data)


def test_misspelled_zone_key_suggests_the_right_one(dryer_dict):
    """Unknown keys are errors, with the closest allowed key suggested."""
    data = copy.deepcopy(dryer_dict)
    data["drying"]["zones"][0]["air_temperatur"] = data["drying"]["zones"][0].pop("air_temperature")
    with pytest.raises(ScenarioError, match="did you mean 'air_temperature'"):
        scenario_from_dict(data)


def test_zone_must_heat_the_top(dryer_dict):
    """The solvent leaves at the top: a zone without a top coefficient or nozzle velocity is refused."""
    data = copy.deepcopy(dryer_dict)
    del data["drying"]["zones"][1]["heat_transfer_top"]
    with pytest.raises(ScenarioError, match=r"drying\.zones\[1\]\.heat_transfer_top.*top must be heated"):
        scenario_from_dict(data)


def test_nozzle_velocity_needs_nozzle_geometry(dryer_dict):
    """A velocity gives a coefficient only with the slot-nozzle geometry (Martin 1977); without it, an error."""
    data = copy.deepcopy(dryer_dict)
    zone = data["drying"]["zones"][0]
    del zone["heat_transfer_top"]
    zone["nozzle_velocity_top"] = "20 m/s"
    with pytest.raises(ScenarioError, match=r"nozzle_velocity_top.*slot-nozzle geometry"):
        scenario_from_dict(data)
    data["drying"]["nozzles"] = {"slot_width": "2 mm", "pitch": "50 mm", "distance": "20 mm"}
    assert scenario_from_dict(data).drying.zones[0].nozzle_velocity_top == 20.0


def test_schedule_and_dryer_keys_do_not_mix(dryer_dict):
    """A [drying] table is either a rate schedule or a dryer; a dryer with a 'rate' is refused."""
    data = copy.deepcopy(dryer_dict)
    data["drying"]["rate"] = "1 g/m^2/s"
    with pytest.raises(ScenarioError, match=r"drying\.rate.*not both"):
        scenario_from_dict(data)
