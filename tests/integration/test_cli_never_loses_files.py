"""Nothing a user types loses a file, hangs, or ends in a traceback (issue "Nothing a user types ...").

Each test types one of the reported command lines, as a new user would, and checks the three things a user
relies on: the exit status (2 for bad input, never 3), one line on stderr naming the file, field or value, and
every file in the folder byte for byte as before (hashes before and after). Where a check must come before
the compute, the model is replaced by a function that fails the test if it is called.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import stat
import time
from pathlib import Path

import numpy as np
import pytest
import xarray as xr

import dryingsim
from dryingsim.cli import main
from dryingsim.errors import InputError
from dryingsim.results.io import save_result

REPO = Path(__file__).resolve().parents[2]
SCENARIO = REPO / "scenarios" / "anode-medium.toml"
SWEEP_BASE = REPO / "tests" / "data" / "sweeps" / "sweep-anode.toml"
CALIBRATION = REPO / "docs" / "user-guide" / "examples" / "calibration"
MEASURED = REPO / "docs" / "user-guide" / "examples" / "measured.csv"


def hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (the state a command must not change)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def type_command(argv: list[str], capsys) -> tuple[int, str, str]:
    """Run ``dryingsim ARGV`` as the console script does; return (status, stdout, stderr)."""
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_refused(status: int, err: str, *named: str) -> None:
    """Exit 2, one line on stderr, no traceback, and the line names every text in ``named``."""
    assert status == 2, err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for text in named:
        assert text in err, (text, err)


@pytest.fixture
def no_model(monkeypatch):
    """The model must not run: a check that comes before the compute is what is under test."""
    def must_not_run(*args, **kwargs):
        raise AssertionError("the model ran before the input was refused")

    for name in ("simulate", "simulate_many"):
        monkeypatch.setattr(dryingsim, name, must_not_run)
    for module in ("dryingsim.calibration.fit", "dryingsim.calibration.predict"):  # names the package re-exports
        monkeypatch.setattr(importlib.import_module(module), "simulate_many", must_not_run)


@pytest.fixture
def lab(tmp_path, monkeypatch, synthetic_result) -> Path:
    """A working folder as a user has it: a scenario, a result, a measured profile, a fitted scenario."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(SCENARIO, tmp_path / "anode-medium.toml")
    save_result(synthetic_result(), tmp_path / "r.nc")
    for name in ("measured.csv", "measured.toml"):
        shutil.copy(MEASURED.with_name(name), tmp_path / name)
    for name in ("anode-1gms.csv", "anode-1gms.toml", "fitted.toml", "fitted.fit.toml"):
        shutil.copy(CALIBRATION / name, tmp_path / name)
    return tmp_path


# ---- data loss ---------------------------------------------------------------------------------------------

def test_scrape_metadata_never_overwrites_a_scenario_of_the_same_stem(lab, capsys):
    """`scrape -o anode-medium.csv` beside anode-medium.toml: the CSV's metadata file would replace the
    scenario, so the command is refused and the scenario is unchanged."""
    before = hashes(lab)
    status, _, err = type_command(["scrape", "r.nc", "-o", "anode-medium.csv", "--step", "10um"], capsys)
    assert_refused(status, err, "anode-medium.toml", "-o")
    assert hashes(lab) == before


def test_run_output_onto_its_own_scenario_is_refused_even_with_force(lab, capsys, no_model):
    """`run S.toml -o S.toml` (with or without --force) would replace the input scenario with netCDF."""
    before = hashes(lab)
    for extra in ([], ["--force"]):
        status, _, err = type_command(["run", "anode-medium.toml", "-o", "anode-medium.toml", *extra], capsys)
        assert_refused(status, err, "anode-medium.toml", ".nc")
    assert hashes(lab) == before


