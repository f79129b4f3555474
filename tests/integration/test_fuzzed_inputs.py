"""Fuzzed inputs of every kind a user writes: the command ends with exit 0 or 2, never a traceback or an
internal error, and never changes an input file.

Each input kind (scenario, sweep file, measured CSV and its metadata, scraper preset, TGA method, fitted
scenario and its uncertainty file, command-line arguments) is mutated by a seeded generator: a line deleted,
duplicated or cut short, a value replaced by one of many wrong ones (negative, zero, huge, NaN, text, a unit of
another dimension, an array, a table), a key misspelled, bytes that are not UTF-8. The mutated file goes
through the command that reads it, in process, as the console script runs it. Model runs are capped at
a few hundred steps (a capped run ends as a SolverError, exit 2), so that a mutant that happens to be valid
but slow cannot stall the suite.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import dryingsim
from dryingsim.cli import main
from dryingsim.measurement import virtual_lab_measurement, write_measured
from dryingsim.results.io import load_result, save_result

REPO = Path(__file__).resolve().parents[2]
BASE = REPO / "tests" / "data" / "sweeps" / "sweep-anode.toml"
CALIBRATION = REPO / "docs" / "user-guide" / "examples" / "calibration"
MUTANTS = 40
"""Mutants per input kind (seeded, so a failure repeats)."""
SEED_OFFSET = int(os.environ.get("DRYINGSIM_FUZZ_SEED", "0"))
"""Set DRYINGSIM_FUZZ_SEED to explore other mutants than CI's."""
MAX_STEPS = 300
"""Step cap of every model run during the fuzz (12 cells dry in about 150 steps)."""

WRONG_VALUES = ('-1', '0', '1e308', '-1e-300', 'nan', 'inf', '"abc"', '""', '"5 kg"', '"-5 degC"', '"1e3 um"',
                '"12 %"', 'true', '[]', '[1, 2]', '{}', '{ a = 1 }', '"1 m^2/s"', '"0 s"', '3000000000',
                '"\u00b5m"', '0.5', '"nmp"', '"leps2000"', '"10 g/m^2/s"')
"""Values a mutation writes in place of a value: wrong types, ranges, units and signs, and a few valid ones."""


def mutate(text: str, rng: np.random.Generator) -> str:
    """One random edit of a text file (TOML or CSV): mostly breaking ones, some plausible; bytes that are
    not UTF-8 are surrogate escapes (write with ``errors="surrogateescape"``)."""
    lines = text.splitlines()
    kind = rng.integers(10)
    k = int(rng.integers(len(lines))) if lines else 0
    numbers = [i for i, line in enumerate(lines) if re.search(r"\d", line) and not line.lstrip().startswith("#")]
    if kind >= 7 and numbers:  # a plausible edit: one number scaled by 0.5-2 (often still a valid file)
        i = int(rng.choice(numbers))
        lines[i] = re.sub(r"\d+\.?\d*", lambda m: f"{float(m.group()) * rng.uniform(0.5, 2.0):.3g}", lines[i],
                          count=1)
    elif kind == 0 and lines:  # drop a line
        del lines[k]
    elif kind == 1 and lines:  # duplicate a line
        lines.insert(k, lines[k])
    elif kind == 2 and lines:  # cut a line short
        lines[k] = lines[k][: int(rng.integers(len(lines[k]) + 1))]
    elif kind == 3:  # replace a value
        candidates = [i for i, line in enumerate(lines) if "=" in line and not line.lstrip().startswith("#")]
        if candidates:
            i = int(rng.choice(candidates))
            key = lines[i].split("=", 1)[0]
            lines[i] = f"{key}= {rng.choice(WRONG_VALUES)}"
    elif kind == 4:  # misspell a key
        candidates = [i for i, line in enumerate(lines) if "=" in line and not line.lstrip().startswith("#")]
        if candidates:
            i = int(rng.choice(candidates))
            key, value = lines[i].split("=", 1)
            lines[i] = f"{key.strip()}x ={value}"
    elif kind == 5 and lines:  # a CSV cell replaced
        cells = lines[k].split(",")
        cells[int(rng.integers(len(cells)))] = str(rng.choice(["-3", "abc", "", "1e400", "nan", "5,5", "0"]))
        lines[k] = ",".join(cells)
    else:  # bytes that are not UTF-8
        lines.insert(k, b"# \xff\xfe latin-1: f\xfcr".decode("utf-8", "surrogateescape"))
    return "\n".join(lines) + "\n"


def hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".zarr" not in str(p)}


def assert_clean_exit(argv: list[str], capsys, folder: Path, inputs: tuple[str, ...]) -> int:
    """The command exits 0 or 2 with no traceback and no internal error, and no input changed; returns the
    exit status."""
    before = {name: hashes(folder)[name] for name in inputs}
    status = main([str(a) for a in argv])
    _, err = capsys.readouterr()
    assert status in (0, 2), (argv, err)
    assert "Traceback" not in err and "internal error" not in err, (argv, err)
    if status == 2:
        assert err.startswith("error: ") and err.count("\n") == 1, (argv, err)
    after = hashes(folder)
    assert {name: after.get(name) for name in inputs} == before, argv
    return status


@pytest.fixture(scope="module")
def anode_result(tmp_path_factory) -> Path:
    """A real result of the 12-cell sweep-test anode, for scraping and comparing."""
    path = tmp_path_factory.mktemp("result") / "anode.nc"
    save_result(dryingsim.simulate(dryingsim.load_scenario(BASE)), path)
    return path


@pytest.fixture
def capped(monkeypatch) -> None:
    """Every model run capped at MAX_STEPS (a longer one ends as a SolverError, exit 2)."""
    def cap(scenario):
        return dataclasses.replace(scenario, numerics=dataclasses.replace(
            scenario.numerics, max_steps=min(scenario.numerics.max_steps, MAX_STEPS)))

    simulate, simulate_many = dryingsim.simulate, dryingsim.simulation.simulate_many
    monkeypatch.setattr(dryingsim, "simulate", lambda s, **k: simulate(cap(s), **k))
    predict = importlib.import_module("dryingsim.calibration.predict")
    monkeypatch.setattr(predict, "simulate_many", lambda scenarios, **k: simulate_many(
        [cap(s) for s in scenarios], **k))


def _fuzz(folder: Path, template: Path, target: str, command: Callable[[int], list[str]], capsys,
          inputs: tuple[str, ...], seed: int) -> None:
    """Write MUTANTS mutants of ``template`` (1-3 edits each) as ``folder/target`` and run ``command(k)`` on
    each; both outcomes must occur (a fuzz that only ever hits errors tests half the contract)."""
    rng = np.random.default_rng(seed + 1000 * SEED_OFFSET)
    statuses = []
    for k in range(MUTANTS):
        text = template.read_text(encoding="utf-8")
        for _ in range(int(rng.integers(1, 4))):
            text = mutate(text, rng)
        (folder / target).write_bytes(text.encode("utf-8", "surrogateescape"))
        statuses.append(assert_clean_exit(command(k), capsys, folder, inputs))
    assert {0, 2} <= set(statuses), statuses


@pytest.mark.slow
def test_fuzzed_scenarios_end_in_a_result_or_one_line(tmp_path, capsys, capped, monkeypatch):
    """Mutated scenario files: `dryingsim run` gives a result or names what is wrong, and leaves the file."""
    monkeypatch.chdir(tmp_path)
    _fuzz(tmp_path, BASE, "s.toml", lambda k: ["run", "s.toml", "-o", f"r{k}.nc", "--quiet"], capsys,
          ("s.toml",), seed=1)


