"""Drying conditions set by a dryer (issue 4; docs/theory/model.md section 5).

The wet-bulb and evaporation checks compare the model with property data it does not use itself:
IAPWS-97 water (saturation pressure, latent heat) and the Lemmon et al. (2000) / Lemmon & Jacobsen
(2004) air formulation, both from the ``iapws`` package, and the Fuller et al. (1966) diffusivity.
"""

from __future__ import annotations

import copy
import math
import sys
from pathlib import Path

import numpy as np
import pytest
from iapws import IAPWS97
from iapws.humidAir import Air
from scipy.optimize import brentq

import dryingsim
from dryingsim.engines import run_engine
from dryingsim.model import DryingProblem
from dryingsim.scenario import scenario_from_dict

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SCENARIOS = Path(__file__).parents[2] / "scenarios"
P_ATM = 101325.0
M_RATIO = 0.621945  # M_water / M_dry_air, ASHRAE Handbook - Fundamentals (2017), ch. 1, eq. (20)


def _anode_dryer(cells: int, **zone_changes) -> dict:
    """anode-dryer.toml as a dict, on a coarse grid, with every zone changed as given."""
    with open(SCENARIOS / "anode-dryer.toml", "rb") as file:
        data = tomllib.load(file)
    data["numerics"] = {"cells": cells}
    for zone in data["drying"]["zones"]:
        zone.update(copy.deepcopy(zone_changes))
    return data


def _single_zone(air_celsius: float, humidity: float, h_top: float, h_bottom: float) -> dict:
    """One long zone (the film stays in it), water in air, top (and maybe bottom) heating."""
    data = _anode_dryer(20)
    data["drying"]["zones"] = [{"name": "test", "length": "10 m", "air_temperature": f"{air_celsius} degC",
                                "heat_transfer_top": f"{h_top} W/m^2/K", "heat_transfer_bottom": f"{h_bottom} W/m^2/K",
                                "air_solvent_content": humidity}]
    return data


# ---- an independent psychrometric calculation ---------------------------------------------------
def _saturation_humidity(temperature: float) -> float:
    """Humidity ratio of saturated air, IAPWS-97 saturation pressure, ASHRAE eq. (23) without enhancement."""
    p = IAPWS97(T=temperature, x=0).P * 1e6
    return M_RATIO * p / (P_ATM - p)


def _latent_heat(temperature: float) -> float:
    """IAPWS-97 enthalpy of vaporisation [J kg-1]."""
    return (IAPWS97(T=temperature, x=1).h - IAPWS97(T=temperature, x=0).h) * 1e3


def _fuller_water_air_diffusivity(temperature: float) -> float:
    """Fuller, Schettler & Giddings (1966) as in Poling, Prausnitz & O'Connell (2001) eq. (11-4.4), with the
    diffusion volumes of Table 11-1 (H2O 13.1, air 19.7) [m2 s-1]."""
    d_cm2 = (1e-3 * temperature**1.75 * math.sqrt(1 / 18.015 + 1 / 28.965)
             / (P_ATM / 101325.0 * (13.1 ** (1 / 3) + 19.7 ** (1 / 3)) ** 2))
    return d_cm2 * 1e-4


def _psychrometric_film_temperature(air: float, humidity: float, h_top: float, h_bottom: float) -> float:
    """Steady wet-film temperature from (h_t + h_b)(T_a - T) = dh_v(T) k_Y (Y_s(T) - Y), k_Y = h_t / (c_s Le^2/3).

    Humid heat c_s = c_p,a + 1.86 kJ/kg/K * Y (ASHRAE 2017 ch. 1); Le from the Lemmon air properties
    and the Fuller diffusivity at the air temperature. With h_b = 0 this is the psychrometric wet-bulb
    temperature of the Chilton-Colburn analogy.
    """
    gas = Air(T=air, P=P_ATM / 1e6)
    cp = gas.cp * 1e3
    lewis = gas.k / (gas.rho * cp * _fuller_water_air_diffusivity(air))
    k_y = h_top / ((cp + 1.86e3 * humidity) * lewis ** (2 / 3))
    balance = lambda t: (h_top + h_bottom) * (air - t) - _latent_heat(t) * k_y * (_saturation_humidity(t) - humidity)  # noqa: E731
    return brentq(balance, 274.0, air)


# ---- constant-rate period --------------------------------------------------------------------------
@pytest.fixture(scope="module", params=[(60.0, 0.010, 40.0, 0.0), (80.0, 0.007, 60.0, 0.0), (70.0, 0.007, 50.0, 50.0)],
                ids=["60C-top", "80C-top", "70C-top-and-bottom"])
def constant_rate_run(request):
    """30 s of a wet anode film in one zone: well inside the constant-rate period (stage 1)."""
    air_celsius, humidity, h_top, h_bottom = request.param
    problem = DryingProblem.from_scenario(scenario_from_dict(_single_zone(air_celsius, humidity, h_top, h_bottom)))
    record = run_engine(problem, until=30.0)
    return request.param, problem, record