def test_existing_output_is_replaced_only_with_force(lab, capsys, monkeypatch, synthetic_result):
    """An existing result is never overwritten silently: refused without --force, replaced with it."""
    monkeypatch.setattr(dryingsim, "simulate", lambda scenario, engine="fast", progress=True: synthetic_result(
        n_depth=12))
    (lab / "old.nc").write_bytes(b"a result the user keeps")
    before = hashes(lab)
    status, _, err = type_command(["run", "anode-medium.toml", "-o", "old.nc", "--quiet"], capsys)
    assert_refused(status, err, "old.nc", "--force")
    assert hashes(lab) == before
    status, _, _ = type_command(["run", "anode-medium.toml", "-o", "old.nc", "--quiet", "--force"], capsys)
    assert status == 0
    assert xr.open_dataset(lab / "old.nc").sizes["depth"] == 12


def test_two_outputs_of_one_command_may_not_share_a_path(lab, capsys, no_model):
    """`--plot` naming the result file would write the figure over the result."""
    status, _, err = type_command(["run", "anode-medium.toml", "-o", "x.png", "--plot", "x.png"], capsys)
    assert_refused(status, err, "x.png")


# ---- hangs, tracebacks and internal errors ---------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["scrape", "r.nc", "-o", "layers.csv", "--step", "10um", "--seed", "-1"],
    ["calibrate", "anode-medium.toml", "anode-1gms.csv", "--fit", "physics.binder_diffusivity", "-o", "f.toml",
     "--seed", "-1"],
    ["predict", "fitted.toml", "--seed", "-1"],
], ids=["scrape", "calibrate", "predict"])
def test_a_negative_seed_is_a_usage_error_naming_the_option(lab, capsys, no_model, command):
    """numpy refuses negative seeds with a bare ValueError; the command line names --seed and -1 (exit 2)."""
    before = hashes(lab)
    status, _, err = type_command(command, capsys)
    assert_refused(status, err, "--seed", "-1")
    assert hashes(lab) == before


def test_api_seeds_and_counts_are_checked_before_any_compute(lab, synthetic_result):
    """The Python API names a negative seed or a zero count itself (no numpy ValueError)."""
    result = synthetic_result()
    with pytest.raises(InputError, match="scrape.seed"):
        dryingsim.scrape(result, seed=-1, step="10 um")
    with pytest.raises(InputError, match="workers"):
        dryingsim.simulate_many([], workers=0)


def test_non_utf8_metadata_and_fit_files_are_named(lab, capsys, no_model):
    """A measured-metadata TOML or a .fit.toml saved in Latin-1 is an input error naming the file."""
    (lab / "measured.toml").write_bytes('sample = "Probe \xe4"\nscraper = "leps2000"\n'.encode("latin-1"))
    status, _, err = type_command(["compare", "r.nc", "measured.csv"], capsys)
    assert_refused(status, err, "measured.toml", "UTF-8")
    (lab / "fitted.fit.toml").write_bytes("# Anpassung f\xfcr Probe\n".encode("latin-1"))
    status, _, err = type_command(["predict", "fitted.toml", "--set", "drying.rate=3 g/m^2/s"], capsys)
    assert_refused(status, err, "fitted.fit.toml", "UTF-8")


def test_a_figure_format_matplotlib_cannot_write_is_refused_before_the_run(lab, capsys, no_model):
    """`--plot fig.xyz` failed after the whole run (exit 3); now it is refused first, naming the formats."""
    status, _, err = type_command(["run", "anode-medium.toml", "-o", "r2.nc", "--plot", "fig.xyz"], capsys)
    assert_refused(status, err, "fig.xyz", ".png")


def test_scraping_a_scenario_instead_of_a_result_names_the_file(lab, capsys):
    """`scrape anode-medium.toml` gave 'NetCDF: HDF error'; it now says the file is not a result."""
    before = hashes(lab)
    status, _, err = type_command(["scrape", "anode-medium.toml", "-o", "l.csv", "--step", "10um"], capsys)
    assert_refused(status, err, "anode-medium.toml", "netCDF")
    assert hashes(lab) == before


def test_api_functions_name_a_dataset_of_the_wrong_kind(synthetic_result):
    """tga(result) and metrics(empty Dataset) raised a bare KeyError; they now say what they take."""
    with pytest.raises(InputError, match="dryingsim.scrape"):
        dryingsim.tga(synthetic_result())
    with pytest.raises(InputError, match="dryingsim.simulate"):
        dryingsim.metrics(xr.Dataset())


