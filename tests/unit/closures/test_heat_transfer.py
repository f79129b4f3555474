"""Closures of heat and mass transfer between dryer air and film (docs/theory/model.md, section 5)."""

from __future__ import annotations

import numpy as np
import pytest

from dryingsim.closures import evaporation, heat_transfer

M_WATER, M_AIR = 18.015e-3, 28.965e-3  # kg mol-1 (IUPAC; dry air as in ASHRAE Fundamentals 2017, ch. 1)


def test_humidity_ratio_of_saturated_air_at_20_degc_matches_ashrae_table():
    """Saturated air at 20 degC, 101.325 kPa holds W_s = 0.014758 kg/kg (ASHRAE Handbook - Fundamentals 2017,
    ch. 1, Table 2, p_ws = 2.3393 kPa). The ideal-gas form leaves out the enhancement factor (~1.004), so
    agreement within 1 %."""
    w = heat_transfer.humidity_ratio(2339.3, 101325.0, M_WATER, M_AIR)
    assert w == pytest.approx(0.014758, rel=0.01)


def test_vapour_pressure_of_is_the_inverse_of_humidity_ratio():
    """Y(p) and p(Y) are inverse functions (Dalton's law both ways), to round-off."""
    p = np.array([0.0, 100.0, 3000.0, 20000.0])
    y = heat_transfer.humidity_ratio(p, 101325.0, M_WATER, M_AIR)
    assert heat_transfer.vapour_pressure_of(y, 101325.0, M_WATER, M_AIR) == pytest.approx(p, abs=1e-9)


def test_dry_air_density_at_20_degc_is_1_204():
    """Dry air at 20 degC and 101.325 kPa has a density of 1.204 kg/m3 (ideal gas; Cengel & Ghajar,
    Heat and Mass Transfer, Table A-15: 1.204 kg/m3)."""
    assert heat_transfer.dry_air_density(293.15, 101325.0, M_AIR) == pytest.approx(1.204, rel=2e-3)


def test_chilton_colburn_reduces_to_the_lewis_relation_at_unit_lewis_number():
    """At Le = 1 the analogy gives h / (k_Y c_p) = 1, the Lewis relation (Lewis 1922, Mech. Eng. 44, 445)."""
    assert heat_transfer.chilton_colburn_mass_transfer(50.0, 1007.0, 1.0) == pytest.approx(50.0 / 1007.0)


def test_chilton_colburn_mass_transfer_falls_as_le_to_the_two_thirds():
    """j_H = j_D: at equal h, k_Y scales as Le^(-2/3) (Chilton & Colburn 1934, Ind. Eng. Chem. 26, 1183)."""
    k1 = heat_transfer.chilton_colburn_mass_transfer(50.0, 1007.0, 0.85)
    k2 = heat_transfer.chilton_colburn_mass_transfer(50.0, 1007.0, 2.55)
    assert k1 / k2 == pytest.approx(3.0 ** (2.0 / 3.0))


def test_no_evaporation_into_air_at_or_above_saturation():
    """The driving force is Y_sat(T_film) - Y_air; air that is wetter would condense, which is not modelled."""
    assert heat_transfer.convective_evaporation(0.05, 0.02, 0.03) == 0.0
    assert heat_transfer.convective_evaporation(0.05, 0.03, 0.01) == pytest.approx(1e-3)


def test_slot_nozzle_array_is_best_at_the_optimum_relative_area():
    """Martin (1977): at a given distance the mean Nusselt number of a slot array is largest at the
    relative nozzle area f = f0, since it depends on f only through f/f0 + f0/f."""
    slot, distance = 2e-3, 20e-3
    f0 = heat_transfer.slot_array_optimum_area(distance, slot)
    air = {"thermal_conductivity": 0.028, "kinematic_viscosity": 1.9e-5, "prandtl": 0.71}
    best = heat_transfer.slot_nozzle_array_heat_transfer(20.0, slot, slot / f0, distance, **air)
    for factor in (0.5, 0.8, 1.25, 2.0):
        other = heat_transfer.slot_nozzle_array_heat_transfer(20.0, slot, slot / (f0 * factor), distance, **air)
        assert other < best


def test_slot_nozzle_array_heat_transfer_grows_as_velocity_to_the_two_thirds():
    """Martin (1977): Nu ~ Re^(2/3) for slot arrays, so doubling the nozzle velocity multiplies h by 2^(2/3)."""
    air = {"thermal_conductivity": 0.028, "kinematic_viscosity": 1.9e-5, "prandtl": 0.71}
    h1 = heat_transfer.slot_nozzle_array_heat_transfer(10.0, 2e-3, 50e-3, 20e-3, **air)
    h2 = heat_transfer.slot_nozzle_array_heat_transfer(20.0, 2e-3, 50e-3, 20e-3, **air)
    assert h2 / h1 == pytest.approx(2.0 ** (2.0 / 3.0))
    assert 50.0 < h2 < 300.0  # impingement dryers: order 100 W/m2/K (Martin 1977, Fig. of slot arrays)


def test_receding_front_factor_is_one_at_the_surface_and_halves_at_equal_resistances():
    """Series resistances (Schluender 2004): E/E0 = 1 / (1 + beta delta / D_eff); 1 at delta = 0, 1/2 when the
    dry layer's resistance delta / D_eff equals the gas side's 1 / beta."""
    d_v, porosity, beta = 2.5e-5, 0.4, 0.02
    d_eff = d_v * porosity**1.5
    assert evaporation.receding_front_factor(beta, 0.0, d_v, porosity) == 1.0
    assert evaporation.receding_front_factor(beta, d_eff / beta, d_v, porosity) == pytest.approx(0.5)