def test_film_sits_at_the_wet_bulb_temperature_in_the_constant_rate_period(constant_rate_run):
    """Issue 4: in the constant-rate period the film sits at the zone's wet-bulb temperature (the steady state
    of the energy balance, with the bottom heating if any); within 0.5 K of an independent psychrometric
    calculation with IAPWS-97 water, Lemmon air and the Fuller diffusivity."""
    (air_celsius, humidity, h_top, h_bottom), _, record = constant_rate_run
    assert all(s.stage == 1 for s in record.snapshots)
    expected = _psychrometric_film_temperature(air_celsius + 273.15, humidity, h_top, h_bottom)
    assert record.snapshots[-1].temperature == pytest.approx(expected, abs=0.5)
    assert record.snapshots[-1].temperature < air_celsius + 273.15 - 15.0  # evaporative cooling, well below the air


def test_constant_rate_evaporation_matches_a_hand_calculation(constant_rate_run):
    """Issue 4: the rate at which the film actually thins, rho_l dH/dt over the last 10 s, equals the hand
    calculation E = k_Y (Y_s(T_film) - Y_air) from the zone's transfer coefficient within 1 %, with the
    saturation humidity from IAPWS-97 instead of the model's Antoine constants."""
    (_, humidity, _, _), problem, record = constant_rate_run
    late = [s for s in record.snapshots if s.time >= 20.0]
    density = problem.solvent_density.item()
    measured = (late[0].thickness - late[-1].thickness) * density / (late[-1].time - late[0].time)
    film = np.mean([s.temperature for s in late])
    by_hand = problem.conditions.zones[0].mass_transfer * (_saturation_humidity(film) - humidity)
    assert measured == pytest.approx(by_hand, rel=0.01)


# ---- whole runs through the dryer --------------------------------------------------------------------
@pytest.fixture(scope="module")
def dryer_runs():
    """anode-dryer on a coarse grid as shipped, with air 15 K hotter, and with 1.5x the heat transfer."""
    base = _anode_dryer(24)
    hotter, faster = _anode_dryer(24), _anode_dryer(24)
    for zone in hotter["drying"]["zones"]:
        zone["air_temperature"] = f"{float(zone['air_temperature'].split()[0]) + 15.0} degC"
    for zone in faster["drying"]["zones"]:
        for side in ("heat_transfer_top", "heat_transfer_bottom"):
            zone[side] = f"{1.5 * float(zone[side].split()[0])} W/m^2/K"
    return {name: dryingsim.simulate(scenario_from_dict(data)) for name, data in
            (("base", base), ("hotter", hotter), ("faster air", faster))}


@pytest.mark.slow
def test_energy_and_solvent_balances_close_over_a_whole_run(dryer_runs):
    """Energy: heat from the air = latent heat carried off + heat stored in film and foil (eq. 5.8, summed
    over every accepted step), to the sweeps' tolerance. Solvent: solvent lost = solvent evaporated."""
    result = dryer_runs["base"]
    heat, latent, stored = (float(result[name][-1]) for name in ("heat_input", "latent_heat", "sensible_heat"))
    assert heat == pytest.approx(latent + stored, rel=1e-5)
    lost = float(result["solvent_mass"][0] - result["solvent_mass"][-1])
    assert float(result["evaporated_solvent"][-1]) == pytest.approx(lost, rel=1e-9)
    # the latent heat is the evaporated mass times dh_v between the film's extreme temperatures
    water = DryingProblem.from_scenario(scenario_from_dict(_anode_dryer(24))).formulation.solvent
    t = result["film_temperature"].values
    assert water.latent_heat(t.max()) * lost <= latent <= water.latent_heat(t.min()) * lost


@pytest.mark.slow
def test_rate_falls_and_film_heats_once_the_surface_pores_empty(dryer_runs):
    """Once the evaporation front recedes into the pores, vapour must cross the dry top layer (eq. 4.7):
    the rate falls below the wet-surface rate at the same film temperature, and the film heats above
    the constant-rate temperature of its zone."""
    result = dryer_runs["base"]
    dryer = DryingProblem.from_scenario(scenario_from_dict(_anode_dryer(24))).conditions
    last = result.isel(time=-2)  # the last stored step before the end criterion
    zone = int(last["dryer_zone"])
    wet = dryer.surface_rate(float(last["time"]), float(last["film_temperature"]))
    assert int(last["stage"]) == 2
    assert float(last["drying_rate"]) < 0.9 * wet
    constant_rate = dryer.film_temperature(dryer.zones[zone].start, 1.0, 300.0, 0.0)  # steady wet film
    assert float(last["film_temperature"]) > constant_rate + 1.0


@pytest.mark.slow
@pytest.mark.parametrize("change", ["hotter", "faster air"])
def test_hotter_or_faster_air_dries_faster_and_moves_more_anode_binder_up(dryer_runs, change):
    """Issue 4: a hotter dryer, or one with more air (larger h), dries faster, and for the anode gives a
    higher binder top/bottom ratio (faster drying moves binder to the top: Jaiser et al. 2016, Baunach
    et al. 2016)."""
    base, other = dryingsim.metrics(dryer_runs["base"]), dryingsim.metrics(dryer_runs[change])
    assert 0.0 < other["drying_time_s"] < 0.95 * base["drying_time_s"]
    assert other["binder_top_bottom_ratio"] > base["binder_top_bottom_ratio"]