# ---- checks that come too late ---------------------------------------------------------------------------

def test_unwritable_output_is_found_before_the_run(lab, capsys, no_model):
    """An output in a missing folder, under a file, or onto an existing folder is refused before the run."""
    (lab / "folder.nc").mkdir()
    for target, named in (("missing/r.nc", "does not exist"), ("anode-medium.toml/r.nc", "not a folder"),
                          ("folder.nc", "existing folder")):
        status, _, err = type_command(["run", "anode-medium.toml", "-o", target], capsys)
        assert_refused(status, err, target, named)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_found_before_the_run(lab, capsys, no_model):
    """A folder the user cannot write into is refused before the run (the result would be lost after it)."""
    locked = lab / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        status, _, err = type_command(["run", "anode-medium.toml", "-o", "locked/r.nc"], capsys)
        assert_refused(status, err, "locked/r.nc")
    finally:
        locked.chmod(stat.S_IRWXU)


def _sweep_file(folder: Path, parameter: str, extra: str = "") -> Path:
    path = folder / "sweep.toml"
    path.write_text(f'name = "check"\nbase = "{SWEEP_BASE.as_posix()}"\ndesign = "grid"\nstore = "s.zarr"\n'
                    f"{parameter}\n{extra}", encoding="utf-8")
    return path


THICKNESS_IN_GRAMS = ('[[parameters]]\nname = "h"\npath = "layers[0].wet_thickness"\nrange = ["100 g", "300 g"]\n'
                      "steps = 3")
RATE = '[[parameters]]\nname = "rate"\npath = "drying.rate"\nrange = ["1 g/m^2/s", "2 g/m^2/s"]\nsteps = 3'


@pytest.mark.parametrize(("parameter", "extra", "argv", "named"), [
    (THICKNESS_IN_GRAMS, "", [], ["layers[0].wet_thickness", "kg"]),
    (RATE, '[report]\noutput = "metric_binder_ratio"', [], ["report.output", "metric_binder_top_bottom_ratio"]),
    (RATE, '[report]\nx = "thickness"', [], ["report.x", "rate"]),
    (RATE, "", ["--workers", "0"], ["--workers", "0"]),
], ids=["wrong-dimension", "report-output", "report-axis", "workers-0"])
def test_a_broken_sweep_is_refused_before_its_store_exists(lab, capsys, no_model, parameter, extra, argv, named):
    """A sweep no point of which could run (a thickness in grams), a [report] naming nothing the store holds,
    or zero workers is refused before the store is made (which would tie the path to a broken sweep)."""
    path = _sweep_file(lab, parameter, extra)
    status, _, err = type_command(["sweep", path, *argv], capsys)
    assert_refused(status, err, *named)
    assert not (lab / "s.zarr").exists()


def test_calibrate_arguments_are_checked_before_the_first_batch(lab, capsys, no_model):
    """--replicates 0 and --workers 0 are usage errors naming the option (not a scenario field), before any
    model run and before a journal is written; a repeated --fit path is an error, not a silent choice."""
    base = ["calibrate", "anode-medium.toml", "anode-1gms.csv", "-o", "f.toml"]
    fit = ["--fit", "physics.binder_diffusivity"]
    for option in ("--replicates", "--workers"):
        status, _, err = type_command([*base, *fit, option, "0"], capsys)
        assert_refused(status, err, option, "0")
        assert "scenario field" not in err
    status, _, err = type_command([*base, *fit, "--fit", "physics.binder_diffusivity=1e-11..1e-10 m^2/s"], capsys)
    assert_refused(status, err, "--fit", "physics.binder_diffusivity")
    assert not list(lab.glob("f.*"))


def test_a_journal_holding_no_model_run_does_not_block_the_corrected_fit(lab, tmp_path):
    """A fit stopped before its first batch leaves only the fingerprint: the corrected command starts afresh
    instead of calling it 'another fit'; a journal with runs of another fit is still refused."""
    from dryingsim.calibration.fit import _journal_lines

    journal = lab / "f.journal.jsonl"
    journal.write_text('{"fit": "0123"}\n', encoding="utf-8")
    assert len(_journal_lines(journal)) == 1
    (lab / "notes.txt").write_text("my notes\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a fit's fingerprint"):
        _journal_lines(lab / "notes.txt")


