"""The materials library holds plausible, sourced numbers and names unknown keys clearly."""

from __future__ import annotations

import doctest
import math
from dataclasses import fields

import pytest

import dryingsim.materials.solvents
from dryingsim.errors import ScenarioError
from dryingsim.materials import (
    MATERIALS,
    REFERENCE_TEMPERATURE,
    Correlation,
    DissolvedPolymer,
    ParticleMaterial,
    Solvent,
    Value,
    find_material,
    get_material,
    material_sources,
)


def _values(material) -> list[tuple[str, Value]]:
    return [(f.name, getattr(material, f.name)) for f in fields(material)
            if isinstance(getattr(material, f.name), Value)]


def _correlations(material) -> list[tuple[str, Correlation]]:
    return [(f.name, getattr(material, f.name)) for f in fields(material)
            if isinstance(getattr(material, f.name), Correlation)]


@pytest.mark.parametrize("key", sorted(MATERIALS))
def test_every_value_is_positive_finite_and_sourced(key):
    """Every material number is a positive, finite SI value with a non-empty source (style guide §3)."""
    material = MATERIALS[key]
    values = _values(material)
    assert values
    for name, item in values:
        assert math.isfinite(item.value) and item.value > 0, f"{key}.{name} = {item.value}"
        assert item.unit.strip(), f"{key}.{name} has no unit"
        assert len(item.source.strip()) > 10, f"{key}.{name} has no source"
    for name, item in _correlations(material):
        assert all(math.isfinite(x) for x in (*item.coefficients, item.t_min, item.t_max)), f"{key}.{name}"
        assert 0 < item.t_min < item.t_max, f"{key}.{name}"
        value = item(0.5 * (item.t_min + item.t_max))
        assert math.isfinite(value) and value > 0, f"{key}.{name} = {value}"
        assert item.unit.strip() and len(item.source.strip()) > 10, f"{key}.{name} has no unit or source"


@pytest.mark.parametrize("key", sorted(MATERIALS))
def test_material_sources_lists_every_value(key):
    """material_sources reports each value and correlation of a material with its source (style guide §3)."""
    material = MATERIALS[key]
    sources = material_sources(material)
    assert len(sources) == len(_values(material)) + len(_correlations(material))
    assert all(":" in text for text in sources.values())


def test_registry_holds_the_required_materials_by_kind():
    """Scenario keys map to the right kind: water/NMP solvents, graphite/NMC/LFP active, CB, SBR, CMC/PVDF."""
    assert {k for k, m in MATERIALS.items() if isinstance(m, Solvent)} == {"water", "nmp"}
    kinds = {k: m.kind for k, m in MATERIALS.items() if isinstance(m, ParticleMaterial)}
    assert kinds == {"graphite": "active", "nmc": "active", "lfp": "active",
                     "carbon_black": "conductive", "sbr": "latex"}
    polymers = {k: m.solvents for k, m in MATERIALS.items() if isinstance(m, DissolvedPolymer)}
    assert polymers == {"cmc": ("water",), "pvdf": ("nmp",)}
    assert all(s in MATERIALS for solvents in polymers.values() for s in solvents)


def test_water_vapour_pressure_at_25_degc_matches_iapws():
    """Water p_sat(25 degC) = 3169.9 Pa (IAPWS-95); the Poling Antoine set is within 1 %."""
    assert MATERIALS["water"].vapour_pressure(298.15) == pytest.approx(3169.9, rel=0.01)


def test_water_boils_at_100_degc():
    """Water p_sat(100 degC) = 101.325 kPa (IAPWS-95); the Poling Antoine set is within 1 %."""
    assert MATERIALS["water"].vapour_pressure(373.15) == pytest.approx(101325.0, rel=0.01)


