"""Command line: runs a scenario end to end, and never shows a traceback.

``dryingsim.load_scenario`` and ``dryingsim.simulate`` are replaced by fakes: the CLI is tested
against the API contract, not against the engine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

import dryingsim
from dryingsim.cli import main
from dryingsim.errors import ScenarioError
from dryingsim.results.io import load_result

REPO = Path(__file__).resolve().parents[2]
SCENARIO = SimpleNamespace(numerics=SimpleNamespace(cells=100))
"""What the fake load_scenario returns: the CLI reads only the grid size of it."""


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "scenario.toml"
    path.write_text('name = "synthetic"\n')
    return path


@pytest.fixture
def fake_api(monkeypatch, synthetic_result):
    """Fake load_scenario (reads the file) and simulate (returns the synthetic result); records calls."""
    calls: dict[str, object] = {}

    def load_scenario(path):
        calls["scenario_text"] = Path(path).read_text()
        return SCENARIO

    def simulate(scenario, engine="fast", progress=True):
        calls.update(scenario=scenario, engine=engine, progress=progress)
        return synthetic_result()

    monkeypatch.setattr(dryingsim, "load_scenario", load_scenario, raising=False)
    monkeypatch.setattr(dryingsim, "simulate", simulate, raising=False)
    return calls


def assert_one_line_error(stderr: str, prefix: str) -> None:
    assert stderr.startswith(prefix)
    assert stderr.count("\n") == 1
    assert "Traceback" not in stderr


def test_run_writes_result_and_prints_summary(fake_api, scenario_file, tmp_path, capsys):
    """`run` saves the simulated result with its metrics and prints the summary table."""
    output = tmp_path / "result.nc"
    status = main(["run", str(scenario_file), "-o", str(output), "--engine", "fast", "--quiet"])
    out = capsys.readouterr().out
    assert status == 0
    assert fake_api == {
        "scenario_text": 'name = "synthetic"\n',
        "scenario": SCENARIO,
        "engine": "fast",
        "progress": False,
    }
    stored = load_result(output)
    assert stored.attrs["metric_binder_top_bottom_ratio"] == pytest.approx(1.0)
    for row in (
        "drying time",
        "dry thickness",
        "binder top/bottom ratio",
        "settling gradient NMC",
        "settling gradient LFP",
        "mass balance error",
        "stage switch time",
        "film temperature",
    ):
        assert row in out


def test_run_with_plot_writes_the_figure(fake_api, scenario_file, tmp_path):
    """`run --plot fig.png` writes a PNG figure beside the result."""
    figure = tmp_path / "fig.png"
    assert main(["run", str(scenario_file), "-o", str(tmp_path / "r.nc"), "--plot", str(figure)]) == 0
    assert figure.read_bytes().startswith(b"\x89PNG")
    assert fake_api["progress"] is True


def test_missing_scenario_file_exits_2_without_traceback(fake_api, tmp_path, capsys):
    """A scenario path that does not exist gives one 'error:' line on stderr and exit status 2."""
    status = main(["run", str(tmp_path / "nope.toml"), "-o", str(tmp_path / "r.nc")])
    assert status == 2
    assert_one_line_error(capsys.readouterr().err, "error: ")
    assert not (tmp_path / "r.nc").exists()


def test_missing_output_directory_exits_2_before_simulating(fake_api, scenario_file, tmp_path, capsys):
    """An output file in a missing directory is refused before the (long) simulation starts."""
    status = main(["run", str(scenario_file), "-o", str(tmp_path / "no" / "r.nc")])
    assert status == 2
    assert_one_line_error(capsys.readouterr().err, "error: output '-o'")
    assert "engine" not in fake_api


def test_scenario_error_exits_2_with_its_message(fake_api, scenario_file, tmp_path, monkeypatch, capsys):
    """A ScenarioError is shown as its one-line message, exit status 2."""

    def bad_scenario(path):
        raise ScenarioError("drying.temperature", "-300 degC", "above absolute zero")

    monkeypatch.setattr(dryingsim, "load_scenario", bad_scenario)
    assert main(["run", str(scenario_file), "-o", str(tmp_path / "r.nc")]) == 2
    assert_one_line_error(capsys.readouterr().err, "error: scenario field 'drying.temperature'")


@pytest.mark.parametrize(
    ("exception", "status", "prefix"),
    [(KeyboardInterrupt(), 130, "interrupted"), (ZeroDivisionError("oops"), 3, "internal error: ")],
    ids=["ctrl-c", "bug"],
)
def test_unexpected_exceptions_map_to_exit_status(
    fake_api, scenario_file, tmp_path, monkeypatch, capsys, exception, status, prefix
):
    """Ctrl-C exits 130; an unexpected exception exits 3 asking for a report; no traceback."""

    def fail(*args, **kwargs):
        raise exception

    monkeypatch.setattr(dryingsim, "simulate", fail)
    assert main(["run", str(scenario_file), "-o", str(tmp_path / "r.nc")]) == status
    assert_one_line_error(capsys.readouterr().err, prefix)


def test_usage_error_exits_2(capsys):
    """`run` without -o is a usage error: exit status 2 and one line naming the missing option and where
    the usage is."""
    assert main(["run", "scenario.toml"]) == 2
    err = capsys.readouterr().err
    assert_one_line_error(err, "error: dryingsim run:")
    assert "-o/--output" in err and "dryingsim run --help" in err


def test_version_prints_the_program_name(capsys):
    """`dryingsim --version` prints the program name and version and exits 0."""
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("dryingsim ")


def test_help_imports_neither_plotting_nor_netcdf():
    """`dryingsim --help` loads no heavy dependency (matplotlib, netCDF4): the import is lazy."""
    code = (
        "import sys; from dryingsim.cli import main; status = main(['--help']); "
        "print(status, 'matplotlib' in sys.modules, 'netCDF4' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert run.stdout.splitlines()[-1] == "0 False False"
