"""Migration metrics (docs/theory/model.md, section 10) on synthetic results with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from dryingsim.errors import DryingsimError
from dryingsim.results.metrics import faces_from_centres, mass_balance_error, metrics, metrics_as_attrs

NMC_SLOPE = -0.1  # [% um-1], Etiemble et al. (2017) Table 1 order of magnitude for NMC
GEOMETRIC_WIDTHS = 1e-6 * 1.08 ** np.arange(25)  # dry cells growing towards the foil [m]


def linear_nmc(height: np.ndarray) -> dict[str, np.ndarray]:
    """NMC volume fraction 0.40 at 30 um, changing by NMC_SLOPE % per um of height."""
    return {"NMC": 0.40 + NMC_SLOPE / 100 * (height * 1e6 - 30.0)}


def test_uniform_coating_has_binder_top_bottom_ratio_one(synthetic_result):
    """A uniform dry coating has the nominal binder content at top and bottom: ratio 1 (round-off)."""
    m = metrics(synthetic_result())
    assert m["binder_top_bottom_ratio"] == pytest.approx(1.0, rel=1e-12)
    assert m["surface_enrichment"] == pytest.approx(1.0, rel=1e-12)
    assert m["foil_depletion"] == pytest.approx(1.0, rel=1e-12)
    assert m["binder_top_wt_pct"] == pytest.approx(m["binder_nominal_wt_pct"], rel=1e-12)


@pytest.mark.parametrize("widths", [None, GEOMETRIC_WIDTHS], ids=["uniform cells", "graded cells"])
def test_uniform_coating_has_zero_settling_gradient(synthetic_result, widths):
    """A uniform dry coating has no settling gradient for any active material."""
    gradients = metrics(synthetic_result(depth_cell_width=widths))["settling_gradient_pct_per_um"]
    assert set(gradients) == {"NMC", "LFP"}
    assert all(abs(slope) < 1e-12 for slope in gradients.values())


@pytest.mark.parametrize("widths", [None, GEOMETRIC_WIDTHS], ids=["uniform cells", "graded cells"])
def test_linear_nmc_profile_gives_its_slope(synthetic_result, widths):
    """A linear NMC profile of -0.1 % per um returns that slope; the uniform LFP returns 0."""
    ds = synthetic_result(linear_nmc, depth_cell_width=widths)
    gradients = metrics(ds)["settling_gradient_pct_per_um"]
    assert gradients["NMC"] == pytest.approx(NMC_SLOPE, rel=1e-10)
    assert abs(gradients["LFP"]) < 1e-12


def test_settling_gradient_ignores_the_edge_layers(synthetic_result):
    """Composition changes confined to the top and bottom 10 % do not change the bulk slope."""

    def skewed_edges(height: np.ndarray) -> dict[str, np.ndarray]:
        nmc = linear_nmc(height)["NMC"]
        return {"NMC": np.where(height < 5e-6, 0.2, np.where(height > 55e-6, 0.5, nmc))}

    gradients = metrics(synthetic_result(skewed_edges))["settling_gradient_pct_per_um"]
    assert gradients["NMC"] == pytest.approx(NMC_SLOPE, rel=1e-10)


def test_binder_step_profile_gives_hand_computed_ratio(synthetic_result):
    """Latex-rich top cell: top 10 % = one full plus half a 4 um cell, dry-mass weighted by hand.

    60 um in 15 cells of 4 um: the top window [0, 6 um] holds cell 0 whole and half of cell 1.
    """
    ds = synthetic_result(lambda h: {"SBR": np.where(h > 56e-6, 0.06, 0.02)}, n_depth=15)
    density = ds["component_density"].to_series()
    fractions = ds["dry_volume_fraction"].to_pandas()  # (depth, component)
    mass = fractions.mul(density, axis=1)  # [kg m-3]
    solid_rich, solid_lean = mass.iloc[0].sum(), mass.iloc[-1].sum()
    binder_rich = mass.iloc[0][["SBR", "CMC"]].sum()
    binder_lean = mass.iloc[-1][["SBR", "CMC"]].sum()
    top = 100 * (4 * binder_rich + 2 * binder_lean) / (4 * solid_rich + 2 * solid_lean)
    bottom = 100 * binder_lean / solid_lean

    m = metrics(ds)
    assert m["binder_top_wt_pct"] == pytest.approx(top, rel=1e-12)
    assert m["binder_bottom_wt_pct"] == pytest.approx(bottom, rel=1e-12)
    assert m["binder_top_bottom_ratio"] == pytest.approx(top / bottom, rel=1e-12)
    assert m["surface_enrichment"] == pytest.approx(top / m["binder_nominal_wt_pct"], rel=1e-12)
    assert m["binder_top_bottom_ratio"] > 1


def test_binder_top_excess_is_the_skin_mass_whatever_the_cells(synthetic_result):
    """The binder a latex-rich skin adds above the nominal composition, per area: hand-computed on 15 cells,
    and the same skin (the top 4 um) resolved by 60 cells gives the same mass per area (a skin counts by its
    mass, not by the cells it spans)."""

    def skin(height: np.ndarray) -> dict[str, np.ndarray]:
        return {"SBR": np.where(height > 56e-6, 0.06, 0.02)}

    coarse, fine = synthetic_result(skin, n_depth=15), synthetic_result(skin, n_depth=60)
    density = coarse["component_density"].to_series()
    mass = coarse["dry_volume_fraction"].to_pandas().mul(density, axis=1)  # [kg m-3]
    nominal = metrics(coarse)["binder_nominal_wt_pct"] / 100
    by_hand = 4e-6 * (mass.iloc[0][["SBR", "CMC"]].sum() - nominal * mass.iloc[0].sum()) \
        + 2e-6 * (mass.iloc[1][["SBR", "CMC"]].sum() - nominal * mass.iloc[1].sum())
    assert metrics(coarse)["binder_top_excess_kg_per_m2"] == pytest.approx(by_hand, rel=1e-12)
    assert metrics(fine)["binder_top_excess_kg_per_m2"] == pytest.approx(by_hand, rel=1e-12)
    assert metrics(synthetic_result())["binder_top_excess_kg_per_m2"] == pytest.approx(0.0, abs=1e-15)


def test_scalar_metrics_are_read_from_the_result(synthetic_result):
    """Drying time is the drying_time attribute; dry thickness is the last thickness."""
    ds = synthetic_result(dry_thickness=70e-6, drying_time=250.0)
    m = metrics(ds)
    assert m["drying_time_s"] == 250.0
    assert m["dry_thickness_m"] == pytest.approx(70e-6, rel=1e-12)


def test_conserving_result_has_zero_mass_balance_error(synthetic_result):
    """The synthetic run conserves every component and the solvent: error at round-off."""
    assert mass_balance_error(synthetic_result()) < 1e-14


def test_perturbed_component_amount_is_the_mass_balance_error(synthetic_result):
    """Scaling one component's final profile by 1 + 1e-3 gives a mass balance error of 1e-3."""
    ds = synthetic_result()
    perturbed = ds["volume_fraction"].copy()
    perturbed.loc[{"time": ds["time"][-1], "component": "LFP"}] *= 1 + 1e-3
    assert mass_balance_error(ds.assign(volume_fraction=perturbed)) == pytest.approx(1e-3, rel=1e-9)