# ---- physically impossible input -------------------------------------------------------------------------

def test_a_film_thinner_than_its_particles_is_refused(lab, capsys, no_model):
    """A 0.01 um wet film of graphite (largest class 28 um across) cannot hold its particles."""
    text = (lab / "anode-medium.toml").read_text(encoding="utf-8")
    (lab / "thin.toml").write_text(text.replace('areal_loading = "10 mg/cm^2"', 'wet_thickness = "0.01 um"'),
                                   encoding="utf-8")
    status, _, err = type_command(["run", "thin.toml", "-o", "thin.nc"], capsys)
    assert_refused(status, err, "layers[0].wet_thickness", "graphite")


def test_measured_depths_in_mm_and_semicolon_files_get_a_hint(lab, capsys):
    """Depths in mm under _um headers make 0.01 um layers, below the scraper's 1 um resolution: refused with
    a hint. A ';'-separated file with decimal commas is told what separator dryingsim reads."""
    rows = (lab / "measured.csv").read_text(encoding="utf-8").splitlines()
    mm = [r if not r[0].isdigit() else ",".join([*(str(float(x) / 1000) for x in r.split(",")[:2]),
                                                  *r.split(",")[2:]]) for r in rows]
    (lab / "mm.csv").write_text("\n".join(mm) + "\n", encoding="utf-8")
    shutil.copy(lab / "measured.toml", lab / "mm.toml")
    status, _, err = type_command(["compare", "r.nc", "mm.csv"], capsys)
    assert_refused(status, err, "mm.csv", "mm", "1 um")
    semi = [r.replace(",", ";") if not r[0].isdigit() else ";".join(x.replace(".", ",") for x in r.split(","))
            for r in rows]
    (lab / "semi.csv").write_text("\n".join(semi) + "\n", encoding="utf-8")
    shutil.copy(lab / "measured.toml", lab / "semi.toml")
    status, _, err = type_command(["compare", "r.nc", "semi.csv"], capsys)
    assert_refused(status, err, "semi.csv", "';'-separated")


def test_a_grid_far_finer_than_converged_needs_force_and_states_its_cost(lab, capsys, no_model):
    """numerics.cells = 1000 ran for many minutes without a word: now it needs --force, and the message gives
    the expected cost relative to the default grid."""
    text = (lab / "anode-medium.toml").read_text(encoding="utf-8")
    (lab / "fine.toml").write_text(text + "\n[numerics]\ncells = 1000\n", encoding="utf-8")
    status, _, err = type_command(["run", "fine.toml", "-o", "fine.nc"], capsys)
    assert_refused(status, err, "numerics.cells", "1000", "--force", "times")


# ---- numbers that should repeat ----------------------------------------------------------------------------

