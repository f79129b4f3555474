"""Temperature-dependent properties: correlations reproduce independent published points and trends."""

from __future__ import annotations

import doctest
from pathlib import Path

import numpy as np
import pytest

import dryingsim.materials.air
import dryingsim.materials.correlations
from dryingsim import load_scenario
from dryingsim.errors import ScenarioError
from dryingsim.materials import (
    AIR,
    ALUMINIUM,
    COPPER,
    FOILS,
    MATERIALS,
    REFERENCE_TEMPERATURE,
    Correlation,
    get_foil,
    material_sources,
)
from dryingsim.materials.correlations import table
from dryingsim.model.formulation import describe_formulation

WATER, NMP = MATERIALS["water"], MATERIALS["nmp"]
SCENARIOS = Path(__file__).parents[3] / "scenarios"


@pytest.mark.parametrize(("celsius", "p_sat"), [(25.0, 3169.9), (60.0, 19946.0), (100.0, 101418.0)])
def test_water_vapour_pressure_matches_iapws(celsius, p_sat):
    """Water p_sat = 3.1699 / 19.946 / 101.418 kPa at 25 / 60 / 100 degC (Wagner & Pruss 1993, IAPWS-95
    saturation line, J. Phys. Chem. Ref. Data 22, 783); the Poling Antoine set is within 1 %."""
    assert WATER.vapour_pressure(celsius + 273.15) == pytest.approx(p_sat, rel=0.01)


@pytest.mark.parametrize(("celsius", "latent_heat"), [(25.0, 2441.7e3), (100.0, 2256.4e3)])
def test_water_latent_heat_matches_iapws(celsius, latent_heat):
    """Water heat of vaporisation 2441.7 kJ/kg at 25 degC and 2256.4 kJ/kg at 100 degC (IAPWS-95,
    Wagner & Pruss 2002); Watson's n = 0.38 from the boiling point is within 2 %."""
    assert WATER.latent_heat(celsius + 273.15) == pytest.approx(latent_heat, rel=0.02)


def test_water_density_matches_crc():
    """Water density 997.05 and 988.04 kg/m3 at 25 and 50 degC (CRC Handbook, 'Properties of water in the
    range 0-100 degC'; IAPWS-95); Kell's equation is within 0.01 %."""
    assert WATER.density(298.15) == pytest.approx(997.05, rel=1e-4)
    assert WATER.density(323.15) == pytest.approx(988.04, rel=1e-4)


@pytest.mark.parametrize(("celsius", "viscosity"), [(25.0, 0.8900e-3), (50.0, 0.5465e-3), (100.0, 0.2816e-3)])
def test_water_viscosity_matches_iapws_2008(celsius, viscosity):
    """Water viscosity 890.0 / 546.5 / 281.6 uPa s at 25 / 50 / 100 degC (IAPWS 2008, Huber et al. 2009,
    J. Phys. Chem. Ref. Data 38, 101); the Vogel fit is within 1 %."""
    assert WATER.viscosity(celsius + 273.15) == pytest.approx(viscosity, rel=0.01)


@pytest.mark.parametrize(("celsius", "sigma"), [(25.0, 71.97e-3), (50.0, 67.94e-3), (100.0, 58.91e-3)])
def test_water_surface_tension_matches_iapws_2014(celsius, sigma):
    """Water surface tension 71.97 / 67.94 / 58.91 mN/m at 25 / 50 / 100 degC (IAPWS R1-76(2014) table)."""
    assert WATER.surface_tension(celsius + 273.15) == pytest.approx(sigma, rel=1e-3)


def test_water_heat_capacity_has_its_minimum_near_36_degc():
    """Liquid water cp is 4181.3 J/kg/K at 25 degC and passes through a minimum near 36 degC before rising
    towards boiling (IAPWS-95, Wagner & Pruss 2002)."""
    temps = np.linspace(283.15, 393.15, 111)
    cp = WATER.heat_capacity(temps)
    assert WATER.heat_capacity(298.15) == pytest.approx(4181.3, rel=1e-4)
    assert 303.15 <= temps[np.argmin(cp)] <= 318.15
    assert cp[-1] > cp[0]


def test_water_vapour_diffusivity_follows_massman():
    """D(H2O-air) = 0.2178 cm2/s at 0 degC, 1 atm, rising as T^1.81 (Massman 1998, Atmos. Environ. 32, 1111)."""
    assert WATER.vapour_diffusivity(273.15) == pytest.approx(2.178e-5)
    assert WATER.vapour_diffusivity(373.15) / WATER.vapour_diffusivity(273.15) == pytest.approx(
        (373.15 / 273.15) ** 1.81)


