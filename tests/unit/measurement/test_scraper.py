"""The virtual scraper: the instrument statistics of the IEST (2026) LEPS2000 application note, mass
conservation, blur, seeding, bad input."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from dryingsim.errors import InputError
from dryingsim.measurement import SCRAPER, load_protocol, scrape


def _first_stroke(coating, preset: str):
    layers = scrape(coating, preset, replicates=1000, seed=20261124, step="10 um")
    first = layers.isel(layer=0)
    removed = (first["actual_bottom_depth"] - first["actual_top_depth"]).values
    return first["depth_error"].values, removed


def test_leps2000_reproduces_the_iest_table_1_on_a_uniform_coating(uniform_anode):
    """1,000 replicates of the first 10 um stroke: mean error in [-0.7, -0.2] um, no deviation
    beyond +-2 um, COV of the removed depth below 5 % (IEST 2026, LEPS2000 application note, Table 1:
    the instrument's validation over five anode formulations)."""
    error, removed = _first_stroke(uniform_anode, "leps2000")
    assert -0.7e-6 <= error.mean() <= -0.2e-6
    assert np.abs(error).max() <= 2e-6
    assert removed.std() / removed.mean() < 0.05


def test_manual_blade_errors_are_larger_and_grow_with_depth_in_open_loop(uniform_anode):
    """The assumed manual-blade preset scatters the first stroke more than the LEPS2000, and its
    open-loop errors accumulate: the spread of the cut depth grows stroke after stroke
    (IEST 2026, section 1 and FAQ 7.2: manual depth errors are large)."""
    leps, _ = _first_stroke(uniform_anode, "leps2000")
    manual, _ = _first_stroke(uniform_anode, "manual-blade")
    assert manual.std() > 5 * leps.std()
    layers = scrape(uniform_anode, "manual-blade", replicates=1000, seed=1, step="10 um")
    spread = layers["depth_error"].isel(layer=slice(0, 6)).std("replicate").values
    assert np.all(np.diff(spread) > 0)
    closed = dataclasses.replace(SCRAPER.presets["manual-blade"], loop="closed")
    same_strokes = scrape(uniform_anode, closed, replicates=1000, seed=1, step="10 um")
    assert same_strokes["depth_error"].isel(layer=5).std() < 0.6 * spread[5]


def test_collected_masses_add_up_to_the_coating(stratified_anode):
    """Every gram of the coating ends up in exactly one layer: the layers' powder masses sum to the
    coating's mass per area times the sampled area, to round-off, for every replicate and both
    presets (mass conservation of sampling; the layer masses telescope)."""
    for preset in SCRAPER.presets:
        layers = scrape(stratified_anode, preset, replicates=50, seed=3, step="7 um")
        expected = float(stratified_anode["mass_per_area"].sum()) * SCRAPER.presets[preset].sample_area
        np.testing.assert_allclose(layers["powder_mass"].sum("layer").values, expected, rtol=1e-12)
        np.testing.assert_allclose(layers["component_mass"].sum(("layer", "component")).values, expected,
                                   rtol=1e-12)


def test_error_free_scraping_gives_the_exact_layer_averages(stratified_anode):
    """With every error source set to zero the scraped binder wt % of each layer equals the mass
    average of the true profile over the target layer (the definition of a layer average)."""
    perfect = dataclasses.replace(SCRAPER.presets["leps2000"], bias=0.0, noise=0.0, lateral_variation=0.0,
                                  gauge_noise=0.0)
    layers = scrape(stratified_anode, perfect, replicates=3, seed=0, step="10 um")
    np.testing.assert_allclose(layers["binder_mass_fraction"].values,
                               np.broadcast_to(layers["exact_binder_mass_fraction"].values[:, None], (10, 3)),
                               rtol=1e-12)
    np.testing.assert_allclose(layers["reported_bottom_depth"].isel(replicate=0).values,
                               layers["target_bottom_depth"].values, rtol=1e-12)


def test_scraped_profile_is_the_true_profile_blurred_and_the_blur_shrinks_with_the_errors(stratified_anode):
    """Depth errors and lateral thickness variation mix neighbouring depths: the scraped binder
    profile deviates from the exact layer averages, more for the manual blade than for the
    LEPS2000, and the deviation falls as the errors are scaled down (docs/theory/measurement.md, section 3)."""
    def blur(protocol) -> float:
        layers = scrape(stratified_anode, protocol, replicates=400, seed=5, step="10 um")
        deviation = layers["binder_mass_fraction"] - layers["exact_binder_mass_fraction"]
        return float(np.sqrt((deviation**2).mean()))

    leps = SCRAPER.presets["leps2000"]
    scaled = [dataclasses.replace(leps, **{k: getattr(leps, k) * f for k in ("bias", "noise", "bound",
                                                                         "lateral_variation")})
              for f in (2.0, 1.0, 0.5)]
    blurs = [blur(p) for p in scaled]
    assert blurs[0] > blurs[1] > blurs[2] > 0
    assert blur("manual-blade") > 2 * blurs[1]


def test_top_layer_binder_is_underestimated_by_blur_where_binder_peaks_at_the_surface(stratified_anode):
    """Where binder peaks at the surface, lateral mixing brings binder-poorer material from below
    into the top layer: the scraped top layer is, on average, below its exact average (the
    direction of the blur on a monotone profile)."""
    layers = scrape(stratified_anode, "manual-blade", replicates=400, seed=8, step="10 um")
    top = layers.isel(layer=0)
    assert float(top["binder_mass_fraction"].mean()) < float(top["exact_binder_mass_fraction"])


def test_same_seed_same_numbers_different_seed_different_numbers(stratified_anode):
    """Randomness comes only from the explicit seed (CONTRIBUTING.md, tests)."""
    a = scrape(stratified_anode, "leps2000", replicates=5, seed=42, step="10 um")
    b = scrape(stratified_anode, "leps2000", replicates=5, seed=42, step="10 um")
    c = scrape(stratified_anode, "leps2000", replicates=5, seed=43, step="10 um")
    assert a.identical(b)
    assert not np.array_equal(a["actual_bottom_depth"].values, c["actual_bottom_depth"].values)


def test_last_layer_ends_at_the_foil_and_a_sliver_joins_the_layer_above(uniform_anode):
    """The scraper always goes down to the foil; a remainder thinner than one command step is not a
    separate layer (100 um in 30 um steps: cuts at 30, 60, 90 um, last layer 90-100 um)."""
    layers = scrape(uniform_anode, "leps2000", seed=0, step="30 um")
    np.testing.assert_allclose(layers["target_bottom_depth"].values * 1e6, [30, 60, 90, 100])
    assert float(layers["actual_bottom_depth"].isel(layer=-1, replicate=0)) == pytest.approx(100e-6)
    one = scrape(uniform_anode, "leps2000", seed=0, step="99.5 um")
    assert one.sizes["layer"] == 1


def test_explicit_cuts_and_light_layers_are_flagged(uniform_anode):
    """Explicit cut depths give layers between them; a 2 um layer of a 10 mm x 10 mm strip weighs
    about 0.3 mg, below the 5 mg a TGA run needs, and is flagged (IEST 2026, section 3: sample width 10-55 mm)."""
    small = dataclasses.replace(SCRAPER.presets["leps2000"], sample_width=10e-3, stroke_length=10e-3)
    layers = scrape(uniform_anode, small, seed=0, cuts=["2 um", "40 um"])
    np.testing.assert_allclose(layers["target_bottom_depth"].values * 1e6, [2, 40, 100])
    assert layers["enough_for_tga"].values.ravel().tolist() == [False, True, True]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"step": "200 um"}, "scraper.step"),
        ({"step": "-5 um"}, "scraper.step"),
        ({"cuts": ["-3 um", "20 um"]}, "scraper.cuts[0]"),
        ({"cuts": ["20 um", "10 um"]}, "scraper.cuts[1]"),
        ({"cuts": ["20 um", "120 um"]}, "scraper.cuts"),
        ({"step": "10 um", "cuts": ["20 um"]}, "either step or cuts"),
        ({}, "a layer step"),
        ({"step": "10 kg"}, "has dimension"),
        ({"step": "10 umm"}, "unknown unit"),
    ],
)
def test_bad_cuts_fail_with_a_message_naming_the_field(uniform_anode, kwargs, message):
    """A step larger than the coating, negative or unordered depths, cuts below the foil and bad
    units are refused before any sampling, naming the field (Standards: bad input)."""
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        scrape(uniform_anode, "leps2000", **kwargs)


