"""End to end: a simulated anode is calendered, scraped, read by TGA and compared, in Python and on
the command line (issue 3; CONTRIBUTING.md, the layers in data-flow order)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import dryingsim
from dryingsim.cli import main
from dryingsim.measurement.tga import step_response


@pytest.fixture(scope="module")
def result_file(tmp_path_factory, verification_anode_run) -> Path:
    path = tmp_path_factory.mktemp("pipeline") / "anode.nc"
    dryingsim.save_result(verification_anode_run, path)
    return path


def test_simulated_coating_through_calender_scraper_tga_and_compare(result_file, tmp_path):
    """The dry profile of a real run flows through every step: calendering keeps each component's
    mass, the scraped layers add up to the coating, the TGA reads binder near the layers' true
    values, and a virtual measurement of the run compares consistently with the run; every result
    carries the scenario and the package version (Standards: self-describing outputs)."""
    result = dryingsim.load_result(result_file)
    pressed = dryingsim.calender(result, porosity="35 %")
    total = float(pressed["mass_per_area"].sum())
    assert total == pytest.approx(float((result["dry_volume_fraction"] * result["component_density"]
                                         * result["depth_cell_width"]).sum()), rel=1e-12)
    layers = dryingsim.scrape(pressed, "leps2000", replicates=20, seed=1, step="10 um")
    np.testing.assert_allclose(layers["powder_mass"].sum("layer"), total * layers.attrs["sample_area_m2"], rtol=1e-12)
    virtual = dryingsim.tga(layers, seed=2)
    # the read-out divides the window loss by the reference loss of the coating's CMC:SBR mix, so a
    # layer reads its true binder times (its mix's loss / reference loss), between the pure-CMC and
    # pure-SBR limits (the verification anode is strongly stratified, with a CMC-rich second layer)
    window = np.array([200.0, 550.0]) + 273.15
    cmc, sbr = (float(-np.diff(step_response(m, "nitrogen", window))[0]) for m in ("CMC", "SBR latex"))
    reference = virtual.attrs["tga_binder_reference_loss"]
    ratio = virtual["tga_binder_mass_fraction"].mean("replicate") / layers["binder_mass_fraction"].mean("replicate")
    assert np.all(ratio > cmc / reference - 0.02) and np.all(ratio < sbr / reference + 0.02)
    for ds in (pressed, layers, virtual):
        assert ds.attrs["scenario_name"] == "verification-anode" and ds.attrs["dryingsim_version"]
        assert "material_sources" in ds.attrs and "scenario" in ds.attrs
    assert virtual.attrs["measurement_dryingsim_version"] == dryingsim.__version__
    assert "Table 1" in virtual.attrs["scraper_protocol"] and "Chen, Yeh" in virtual.attrs["tga_material_sources"]
    assert all("units" in virtual[name].attrs for name in virtual.data_vars if virtual[name].dtype.kind == "f")

    measured = tmp_path / "measured.csv"
    rows = ["top_depth_um,bottom_depth_um,binder_wt_percent,binder_wt_percent_std"]
    for i in range(virtual.sizes["layer"]):
        one = virtual.isel(layer=i, replicate=0)
        rows.append(f"{float(one['reported_top_depth']) * 1e6:.3f},{float(one['reported_bottom_depth']) * 1e6:.3f},"
                    f"{float(one['tga_binder_mass_fraction']):.4f},0.1")
    measured.write_text("\n".join(rows) + "\n")
    (tmp_path / "measured.toml").write_text('sample = "virtual"\nscraper = "leps2000"\n')
    comparison = dryingsim.compare(pressed, measured, replicates=100, seed=3)
    assert comparison.attrs["share_inside_band"] >= 0.6
    assert comparison.attrs["reduced_chi_square"] < 5


def test_command_line_scrape_and_compare_round_trip(result_file, tmp_path, capsys):
    """``dryingsim scrape`` prints a layer table and writes the layers in the measured format with its
    metadata, which ``dryingsim compare`` reads back and compares (issue 3, command line)."""
    layers_csv = tmp_path / "layers.csv"
    status = main(["scrape", str(result_file), "--protocol", "leps2000", "--step", "10um", "-o", str(layers_csv),
                   "--replicates", "5", "--plot", str(tmp_path / "errors.png"),
                   "--thermograms", str(tmp_path / "tga.png")])
    out = capsys.readouterr().out
    assert status == 0 and "binder TGA" in out
    assert layers_csv.read_text().startswith("top_depth_um,bottom_depth_um,binder_wt_percent")
    assert (tmp_path / "layers.toml").is_file() and (tmp_path / "errors.png").stat().st_size > 0

    status = main(["compare", str(result_file), str(layers_csv), "--replicates", "50", "--plot",
                   str(tmp_path / "overlay.png")])
    out = capsys.readouterr().out
    assert status == 0 and "RMSE" in out and "inside the 95 % band" in out
    assert (tmp_path / "overlay.png").stat().st_size > 0

    status = main(["scrape", str(result_file), "--step", "10um", "-o", str(tmp_path / "all.nc"), "--calender",
                   "thickness=60um"])
    assert status == 0
    assert dryingsim.load_result(tmp_path / "all.nc")["tga_mass_percent"].sizes["temperature"] > 100


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--step", "500um"], "scraper.step"),
        (["--step", "10um", "--protocol", "leps3000"], "leps2000, manual-blade"),
        (["--cuts", "20um,10um"], "scraper.cuts[1]"),
        (["--step", "10um", "--calender", "height=60um"], "--calender"),
        (["--step", "10um", "--tga-method", "argon"], "tga method"),
    ],
)
def test_command_line_bad_input_is_one_line_without_traceback(result_file, tmp_path, capsys, arguments, message):
    """Bad scraper input exits 2 with one line naming the problem and no traceback (Standards)."""
    status = main(["scrape", str(result_file), *arguments, "-o", str(tmp_path / "x.csv")])
    err = capsys.readouterr().err
    assert status == 2
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