# the single 25 degC values of the library before its properties depended on temperature (solvents.py)
_OLD_VALUES = {
    ("water", "density"): 997.05,
    ("water", "viscosity"): 0.8900e-3,
    ("water", "surface_tension"): 71.97e-3,
    ("water", "vapour_diffusivity"): 2.552e-5,
    ("water", "vapour_pressure"): 10.0 ** (10.11564 - 1687.537 / (298.15 - 42.98)),
    ("nmp", "density"): 1028.0,
    ("nmp", "viscosity"): 1.65e-3,
    ("nmp", "surface_tension"): 40.7e-3,
    ("nmp", "vapour_diffusivity"): 8.6e-6,
    ("nmp", "vapour_pressure"): 10.0 ** (9.66427 - 1984.864 / (298.15 - 49.934)),
}


@pytest.mark.parametrize(("key", "field"), sorted(_OLD_VALUES))
def test_correlations_give_the_former_25_degc_values(key, field):
    """At 25 degC every correlation gives the library's former single value (each sourced in its Value)
    within 0.5 %, so runs at 25 degC are unchanged."""
    value = getattr(MATERIALS[key], field)(REFERENCE_TEMPERATURE)
    assert value == pytest.approx(_OLD_VALUES[key, field], rel=5e-3)


@pytest.mark.parametrize(("field", "sign"), [
    ("density", -1), ("viscosity", -1), ("surface_tension", -1), ("latent_heat", -1),
    ("vapour_pressure", +1), ("heat_capacity", +1), ("vapour_diffusivity", +1),
])
def test_nmp_properties_trend_with_temperature(field, sign):
    """Between 20 and 180 degC liquid NMP expands, thins, loses surface tension (Eotvos) and heat of
    vaporisation (vanishing at Tc, Watson 1943), while its vapour pressure (Clausius-Clapeyron), heat
    capacity and vapour diffusivity in air (Chapman-Enskog, ~T^1.75) rise: monotonic trends."""
    values = getattr(NMP, field)(np.linspace(293.15, 453.15, 17))
    assert np.all(sign * np.diff(values) > 0)


def test_nmp_latent_heat_is_rakipovs_at_25_degc():
    """NMP heat of vaporisation 56.4 kJ/mol at 298.15 K (Rakipov et al. 2021, Molecules 26, 1411, Table 2)."""
    assert NMP.latent_heat(298.15) * NMP.molar_mass.value == pytest.approx(56.4e3)


def test_air_matches_incropera_at_300_k():
    """Dry air at 300 K, 1 atm: k = 26.3 mW/m/K, mu = 184.6e-7 Pa s, cp = 1007 J/kg/K (Incropera & DeWitt,
    Table A.4); the Lemmon & Jacobsen (2004) fits agree within 1 %."""
    assert AIR.thermal_conductivity(300.0) == pytest.approx(26.3e-3, rel=0.01)
    assert AIR.viscosity(300.0) == pytest.approx(184.6e-7, rel=0.01)
    assert AIR.heat_capacity(300.0) == pytest.approx(1007.0, rel=0.005)


def test_air_conducts_better_and_is_more_viscous_when_hot():
    """Gas conductivity and viscosity rise with temperature (kinetic theory, ~T^0.7-0.8 for air)."""
    assert AIR.thermal_conductivity(400.0) > AIR.thermal_conductivity(300.0)
    assert AIR.viscosity(400.0) > AIR.viscosity(300.0)


def test_foils_are_incropera_table_a1():
    """Pure copper 8933 kg/m3, 385 J/kg/K; pure aluminium 2702 kg/m3, 903 J/kg/K at 300 K (Incropera & DeWitt,
    Table A.1)."""
    assert (COPPER.density.value, COPPER.heat_capacity.value) == (8933.0, 385.0)
    assert (ALUMINIUM.density.value, ALUMINIUM.heat_capacity.value) == (2702.0, 903.0)


def test_get_foil_returns_the_registry_entry():
    """get_foil looks a key up in FOILS, the keys a scenario's drying.foil.material may take."""
    assert set(FOILS) == {"copper", "aluminium"}
    assert get_foil("copper", "drying.foil.material") is COPPER


def test_get_foil_unknown_name_names_the_field():
    """An unknown foil key raises ScenarioError naming the field, the value and the sorted keys."""
    with pytest.raises(ScenarioError) as info:
        get_foil("gold", "drying.foil.material")
    err = info.value
    assert (err.field, err.value, err.allowed) == ("drying.foil.material", "gold", "one of: aluminium, copper")
    assert "drying.foil.material" in str(err) and "gold" in str(err)