@pytest.mark.slow
def test_fuzzed_sweep_files_end_in_a_store_or_one_line(tmp_path, capsys, capped, monkeypatch):
    """Mutated sweep files (2 points on 1 local worker): a store, or one line naming the field."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(BASE, tmp_path / "base.toml")
    template = tmp_path / "template.toml"
    template.write_text('name = "fuzz"\nbase = "base.toml"\ndesign = "grid"\nstore = "s.zarr"\nseed = 1\n'
                        'keep = ["metrics"]\n[[parameters]]\nname = "rate"\npath = "drying.rate"\n'
                        'range = ["1 g/m^2/s", "2 g/m^2/s"]\nsteps = 2\n[report]\noutput = "time_steps"\n'
                        'x = "rate"\n', encoding="utf-8")

    def command(k: int) -> list[str]:
        shutil.rmtree(tmp_path / "s.zarr", ignore_errors=True)
        return ["sweep", "sweep.toml", "--workers", "1", "--quiet"]

    _fuzz(tmp_path, template, "sweep.toml", command, capsys, ("sweep.toml", "base.toml"), seed=2)


def test_fuzzed_measured_profiles_end_in_a_comparison_or_one_line(tmp_path, capsys, anode_result, monkeypatch):
    """Mutated measured CSVs and metadata files: `dryingsim compare` compares or names the line."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(anode_result, tmp_path / "r.nc")
    templates = tmp_path / "templates"
    templates.mkdir()
    measured = virtual_lab_measurement(load_result(anode_result), seed=0)
    write_measured(measured.assign_attrs(tga_method="auto"), templates / "m.csv")
    for name in ("m.csv", "m.toml"):
        shutil.copy(templates / name, tmp_path / name)
    command = ["compare", "r.nc", "m.csv", "--replicates", "20"]
    inputs = ("r.nc", "m.csv", "m.toml")
    assert assert_clean_exit(command, capsys, tmp_path, inputs) == 0
    _fuzz(tmp_path, templates / "m.csv", "m.csv", lambda k: command, capsys, inputs, seed=3)
    shutil.copy(templates / "m.csv", tmp_path / "m.csv")
    _fuzz(tmp_path, templates / "m.toml", "m.toml", lambda k: command, capsys, inputs, seed=4)


