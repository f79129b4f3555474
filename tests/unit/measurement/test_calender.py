"""Calendering: pores close, solids and per-layer mass fractions do not change, depths are remapped."""

from __future__ import annotations

import numpy as np
import pytest

from dryingsim.errors import InputError
from dryingsim.measurement import calender
from dryingsim.measurement.profile import cumulative_mass
from dryingsim.results.metrics import dry_thickness


def _solid_thickness(profile) -> float:
    return float((profile["volume_fraction"].sum("component") * profile["depth_cell_width"]).sum())


@pytest.mark.parametrize(
    ("target", "check"),
    [
        ({"thickness": "80 um"}, lambda p: dry_thickness(p) == pytest.approx(80e-6, rel=1e-12)),
        ({"porosity": "25 %"}, lambda p: 1 - _solid_thickness(p) / dry_thickness(p) == pytest.approx(0.25)),
        ({"density": "1.5 g/cm^3"},
         lambda p: float(p["mass_per_area"].sum()) / dry_thickness(p) == pytest.approx(1500.0)),
    ],
)
def test_calendering_reaches_its_target_and_changes_no_mass(stratified_anode, target, check):
    """Thickness, porosity and density targets are met exactly; each cell keeps the mass of every
    component, so per-layer mass fractions are unchanged by compression (docs/theory/measurement.md, section 2)."""
    pressed = calender(stratified_anode, **target)
    assert check(pressed)
    np.testing.assert_array_equal(pressed["mass_per_area"].values, stratified_anode["mass_per_area"].values)
    assert _solid_thickness(pressed) == pytest.approx(_solid_thickness(stratified_anode), rel=1e-12)
    assert np.all(pressed["porosity"].values >= -1e-12)


def test_uniform_calendering_closes_the_same_share_of_pores_at_every_depth(stratified_anode):
    """By default all depths compress alike: every cell loses the same share of its pore volume, so
    the material above a given depth maps to a depth scaled in proportion to its pores."""
    pressed = calender(stratified_anode, thickness="80 um")
    before = (stratified_anode["porosity"] * stratified_anode["depth_cell_width"]).values
    after = (pressed["porosity"] * pressed["depth_cell_width"]).values
    share = after / before
    np.testing.assert_allclose(share, share[0], rtol=1e-10)
    np.testing.assert_allclose(pressed["depth_before_calendering"].values, stratified_anode["depth"].values)


def test_surface_option_densifies_the_top_more_than_the_bottom(uniform_anode):
    """With a surface decay length the roll closes more pores near the surface (the densification
    gradient of calendered electrodes, Etiemble et al. 2017, J. Mater. Sci. 52, 3576, Sec. 5): porosity
    then increases with depth."""
    pressed = calender(uniform_anode, porosity="30 %", surface_decay_length="20 um")
    porosity = pressed["porosity"].values
    assert porosity[0] < porosity[50] < porosity[-1]
    assert 1 - _solid_thickness(pressed) / dry_thickness(pressed) == pytest.approx(0.30)


def test_scraping_a_calendered_coating_samples_the_same_material_at_remapped_depths(stratified_anode):
    """The layer between two depths of the calendered coating holds the material that lay between
    the corresponding uncalendered depths (depth remapping, docs/theory/measurement.md, section 2)."""
    pressed = calender(stratified_anode, thickness="75 um")
    ratio = 75e-6 / 100e-6
    # uniform pore closing on a uniform-porosity region maps depths only approximately linearly, so
    # compare at cell faces, where the map is exact
    faces_before = np.concatenate([[0], np.cumsum(stratified_anode["depth_cell_width"].values)])
    faces_after = np.concatenate([[0], np.cumsum(pressed["depth_cell_width"].values)])
    np.testing.assert_allclose(cumulative_mass(pressed, faces_after), cumulative_mass(stratified_anode, faces_before),
                               rtol=1e-12, atol=1e-18)
    assert faces_after[-1] == pytest.approx(ratio * faces_before[-1])


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ({}, "exactly one of"),
        ({"thickness": "80 um", "porosity": "30 %"}, "exactly one of"),
        ({"thickness": "120 um"}, "calender.thickness"),
        ({"thickness": "10 um"}, "above the solid volume"),
        ({"porosity": "60 %"}, "at most the dry porosity"),
        ({"density": "0.5 g/cm^3"}, "calender.density"),
        ({"thickness": "80 kg"}, "dimension"),
        ({"thickness": "80 um", "surface_decay_length": "-5 um"}, "surface_decay_length"),
    ],
)
def test_unreachable_targets_fail_with_the_reachable_range(uniform_anode, target, message):
    """A coating cannot expand, nor close more than its pores; the message gives the reachable range."""
    with pytest.raises(InputError, match=message):
        calender(uniform_anode, **target)


def test_targets_in_si_numbers_equal_targets_with_units(stratified_anode):
    """The Python API takes SI numbers as well as text with units (Standards: SI inside)."""
    with_units = calender(stratified_anode, thickness="80 um", surface_decay_length="30 um")
    in_si = calender(stratified_anode, thickness=80e-6, surface_decay_length=30e-6)
    np.testing.assert_allclose(in_si["depth_cell_width"].values, with_units["depth_cell_width"].values, rtol=1e-12)