@pytest.mark.parametrize("key", ["graphite", "nmc", "lfp", "carbon_black", "sbr", "cmc", "pvdf"])
def test_solid_heat_capacities_are_plausible_and_sourced(key):
    """Solids at 25 degC hold 0.5-2.5 kJ/kg/K: inorganic crystals below the Dulong-Petit limit (about 1 kJ/kg/K
    for these), polymers 1-2 kJ/kg/K (Wunderlich, ATHAS data bank); every value has a source."""
    cp = MATERIALS[key].heat_capacity
    assert 500.0 <= cp.value <= 2500.0
    assert cp.unit == "J kg-1 K-1" and len(cp.source) > 10


def test_graphite_heat_capacity_is_janaf():
    """Graphite cp(298.15 K) = 8.517 J/mol/K / 12.011 g/mol = 709 J/kg/K (NIST-JANAF, Chase 1998)."""
    assert MATERIALS["graphite"].heat_capacity.value == pytest.approx(8.517 / 12.011e-3, rel=2e-3)


def test_solids_heat_capacity_sums_mass_times_heat_capacity():
    """A lumped film's dry heat capacity per area is sum(m_i cp_i) (calorimetric additivity): 10 mg/cm2 of
    93/1.4/1.87/3.73 wt% graphite/carbon black/CMC/SBR in anode-medium."""
    formulation = describe_formulation(load_scenario(SCENARIOS / "anode-medium.toml"))
    cp = {k: MATERIALS[k].heat_capacity.value for k in ("graphite", "carbon_black", "cmc", "sbr")}
    expected = 0.1 * (0.93 * cp["graphite"] + 0.014 * cp["carbon_black"] + 0.0187 * cp["cmc"] + 0.0373 * cp["sbr"])
    assert formulation.solids_heat_capacity == pytest.approx(expected, rel=1e-9)


def test_correlation_returns_float_for_scalar_and_array_for_array():
    """A correlation evaluated at one temperature gives a float, at several an array of the same shape."""
    assert isinstance(WATER.density(300.0), float)
    values = WATER.density(np.array([[290.0, 300.0], [310.0, 320.0]]))
    assert isinstance(values, np.ndarray) and values.shape == (2, 2)
    assert isinstance(WATER.density([300.0]), np.ndarray)


def test_in_range_tells_and_evaluation_outside_does_not_fail():
    """in_range reports the validity range; outside it the correlation still evaluates (a run must not stop)."""
    c = WATER.vapour_pressure
    assert c.in_range(300.0) and c.in_range([280.0, 400.0])
    assert not c.in_range(500.0) and not c.in_range([300.0, 500.0])
    assert np.isfinite(c(500.0)) and np.isfinite(WATER.surface_tension(700.0))
    assert WATER.surface_tension(700.0) == 0.0 and WATER.latent_heat(700.0) == 0.0


def test_unknown_correlation_form_is_refused():
    """A correlation names one of the registered forms."""
    with pytest.raises(ValueError, match="unknown correlation form"):
        Correlation("spline", (1.0,), "Pa", 1.0, 2.0, "nowhere")


def test_table_form_interpolates_linearly_and_holds_its_ends():
    """The table form interpolates linearly between (T_1..T_n, y_1..y_n) and holds the end values."""
    points = (300.0, 310.0, 10.0, 20.0)
    assert table(np.array([295.0, 305.0, 320.0]), *points).tolist() == [10.0, 15.0, 20.0]


def test_material_sources_lists_correlations_foils_and_air():
    """material_sources gives '<form> (<coefficients>) [<unit>], <t_min>-<t_max> K: <source>' for a correlation
    and works for foils and air (style guide §3: every number with its source)."""
    water = material_sources(WATER)
    assert water["water.vapour_pressure"].startswith("antoine (10.11564, 1687.537, -42.98) [Pa], 273.2-473.2 K: Poling")
    assert set(material_sources(COPPER)) == {"copper.density", "copper.heat_capacity"}
    assert set(material_sources(AIR)) == {"air.molar_mass", "air.thermal_conductivity", "air.viscosity",
                                          "air.heat_capacity"}


@pytest.mark.parametrize("module", [dryingsim.materials.correlations, dryingsim.materials.air])
def test_module_doctests_pass(module):
    """The doctests of the correlation and air modules (Incropera Table A.4 comparisons) hold."""
    result = doctest.testmod(module)
    assert result.attempted >= 2 and result.failed == 0