def test_nmp_vapour_pressure_at_25_degc_is_40_to_50_pa():
    """NMP p_sat(25 degC) is 40-50 Pa (32 Pa at 20 degC, de.wikipedia; Landolt-Boernstein IV/20C above 336 K)."""
    assert 40.0 <= MATERIALS["nmp"].vapour_pressure(298.15) <= 50.0


def test_nmp_boils_near_its_normal_boiling_point():
    """NMP p_sat at its normal boiling point 204.2 degC (CRC Handbook) is 1 atm within 5 %."""
    assert MATERIALS["nmp"].vapour_pressure(477.35) == pytest.approx(101325.0, rel=0.05)


def test_vapour_pressure_rises_with_temperature():
    """Vapour pressure increases monotonically over each Antoine validity range (Clausius-Clapeyron)."""
    for key in ("water", "nmp"):
        c = MATERIALS[key].vapour_pressure
        temps = [c.t_min + i * (c.t_max - c.t_min) / 20 for i in range(21)]
        p = [c(t) for t in temps]
        assert all(b > a for a, b in zip(p, p[1:], strict=False))


def test_solvents_module_doctests_pass():
    """The doctests of dryingsim.materials.solvents (p_sat: water 3179 Pa, NMP 47 Pa at 25 degC) hold."""
    result = doctest.testmod(dryingsim.materials.solvents)
    assert result.attempted >= 2 and result.failed == 0


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [
        ("water", 996.0, 998.0),  # 997.05 kg m-3 at 25 degC (IAPWS-95)
        ("nmp", 1020.0, 1035.0),  # 1.023-1.028 g cm-3 at 25 degC (CRC, Sigma-Aldrich)
    ],
)
def test_solvent_densities_at_25_degc(key, low, high):
    """Solvent densities at 25 degC lie within the handbook range (IAPWS-95; CRC; Sigma-Aldrich)."""
    assert low <= MATERIALS[key].density(REFERENCE_TEMPERATURE) <= high


def test_solvent_viscosity_and_surface_tension_at_25_degc():
    """Water 0.890 mPa s, 72.0 mN/m (IAPWS); NMP 1.65 mPa s, 40.7 mN/m (de.wikipedia): NMP is more viscous."""
    water, nmp = MATERIALS["water"], MATERIALS["nmp"]
    t = REFERENCE_TEMPERATURE
    assert water.viscosity(t) == pytest.approx(0.890e-3, rel=0.01)
    assert water.surface_tension(t) == pytest.approx(71.97e-3, rel=0.01)
    assert 1.6e-3 <= nmp.viscosity(t) <= 1.7e-3
    assert 40e-3 <= nmp.surface_tension(t) <= 42e-3
    assert water.molar_mass.value == pytest.approx(18.015e-3, rel=1e-4)
    assert nmp.molar_mass.value == pytest.approx(99.13e-3, rel=1e-3)


def test_water_vapour_diffuses_faster_in_air_than_nmp():
    """D(H2O-air) = 2.55e-5 m2/s at 25 degC (Massman 1998) exceeds the FSG estimate for NMP (~0.9e-5)."""
    water, nmp = MATERIALS["water"], MATERIALS["nmp"]
    t = REFERENCE_TEMPERATURE
    assert water.vapour_diffusivity(t) == pytest.approx(2.55e-5, rel=0.02)
    assert 5e-6 < nmp.vapour_diffusivity(t) < water.vapour_diffusivity(t)


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [
        ("graphite", 2200.0, 2300.0),  # 2.26 g cm-3 crystallographic
        ("nmc", 4600.0, 4800.0),  # NMC111 4.6-4.8 g cm-3
        ("lfp", 3500.0, 3700.0),  # 3.57 g cm-3 (Etiemble et al. 2017, Table 3)
        ("carbon_black", 1700.0, 2100.0),  # carbon black skeletal 1.8-2.0 g cm-3
        ("sbr", 900.0, 1100.0),  # SBR 0.94 - polystyrene 1.05 g cm-3
        ("cmc", 1400.0, 1700.0),  # cellulose derivatives ~1.5-1.6 g cm-3
        ("pvdf", 1740.0, 1800.0),  # PVDF homopolymer 1.75-1.80 g cm-3
    ],
)
def test_solid_densities_in_plausible_ranges(key, low, high):
    """Skeletal densities lie in handbook ranges: NMC 4.6-4.8, graphite 2.2-2.3, LFP 3.5-3.7 g/cm3, ..."""
    assert low <= MATERIALS[key].density.value <= high