def test_sweep_prints_and_draws_the_same_sobol_indices(lab, capsys, monkeypatch):
    """SALib took seed 0 as 'no seed': the confidence half-widths changed from call to call, and one sweep
    command printed +-4.5 and drew +-30. Now sensitivity(seed=0) repeats and the figure gets the printed
    numbers."""
    from dryingsim import plotting
    from dryingsim.model import Member
    from dryingsim.sweeps import load_sweep, sensitivity
    from dryingsim.sweeps.design import design_points
    from dryingsim.sweeps.execute import SweepSummary, point_editor
    from dryingsim.sweeps.store import Layout, create_store, write_points

    path = lab / "sobol.toml"
    path.write_text(f'name = "s"\nbase = "{SWEEP_BASE.as_posix()}"\ndesign = "sobol"\nstore = "s.zarr"\n'
                    'samples = 64\n' + "".join(f'[[parameters]]\nname = "u{i}"\npath = "physics.{p}"\n'
                                               'range = [0.1, 0.9]\n' for i, p in
                                               enumerate(["front_saturation", "latex_bound_fraction"])),
                    encoding="utf-8")
    sweep = load_sweep(path)
    base = point_editor(sweep).base_scenario
    member = Member.from_scenario(base)
    layout = Layout(sweep, base, member.formulation.components, member.formulation.component_roles)
    points = design_points(sweep)
    create_store(sweep, points, layout, base, "{}")
    outcomes = []
    for u in points:
        outcome = {name: np.zeros(()) for name in layout.metrics} | {"time_steps": np.int64(1)}
        outcome["metric_binder_top_bottom_ratio"] = np.float64(4 * u[0] + u[1] ** 2)
        outcomes.append(outcome)
    write_points(sweep, layout, list(range(len(points))), outcomes)
    stored = xr.open_zarr(sweep.store)
    xr.testing.assert_identical(sensitivity(stored, "metric_binder_top_bottom_ratio", seed=0),
                                sensitivity(stored, "metric_binder_top_bottom_ratio", seed=0))
    drawn = {}
    monkeypatch.setattr("dryingsim.sweeps.run_sweep", lambda *a, **k: SweepSummary(sweep.store, len(points),
                                                                                     len(points), 0, 0, 0, 0.1))
    monkeypatch.setattr(plotting, "plot_sensitivity", lambda indices, path: drawn.setdefault("indices", indices))
    status, out, _ = type_command(["sweep", path, "--plot", "sobol.png"], capsys)
    assert status == 0
    for name in ("u0", "u1"):
        row = drawn["indices"].sel(parameter=name)
        assert f"+- {float(row.S1_conf):.3f}" in out and f"+- {float(row.ST_conf):.3f}" in out


def test_solver_failure_says_what_the_user_can_change():
    """A step that shrinks below its floor raises a SolverError that names the time, the reason and the
    scenario fields that change it."""
    from dryingsim.errors import SolverError
    from dryingsim.numerics.record import StepControl
    from dryingsim.scenario.schema import Numerics

    control = StepControl(Numerics())
    with pytest.raises(SolverError) as failure:
        for _ in range(80):
            control.rejected(680.4, control.dt, "nonlinear sweeps did not converge in 20")
    message = str(failure.value)
    assert "680.4" in message and "did not converge" in message and "stage 1" in message
    assert "rheology.yield_stress" in message and "numerics.cells" in message


def test_a_long_sweep_command_does_not_wait_forever_for_batch_jobs(lab, capsys, monkeypatch, tmp_path):
    """--cluster slurm: without sbatch on PATH the command fails at once; with a submit command that refuses
    the job, the scheduler's own message is shown (no tornado traceback); with jobs that never start, the
    command times out at [cluster] start_timeout, naming it."""
    cluster = ('[cluster]\ncores = 1\nmemory = "500MB"\ninterface = "lo"\nstart_timeout = "4 s"\n'
               'scheduler_options = { dashboard_address = "127.0.0.1:0" }\n')
    path = _sweep_file(lab, RATE, cluster)
    system_path = os.environ.get("PATH", "")
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    start = time.monotonic()
    status, _, err = type_command(["sweep", path, "--cluster", "slurm"], capsys)
    assert_refused(status, err, "sbatch", "PATH")
    assert not (lab / "s.zarr").exists()
    fake = tmp_path / "fake-bin"
    fake.mkdir()
    for name, body in (("sbatch", 'echo "sbatch: error: Batch job submission failed: Requested node configuration'
                                  ' is not available" >&2; exit 1'), ("scancel", "exit 0"), ("squeue", "exit 0")):
        (fake / name).write_text(f"#!/bin/sh\n{body}\n")
        (fake / name).chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{system_path}")
    status, _, err = type_command(["sweep", path, "--cluster", "slurm"], capsys)
    assert_refused(status, err, "Requested node configuration is not available")
    (fake / "sbatch").write_text("#!/bin/sh\necho 4242\n")
    status, _, err = type_command(["sweep", path, "--cluster", "slurm"], capsys)
    assert_refused(status, err, "cluster.start_timeout", "4 s")
    assert time.monotonic() - start < 120