def test_fuzzed_scraper_and_tga_presets_end_in_layers_or_one_line(tmp_path, capsys, anode_result, monkeypatch):
    """Mutated user presets of the scraper and the TGA: `dryingsim scrape` scrapes or names the field."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(anode_result, tmp_path / "r.nc")
    scraper = tmp_path / "scraper-template.toml"
    scraper.write_text('[scraper]\nbase = "leps2000"\nname = "my scraper"\nbias = "-0.5 um"\nnoise = "0.3 um"\n'
                       'step = "10 um"\nsample_width = "20 mm"\n', encoding="utf-8")
    method = tmp_path / "method-template.toml"
    method.write_text('[tga]\nbase = "nitrogen-anode"\nname = "my method"\nbalance_noise = "2 ug"\n',
                      encoding="utf-8")
    shutil.copy(scraper, tmp_path / "p.toml")
    shutil.copy(method, tmp_path / "t.toml")
    inputs = ("r.nc", "p.toml", "t.toml")

    def command(k: int) -> list[str]:
        return ["scrape", "r.nc", "--protocol", "p.toml", "--tga-method", "t.toml", "-o", f"l{k}.csv"]

    assert_clean_exit(command(99), capsys, tmp_path, inputs)
    _fuzz(tmp_path, scraper, "p.toml", command, capsys, inputs, seed=5)
    shutil.copy(scraper, tmp_path / "p.toml")
    _fuzz(tmp_path, method, "t.toml", command, capsys, inputs, seed=6)


@pytest.mark.slow
def test_fuzzed_fit_files_end_in_a_prediction_or_one_line(tmp_path, capsys, capped, monkeypatch):
    """Mutated fitted scenarios and uncertainty files: `dryingsim predict` predicts or names the file."""
    monkeypatch.chdir(tmp_path)
    scenario = (CALIBRATION / "fitted.toml").read_text(encoding="utf-8").replace("cells = 100", "cells = 12")
    (tmp_path / "fitted-template.toml").write_text(scenario, encoding="utf-8")
    shutil.copy(tmp_path / "fitted-template.toml", tmp_path / "fitted.toml")
    shutil.copy(CALIBRATION / "fitted.fit.toml", tmp_path / "fitted.fit.toml")
    inputs = ("fitted.toml", "fitted.fit.toml")

    def command(k: int) -> list[str]:
        return ["predict", "fitted.toml", "--samples", "2", "--workers", "1", "--set", "drying.rate=2 g/m^2/s"]

    _fuzz(tmp_path, CALIBRATION / "fitted.fit.toml", "fitted.fit.toml", command, capsys, inputs, seed=7)
    shutil.copy(CALIBRATION / "fitted.fit.toml", tmp_path / "fitted.fit.toml")
    _fuzz(tmp_path, tmp_path / "fitted-template.toml", "fitted.toml", command, capsys, inputs, seed=8)


ARGUMENT_POOL = ("run", "scrape", "compare", "sweep", "calibrate", "predict", "validate", "-o", "--plot", "--seed",
                 "-1", "0", "1", "x", "--replicates", "--workers", "--force", "--step", "10um", "-5um", "--cuts",
                 "5um,3um", "--protocol", "nope", "leps2000", "--tga-method", "--fit", "physics.nothing=1..2",
                 "--set", "drying.rate=x", "--samples", "--calender", "porosity=200%", "--engine", "slow",
                 "r.nc", "m.csv", "s.toml", "out.png", "out.xyz", "--only", "--cluster", "pbs", "--journal",
                 "--help-me", "--version", "--quiet", "--scheduler", "tcp://127.0.0.1:1")


def test_fuzzed_command_lines_exit_0_or_2(tmp_path, capsys, anode_result, monkeypatch, no_model_runs):
    """Random argument lists from a pool of options, values and file names: exit 0 or 2, one line."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(anode_result, tmp_path / "r.nc")
    shutil.copy(BASE, tmp_path / "s.toml")
    for name in ("anode-1gms.csv", "anode-1gms.toml"):
        shutil.copy(CALIBRATION / name, tmp_path / name.replace("anode-1gms", "m"))
    rng = np.random.default_rng(9 + 1000 * SEED_OFFSET)
    inputs = ("r.nc", "s.toml", "m.csv", "m.toml")
    for _ in range(400):
        argv = [str(a) for a in rng.choice(ARGUMENT_POOL, size=int(rng.integers(1, 7)))]
        before = {name: hashes(tmp_path)[name] for name in inputs}
        try:
            status = main(argv)
        except ModelRunRefused:  # the arguments were accepted up to the model: a valid command
            status = 0
        _, err = capsys.readouterr()
        assert status in (0, 2), (argv, err)
        assert "Traceback" not in err and "internal error" not in err, (argv, err)
        assert {name: hashes(tmp_path)[name] for name in inputs} == before, argv


class ModelRunRefused(BaseException):
    """Raised instead of a model run in the command-line fuzz (the arguments are what is tested); not an
    Exception, so that it passes the command line's last line of defence."""


@pytest.fixture
def no_model_runs(monkeypatch):
    def refuse(*args, **kwargs):
        raise ModelRunRefused

    for module in ("dryingsim", "dryingsim.simulation", "dryingsim.calibration.fit", "dryingsim.calibration.predict",
                   "dryingsim.sweeps.execute"):
        target = importlib.import_module(module)
        for name in ("simulate", "simulate_many", "run_sweep", "run_suite"):
            if hasattr(target, name) and callable(getattr(target, name)):
                monkeypatch.setattr(target, name, refuse)
    monkeypatch.setattr(importlib.import_module("dryingsim.validation"), "run_suite", refuse)
    monkeypatch.setattr(importlib.import_module("dryingsim.sweeps"), "run_sweep", refuse)
