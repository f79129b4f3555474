"""The virtual TGA: material residues, the lab read-out, its uncertainty and its biases."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from dryingsim.errors import InputError
from dryingsim.materials import MATERIALS, DissolvedPolymer, ParticleMaterial
from dryingsim.materials.thermal import ATMOSPHERES
from dryingsim.measurement import SCRAPER, TGA, load_method, scrape, tga
from dryingsim.measurement.tga import step_response

C = 273.15


@pytest.mark.parametrize(
    ("material", "atmosphere", "temperature_c", "expected"),  # names as results store them
    [
        ("PVDF", "nitrogen", 600.0, 0.30),  # Madorsky et al. 1953: weight loss stops at ~70 %
        ("CMC", "nitrogen", 600.0, 0.34),  # 34 % residue at 600 degC (Cellulose Chem. Technol. 2019)
        ("SBR latex", "nitrogen", 550.0, 0.0),  # pyrolysis complete at ~500 degC (METTLER TOLEDO HB445)
        ("LFP", "air", 600.0, 1.0507),  # +5.07 %: 6 LiFePO4 + 3/2 O2 -> 2 Li3Fe2(PO4)3 + Fe2O3
        ("graphite", "nitrogen", 900.0, 1.0),  # stable in inert gas
        ("LFP", "nitrogen", 600.0, 1.0),  # stable below 665 degC (Gao et al. 2015)
    ],
)
def test_thermogram_of_a_pure_material_ends_at_its_published_residue(material, atmosphere, temperature_c, expected):
    """The noise-free response of each material reaches the residue (or oxide gain) of its cited
    source after its last step (materials/thermal.py)."""
    assert step_response(material, atmosphere, np.array([temperature_c + C]))[0] == pytest.approx(expected, abs=2e-3)


def test_every_step_in_the_library_has_a_source_and_a_window():
    """Every mass-change step names where it comes from and has onset < end, and an atmosphere without
    steps says why the material is stable there (Standards: values carry their citation)."""
    solids = {key: m for key, m in MATERIALS.items() if isinstance(m, (ParticleMaterial, DissolvedPolymer))}
    assert solids
    for key, material in solids.items():
        for atmosphere in ATMOSPHERES:
            steps = material.thermal.steps(atmosphere)
            assert steps or material.thermal.stable.strip(), (key, atmosphere)
            for step in steps:
                assert step.source and step.onset < step.end, key


def test_the_registry_key_and_the_name_a_result_stores_find_the_same_tga_data():
    """A material is one registry entry: its key (what scenarios write, e.g. ``nmc``) and its own name (what
    results store as ``component_material``, e.g. ``NMC111``) give the same thermogram."""
    temperature = np.linspace(300.0, 1200.0, 50)
    for key, material in MATERIALS.items():
        if isinstance(material, (ParticleMaterial, DissolvedPolymer)):
            for atmosphere in ATMOSPHERES:
                np.testing.assert_array_equal(step_response(key, atmosphere, temperature),
                                              step_response(material.name, atmosphere, temperature))


def test_uniform_coating_reads_the_nominal_binder_within_the_stated_uncertainty(uniform_anode):
    """On a uniform coating every layer is the formulation, so the residue-corrected read-out
    returns the nominal binder wt %: the replicates scatter around it with the stated standard
    uncertainty (mean within 4 u/sqrt(n), spread within 20 % of u) (docs/theory/measurement.md, section 4)."""
    layers = scrape(uniform_anode, "leps2000", replicates=300, seed=1, step="10 um")
    virtual = tga(layers, seed=2)
    nominal = float(layers["binder_mass_fraction"].mean())
    readout = virtual["tga_binder_mass_fraction"].values
    u = float(virtual["tga_binder_uncertainty"].mean())
    assert 0 < u < 0.2
    assert abs(readout.mean() - nominal) < 4 * u / np.sqrt(readout.size)
    assert readout.std() == pytest.approx(u, rel=0.2)


def test_noise_free_tga_reads_the_true_binder_of_a_layer_with_the_nominal_binder_mix(stratified_anode, anode):
    """Without balance noise and drift, the read-out equals the layer's binder wt % when the layer's
    binder mix matches the reference runs: the correction is exact, not fitted. Here only SBR
    varies with depth, so the CMC:SBR mix differs from the coating's and the layers are read with
    the lab's bias; a profile with uniform mix has none (docs/theory/measurement.md, section 4)."""
    exact = dataclasses.replace(SCRAPER.presets["leps2000"], bias=0.0, noise=0.0, lateral_variation=0.0,
                                gauge_noise=0.0)
    quiet = dataclasses.replace(TGA.presets["nitrogen-anode"], balance_noise=0.0, baseline_drift=0.0)
    layers = scrape(stratified_anode, exact, seed=0, step="10 um")
    readout = tga(layers, quiet, seed=0)["tga_binder_mass_fraction"].isel(replicate=0).values
    truth = layers["exact_binder_mass_fraction"].values
    assert not np.allclose(readout, truth, rtol=1e-3)
    # SBR-rich top layer: SBR loses all its mass in the window, CMC only 66 %, so the mix-based
    # correction reads more binder than there is; SBR-poor bottom layers read less
    assert readout[0] > truth[0] and readout[-1] < truth[-1]

    depth = (np.arange(100) + 0.5) * 1e-6
    scale = 1 + 2 * np.exp(-depth / 15e-6)
    same_mix = anode(sbr=0.02 * scale, cmc=0.01 * scale)
    layers = scrape(same_mix, exact, seed=0, step="10 um")
    readout = tga(layers, quiet, seed=0)["tga_binder_mass_fraction"].isel(replicate=0).values
    np.testing.assert_allclose(readout, layers["exact_binder_mass_fraction"].values, rtol=1e-9)