def test_lost_solvent_is_the_mass_balance_error(synthetic_result):
    """Evaporated solvent short by 2e-3 of the initial solvent gives a mass balance error of 2e-3."""
    ds = synthetic_result()
    initial = float(ds["solvent_mass"][0])
    evaporated = ds["evaporated_solvent"].copy()
    evaporated[5] -= 2e-3 * initial
    assert mass_balance_error(ds.assign(evaporated_solvent=evaporated)) == pytest.approx(2e-3, rel=1e-9)


def test_metrics_as_attrs_flattens_with_metric_prefix(synthetic_result):
    """Every metric becomes one float attribute metric_<name>[_<component>]."""
    attrs = metrics_as_attrs(metrics(synthetic_result(linear_nmc)))
    assert attrs["metric_settling_gradient_pct_per_um_NMC"] == pytest.approx(NMC_SLOPE, rel=1e-10)
    assert "metric_settling_gradient_pct_per_um_LFP" in attrs
    assert "metric_binder_top_bottom_ratio" in attrs
    assert len(attrs) == 10 + 2
    assert all(isinstance(value, float) for value in attrs.values())


def test_faces_from_centres_recovers_a_graded_mesh():
    """Faces of a non-uniform finite-volume mesh are recovered from its cell centres."""
    faces = np.concatenate([[0.0], np.cumsum(GEOMETRIC_WIDTHS)])
    centres = (faces[1:] + faces[:-1]) / 2
    np.testing.assert_allclose(faces_from_centres(centres), faces, rtol=1e-12, atol=1e-18)


def test_faces_from_centres_rejects_centres_of_no_mesh():
    """Centres that cannot be midpoints of a mesh from 0 are an error naming them."""
    with pytest.raises(DryingsimError, match="not midpoints"):
        faces_from_centres(np.array([0.3, 0.35, 0.9]))