def test_nmc_size_distribution_is_the_etiemble_2017_psd():
    """NMC D10/D50/D90 = 5.6/9.7/16.7 um (Etiemble et al. 2017, Sec. 2.1)."""
    nmc = MATERIALS["nmc"]
    assert (nmc.d10.value, nmc.d50.value, nmc.d90.value) == pytest.approx((5.6e-6, 9.7e-6, 16.7e-6))


def test_lfp_d50_is_the_etiemble_2017_primary_particle_size():
    """LFP primary d50 ~ 200 nm (Etiemble et al. 2017, Table 3 footnote, Fig. 5b)."""
    assert MATERIALS["lfp"].d50.value == pytest.approx(200e-9)


@pytest.mark.parametrize("key", ["graphite", "nmc", "lfp", "carbon_black", "sbr"])
def test_size_percentiles_are_ordered(key):
    """A size distribution has d10 < d50 < d90 (definition of percentiles)."""
    m = MATERIALS[key]
    assert m.d10.value < m.d50.value < m.d90.value


def test_particle_size_ranking_matches_the_slurry():
    """SBR latex (~0.15 um) < LFP primaries (0.2 um) <= CB agglomerates < NMC (9.7 um) < graphite."""
    d50 = {k: MATERIALS[k].d50.value for k in ("sbr", "lfp", "carbon_black", "nmc", "graphite")}
    assert d50["sbr"] < d50["lfp"] <= d50["carbon_black"] < d50["nmc"] < d50["graphite"]
    assert 100e-9 <= d50["sbr"] <= 200e-9


def test_dissolved_polymer_diffusivity_is_polymer_like():
    """The gradient diffusivity of a semi-dilute polymer solution lies between the self-diffusion of its coils
    (10-100 nm: ~1e-12 m2/s, Stokes-Einstein) and that of small ions and the solvent (~1e-9 m2/s)."""
    for key in ("cmc", "pvdf"):
        assert 1e-12 <= MATERIALS[key].diffusivity.value <= 1e-9


def test_get_material_returns_the_registry_entry():
    """get_material looks a key up in MATERIALS."""
    assert get_material("graphite", "layers[0].components[0].material") is MATERIALS["graphite"]


def test_get_material_unknown_name_raises_scenario_error_naming_the_field():
    """An unknown material key raises ScenarioError naming the field, the value and the sorted keys."""
    field = "layers[0].components[1].material"
    with pytest.raises(ScenarioError) as info:
        get_material("unobtainium", field)
    err = info.value
    assert err.field == field
    assert err.value == "unobtainium"
    assert err.allowed == "one of: " + ", ".join(sorted(MATERIALS))
    assert field in str(err) and "unobtainium" in str(err) and "graphite" in str(err)


def test_get_material_is_case_sensitive():
    """Keys are exact (lower case): 'NMP' is not 'nmp', and the error says which keys exist."""
    with pytest.raises(ScenarioError, match="nmp"):
        get_material("NMP", "solvent")


def test_a_material_is_found_by_its_key_and_by_the_name_results_store():
    """Scenarios write the registry key, results store the material's own name (``component_material``):
    both find the one entry, and no material's name is another material's key."""
    assert len({m.name for m in MATERIALS.values()}) == len(MATERIALS)
    for key, material in MATERIALS.items():
        assert find_material(key) is material
        assert find_material(material.name) is material
    assert find_material("unobtainium") is None