def test_thermogram_starts_at_100_percent_and_loses_the_binder_in_the_window(uniform_anode):
    """The thermogram is normalised to the loaded mass and falls through the read-out window by the
    binder's volatile share (graphite and carbon black are stable in nitrogen)."""
    layers = scrape(uniform_anode, "leps2000", seed=1, step="25 um")
    virtual = tga(layers, "nitrogen-anode", seed=1)
    curve = virtual["tga_mass_percent"].isel(layer=0, replicate=0)
    assert float(curve.isel(temperature=0)) == pytest.approx(100.0, abs=0.05)
    loss = float(curve.sel(temperature=200 + C, method="nearest") - curve.sel(temperature=550 + C, method="nearest"))
    binder = float(layers["binder_mass_fraction"].isel(layer=0, replicate=0))
    expected = virtual.attrs["tga_binder_reference_loss"] * binder
    assert loss == pytest.approx(expected, abs=0.05)


def test_same_seed_same_thermograms(uniform_anode):
    """Balance noise and drift come only from the explicit seed."""
    layers = scrape(uniform_anode, "leps2000", replicates=2, seed=1, step="25 um")
    a, b, c = tga(layers, seed=7), tga(layers, seed=7), tga(layers, seed=8)
    assert a.identical(b)
    assert not np.array_equal(a["tga_mass_percent"].values, c["tga_mass_percent"].values)


def test_auto_method_picks_the_pvdf_window_for_cathodes(uniform_anode):
    """``auto`` reads PVDF binders in the 300-580 degC window and aqueous binders in 200-550 degC."""
    layers = scrape(uniform_anode, "leps2000", seed=1, step="25 um")
    assert load_method("auto", layers).name == "nitrogen-anode"
    cathode = layers.assign_coords(component_material=("component", ["NMC111", "carbon black", "PVDF", "PVDF"]))
    assert load_method("auto", cathode).name == "nitrogen-pvdf"


def test_bad_methods_fail_clearly(tmp_path, uniform_anode):
    """Unknown methods, windows outside the run, offset temperatures for differences, unknown keys
    and materials without TGA data fail naming the problem."""
    with pytest.raises(InputError, match="nitrogen-anode"):
        load_method("argon")
    window = tmp_path / "window.toml"
    window.write_text('[tga]\nwindow_high = "700 degC"\n')
    with pytest.raises(InputError, match="window"):
        load_method(window)
    band = tmp_path / "band.toml"
    band.write_text('[tga]\nreadout_band = "5 degC"\n')
    with pytest.raises(InputError, match="readout_band"):
        load_method(band)
    typo = tmp_path / "typo.toml"
    typo.write_text('[tga]\nreadout_bandd = "4 K"\n')
    with pytest.raises(InputError, match="did you mean 'readout_band'"):
        load_method(typo)
    rate = tmp_path / "rate.toml"
    rate.write_text('[tga]\nheating_rate = "20 K/min"\n')  # no model uses a heating rate, so it is no setting
    with pytest.raises(InputError, match="heating_rate"):
        load_method(rate)
    good = tmp_path / "air.toml"
    good.write_text('[tga]\natmosphere = "air"\nend_temperature = "800 degC"\nreading_interval = "2 K"\n')
    assert load_method(good).reading_interval == pytest.approx(2.0)
    layers = scrape(uniform_anode, "leps2000", seed=1, step="25 um")
    unknown = layers.assign_coords(component_material=("component", ["graphite", "carbon black", "CMC", "unobtainium"]))
    with pytest.raises(InputError, match="unobtainium"):
        tga(unknown)
