"""Measured profiles (CSV + metadata) and the like-for-like comparison."""

from __future__ import annotations

import numpy as np
import pytest

from dryingsim.errors import InputError
from dryingsim.measurement import compare, read_measured, scrape, tga

HEADER = "top_depth_um,bottom_depth_um,binder_wt_percent,binder_wt_percent_std\n"
METADATA = 'sample = "test anode"\nscraper = "leps2000"\n'


def _write(tmp_path, rows: str, metadata: str = METADATA, header: str = HEADER):
    path = tmp_path / "profile.csv"
    path.write_text(header + rows)
    (tmp_path / "profile.toml").write_text(metadata)
    return path


def test_reads_the_documented_format_with_comments_and_optional_std(tmp_path):
    """Depths in um become m, a missing std column reads as 0, ``#`` lines are comments, and the
    metadata file next to the CSV travels along as attributes (docs/user-guide/measurement.md)."""
    header = "top_depth_um,bottom_depth_um,binder_wt_percent\n"
    path = _write(tmp_path, "# lab run 7\n0,10,6.5\n10,30,5.0\n", header=header)
    measured = read_measured(path)
    np.testing.assert_allclose(measured["bottom_depth"].values, [10e-6, 30e-6])
    np.testing.assert_array_equal(measured["binder_mass_fraction_std"].values, [0.0, 0.0])
    assert measured.attrs["sample"] == "test anode" and measured.attrs["scraper"] == "leps2000"


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        ("0,10,6.5,0.2\n10,20,abc,0.2\n", HEADER, "line 3, column 3"),
        ("0,10,6.5,0.2\n10,20,5.0\n", HEADER, "line 3"),
        ("-5,10,6.5,0.2\n", HEADER, "line 2, column 1"),
        ("0,10,6.5,0.2\n8,20,5.0,0.2\n", HEADER, "without overlapping"),
        ("0,10,6.5,0.2\n20,15,5.0,0.2\n", HEADER, "line 3, column 2"),
        ("0,10,106.5,0.2\n", HEADER, r"\[0, 100\] %"),
        ("0,10,6.5,-1\n", HEADER, "column 4"),
        ("0,10,6.5,0.2\n", "top_depth_um,bottom_depth,binder_wt_percent,binder_wt_percent_std\n", "line 1, column 2"),
        ("0,10\n", "top_depth_um,bottom_depth_um\n", "missing column binder_wt_percent"),
        ("", HEADER, "at least one data row"),
        ("0,10,nan,0.2\n", HEADER, "a finite number"),
    ],
)
def test_malformed_csv_names_line_and_column(tmp_path, rows, header, message):
    """Every malformed CSV fails before any compute with the file, the line and, where it applies, the
    column (issue 3: bad input fails with a clear message naming line and column)."""
    with pytest.raises(InputError, match=message):
        read_measured(_write(tmp_path, rows, header=header))


def test_metadata_is_required_and_checked(tmp_path):
    """The metadata file must exist and give at least the sample and the scraper; unknown keys are
    errors (docs/theory/measurement.md, section 5: measured profiles come with their metadata)."""
    path = _write(tmp_path, "0,10,6.5,0.2\n")
    (tmp_path / "profile.toml").unlink()
    with pytest.raises(InputError, match="metadata"):
        read_measured(path)
    path = _write(tmp_path, "0,10,6.5,0.2\n", metadata='sample = "x"\n')
    with pytest.raises(InputError, match="scraper"):
        read_measured(path)
    path = _write(tmp_path, "0,10,6.5,0.2\n", metadata=METADATA + 'scrapper_speed = "fast"\n')
    with pytest.raises(InputError, match="unknown key"):
        read_measured(path)


def _virtual_measurement_as_csv(tmp_path, coating, seed: int):
    """One virtual lab measurement (1 replicate of scraper + TGA), written in the measured format."""
    layers = tga(scrape(coating, "leps2000", replicates=1, seed=seed, step="10 um"), seed=seed)
    rows = "".join(
        f"{float(one['reported_top_depth']) * 1e6:.3f},{float(one['reported_bottom_depth']) * 1e6:.3f},"
        f"{float(one['tga_binder_mass_fraction']):.5f},0\n"
        for one in (layers.isel(layer=i, replicate=0) for i in range(layers.sizes["layer"]))
    )
    return _write(tmp_path, rows)