def test_unknown_preset_and_bad_replicates_fail_clearly(uniform_anode):
    """An unknown preset names the presets there are; replicates must be a positive integer."""
    with pytest.raises(InputError, match="leps2000, manual-blade"):
        scrape(uniform_anode, "leps3000", step="10 um")
    with pytest.raises(InputError, match="replicates"):
        scrape(uniform_anode, "leps2000", replicates=0, step="10 um")


def test_user_preset_from_toml_inherits_and_rejects_misspelled_keys(tmp_path, uniform_anode):
    """A user preset in TOML starts from a base preset and changes only what it gives, with units;
    a misspelled key is an error that suggests the right one (Standards: unknown keys are errors)."""
    good = tmp_path / "lab.toml"
    good.write_text('[scraper]\nbase = "leps2000"\nnoise = "0.5 um"\nsample_width = "20 mm"\nstep = "5 um"\n')
    protocol = load_protocol(good)
    assert protocol.name == "lab" and protocol.noise == pytest.approx(0.5e-6)
    assert protocol.sample_width == pytest.approx(20e-3) and protocol.bias == SCRAPER.presets["leps2000"].bias
    assert scrape(uniform_anode, good, seed=0).sizes["layer"] == 20
    bad = tmp_path / "typo.toml"
    bad.write_text('[scraper]\nnoize = "0.5 um"\n')
    with pytest.raises(InputError, match="did you mean 'noise'"):
        load_protocol(bad)
    broken = tmp_path / "broken.toml"
    broken.write_text('[scraper]\nnoise = \n')
    with pytest.raises(InputError, match="line 2"):
        load_protocol(broken)
    both = tmp_path / "both.toml"
    both.write_text('[scraper]\nstep = "5 um"\ncuts = ["10 um"]\n')
    with pytest.raises(InputError, match="either step or cuts"):
        load_protocol(both)
    cuts = tmp_path / "cuts.toml"
    cuts.write_text('[scraper]\ncuts = ["10 um", "30 um"]\nnoise = "0.4 um"\n')
    assert load_protocol(cuts).cuts == pytest.approx((10e-6, 30e-6))
    assert "user preset" in load_protocol(cuts).source
    too_biased = tmp_path / "biased.toml"
    too_biased.write_text('[scraper]\nbias = "3 um"\nbound = "2 um"\n')
    with pytest.raises(InputError, match="bias"):
        load_protocol(too_biased)
