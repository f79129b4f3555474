"""The command line of issue 8: ``dryingsim calibrate``, ``dryingsim predict`` and ``dryingsim validate``,
end to end on files as an engineer writes them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import xarray as xr

import dryingsim
from dryingsim.cli import main
from dryingsim.measurement import virtual_lab_measurement, write_measured
from dryingsim.scenario.edit import Parameter, ScenarioEditor
from dryingsim.validation import TABLE_END, TABLE_START, run_suite, update_readme

REPOSITORY = Path(__file__).parents[2]
ANODE = REPOSITORY / "tests" / "data" / "sweeps" / "sweep-anode.toml"


@pytest.fixture(scope="module")
def measured_files(tmp_path_factory):
    """Two virtual lab measurements of the 12-cell anode (binder diffusivity 1e-10 m2/s) dried at 1 and
    3 g/m2/s, each file saying its drying rate in [conditions]."""
    folder = tmp_path_factory.mktemp("measured")
    editor = ScenarioEditor.from_file(ANODE, [Parameter("D", "physics.binder_diffusivity", "m^2/s"),
                                              Parameter("rate", "drying.rate", "kg/m^2/s")])
    paths = []
    for seed, rate in enumerate((1e-3, 3e-3)):
        measured = virtual_lab_measurement(dryingsim.simulate(editor.scenario([1e-10, rate], "truth")), seed=seed)
        measured.attrs["conditions"] = json.dumps({"drying.rate": f"{rate * 1e3:g} g/m^2/s"})
        paths.append(folder / f"dried-{seed}.csv")
        write_measured(measured, paths[-1])
    return paths


def test_calibrate_then_predict_from_the_files_it_wrote(measured_files, tmp_path, capsys):
    """calibrate fits the diffusivity shared by two profiles dried at two rates (read from each file's
    [conditions]) and writes a fitted scenario, its uncertainty, a journal and a figure; predict reads the
    fitted scenario back and writes a band without NaN (design: no NaN reaches a result file)."""
    fitted = tmp_path / "fitted.toml"
    assert main(["calibrate", str(ANODE), *map(str, measured_files), "--fit",
                 "physics.binder_diffusivity=1e-11..1e-9 m^2/s", "-o", str(fitted), "--plot",
                 str(tmp_path / "fit.png"), "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert "physics.binder_diffusivity" in printed and "degrees of freedom" in printed
    assert fitted.is_file() and (tmp_path / "fitted.fit.toml").is_file() and (tmp_path / "fit.png").is_file()
    assert (tmp_path / "fitted.journal.jsonl").is_file()
    assert main(["predict", str(fitted), "--set", "drying.rate=2 g/m^2/s", "--samples", "6", "--workers", "1",
                 "-o", str(tmp_path / "band.nc"), "--plot", str(tmp_path / "band.png")]) == 0
    assert "drying_time_s" in capsys.readouterr().out
    band = xr.open_dataset(tmp_path / "band.nc")
    assert band.sizes["sample"] == 6 and "binder_mass_fraction_high" in band


@pytest.mark.parametrize(("arguments", "message"), [
    (["--fit", "physics.binder_diffusivity=1e-11 m^2/s"], "PATH=LOW..HIGH"),
    (["--fit", "physics.nonexistent=1..2"], "physics.nonexistent"),
    (["--fit", "drying.rate"], "or a path alone for one of"),
])
def test_bad_fit_options_are_one_line_errors(measured_files, tmp_path, capsys, arguments, message):
    """A --fit without its range, a path that does not exist and a path alone outside the default ranges
    are user errors (exit 2, one line, no traceback)."""
    assert main(["calibrate", str(ANODE), str(measured_files[0]), *arguments, "-o", str(tmp_path / "f.toml")]) == 2
    error = capsys.readouterr().err
    assert message in error and "Traceback" not in error


def test_measured_depths_past_the_coating_are_refused(tmp_path, capsys):
    """A measured layer deeper than the coating cannot be compared: the error names the depth."""
    csv = tmp_path / "deep.csv"
    csv.write_text("top_depth_um,bottom_depth_um,binder_wt_percent\n0,10,5\n10,500,4\n")
    (tmp_path / "deep.toml").write_text('sample = "too deep"\nscraper = "leps2000"\n')
    assert main(["calibrate", str(ANODE), str(csv), "--fit", "physics.binder_diffusivity=1e-11..1e-9 m^2/s",
                 "-o", str(tmp_path / "f.toml"), "--workers", "1"]) == 2
    assert "500" in capsys.readouterr().err


def test_measured_file_without_units_in_its_columns_is_refused(tmp_path):
    """Depth columns must carry their unit in the name (top_depth_um): 'top_depth' is refused, naming the
    allowed columns."""
    csv = tmp_path / "nounits.csv"
    csv.write_text("top_depth,bottom_depth,binder\n0,10,5\n")
    (tmp_path / "nounits.toml").write_text('sample = "x"\nscraper = "leps2000"\n')
    with pytest.raises(dryingsim.errors.InputError, match="top_depth_um"):
        dryingsim.read_measured(csv)


@pytest.fixture(scope="module")
def suite():
    return run_suite(REPOSITORY / "validation", workers=2)


def test_every_validation_dataset_runs_and_reports_its_figure(suite, tmp_path):
    """Every dataset of validation/ runs and states criteria; the report holds a figure per dataset, and
    the README table is rewritten between its markers only."""
    assert suite and all(not c.error and c.criteria for c in suite), [c.error for c in suite if c.error]
    from dryingsim.validation import write_report

    report = write_report(suite, tmp_path)
    assert all((tmp_path / f"{c.name}.png").is_file() for c in suite)
    assert all(c.name in report.read_text() for c in suite)
    readme = tmp_path / "README.md"
    readme.write_text(f"before\n{TABLE_START}\nold\n{TABLE_END}\nafter\n")
    update_readme(suite, readme)
    text = readme.read_text()
    assert text.startswith("before\n") and text.endswith("after\n") and "old" not in text


def test_etiemble_2017_table_1_with_one_shared_parameter_set(suite):
    """Etiemble et al. (2017), J. Mater. Sci. 52, 3576, Table 1 (issue 8): with the shared parameters of
    cathode-nmc.toml, the pure NMC cathodes A-D settle (negative NMC slopes) within a factor 2 of the
    measured slopes, and the LFP-rich blends F-I settle less than the pure NMC cathodes."""
    etiemble = next(c for c in suite if c.name == "etiemble2017-table1")
    pure, blends = etiemble.criteria[0], etiemble.criteria[1]
    assert pure[1], pure[0]
    assert blends[1], blends[0]