def test_a_measurement_of_the_prediction_itself_falls_inside_the_band(tmp_path, stratified_anode):
    """When the 'measured' profile is one virtual measurement of the predicted coating, the
    comparison is consistent: small residuals, reduced chi-square of order 1, and about 95 % of
    points inside the 95 % band (pooled over 10 independent measurements; docs/theory/measurement.md, section 5)."""
    inside, chi2 = [], []
    for seed in range(10):
        result = compare(stratified_anode, _virtual_measurement_as_csv(tmp_path, stratified_anode, 100 + seed),
                         replicates=200, seed=seed)
        inside.append(result.attrs["share_inside_band"])
        chi2.append(result.attrs["reduced_chi_square"])
        assert result.attrs["rmse"] < 0.5
    assert np.mean(inside) >= 0.85
    assert 0.3 < np.median(chi2) < 3.0


def test_a_wrong_prediction_is_flagged(tmp_path, stratified_anode, uniform_anode):
    """A uniform prediction compared with a stratified measurement has large residuals of the right
    sign (measured above predicted at the surface) and most points outside the band."""
    result = compare(uniform_anode, _virtual_measurement_as_csv(tmp_path, stratified_anode, 1), replicates=200, seed=1)
    assert result["residual"].isel(layer=0) > 1.0
    assert result.attrs["share_inside_band"] < 0.5
    assert result.attrs["reduced_chi_square"] > 10


def test_same_seed_same_comparison(tmp_path, stratified_anode):
    """Monte Carlo comparison is reproducible from its seed."""
    path = _virtual_measurement_as_csv(tmp_path, stratified_anode, 3)
    a = compare(stratified_anode, path, replicates=50, seed=9)
    assert a.identical(compare(stratified_anode, path, replicates=50, seed=9))


def test_measured_layers_deeper_than_the_prediction_are_refused(tmp_path, stratified_anode):
    """A measured coating much thicker than the prediction means the wrong units or an uncalendered
    prediction: compare says so instead of comparing different depths."""
    path = _write(tmp_path, "0,50,6.5,0.2\n50,150,5.0,0.2\n")
    with pytest.raises(InputError, match="thicker than the prediction"):
        compare(stratified_anode, path, replicates=10, seed=0)
    with pytest.raises(InputError, match="replicates"):
        compare(stratified_anode, path, replicates=1, seed=0)


def test_a_measured_last_layer_close_to_the_foil_is_scraped_to_the_foil(tmp_path, stratified_anode):
    """A measured bottom within a few % of the predicted thickness is the foil: the last measured
    layer gets the material down to the foil, and the comparison uses every measured layer."""
    path = _write(tmp_path, "0,50,4.0,0.2\n50,101.5,3.5,0.2\n")
    result = compare(stratified_anode, path, replicates=20, seed=0)
    assert result.sizes["layer"] == 2
    assert np.all(np.isfinite(result["predicted_mean"].values))


def test_gaps_between_measured_layers_are_scraped_but_not_compared(tmp_path, stratified_anode):
    """Labs may skip depths: rows 0-10 and 20-30 um are compared with the scraped layers 0-10 and
    20-30 um, whose error-free values are the exact layer averages of the prediction."""
    path = _write(tmp_path, "0,10,6.0,0.2\n20,30,5.0,0.2\n")
    result = compare(stratified_anode, path, replicates=20, seed=0)
    exact = scrape(stratified_anode, "leps2000", seed=0, cuts=["10 um", "20 um", "30 um"])
    np.testing.assert_allclose(result["predicted_exact"].values,
                               exact["exact_binder_mass_fraction"].values[[0, 2]], rtol=1e-12)


def test_the_band_holds_the_scatter_of_real_measurements_layer_by_layer(stratified_anode):
    """Measured depths are the gauge's readings of the actual cuts (docs/theory/measurement.md, section 3),
    so comparing the prediction with virtual lab measurements of itself must give standardised residuals of
    mean 0 and spread 1 in every layer, also where the binder gradient is steep, and chi-square about the
    number of points (pooled over 40 measurements). Applying the stroke bias and rounding again around the readings
    fails this: it shifts the cuts by up to 0.9 um and doubles the residuals in steep layers."""
    from dryingsim.measurement import virtual_lab_measurement

    z = []
    for seed in range(40):
        comparison = compare(stratified_anode, virtual_lab_measurement(stratified_anode, seed=500 + seed),
                             replicates=200, seed=seed)
        z.append((comparison["residual"] / comparison["predicted_std"]).values)
    z = np.array(z)
    assert 0.75 < np.mean(z**2) < 1.33
    assert np.all(np.abs(z.mean(axis=0)) < 0.45) and np.all((z.std(axis=0) > 0.7) & (z.std(axis=0) < 1.35))
