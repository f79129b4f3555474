"""A dryer scenario end to end through the command line: run, result file, report and figure."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
import tomli_w

import dryingsim
from dryingsim.cli import main

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SCENARIOS = Path(__file__).parents[2] / "scenarios"


@pytest.fixture(scope="module")
def dryer_run(tmp_path_factory):
    """``dryingsim run`` on anode-dryer.toml with 16 cells and the exit moved to 70 s (not dry by then)."""
    folder = tmp_path_factory.mktemp("dryer")
    with open(SCENARIOS / "anode-dryer.toml", "rb") as file:
        data = tomllib.load(file)
    data["numerics"] = {"cells": 16}
    data["drying"]["zones"][1]["length"] = "0.75 m"  # leaves zone 2 at 70 s
    data["drying"]["zones"] = data["drying"]["zones"][:2]
    scenario = folder / "short-dryer.toml"
    scenario.write_text(tomli_w.dumps(data), encoding="utf-8")
    return folder, main(["run", str(scenario), "-o", str(folder / "r.nc"), "--plot", str(folder / "r.png"),
                         "--quiet"])


def test_run_through_a_dryer_writes_temperature_zones_and_energy(dryer_run):
    """The result of a dryer run carries the film temperature, the zone over time and the energy terms,
    each with units and a long name, and no NaN."""
    folder, status = dryer_run
    assert status == 0
    result = dryingsim.load_result(folder / "r.nc")
    for name in ("film_temperature", "dryer_zone", "zone_name", "zone_end_time", "heat_input", "latent_heat",
                 "sensible_heat"):
        assert "long_name" in result[name].attrs and "units" in result[name].attrs
        if result[name].dtype.kind == "f":
            assert np.all(np.isfinite(result[name].values))
    assert set(np.unique(result["dryer_zone"].values)) == {0, 1}
    assert (folder / "r.png").stat().st_size > 10_000


def test_report_says_the_coating_leaves_the_dryer_wet(dryer_run, capsys):
    """A dryer too short for the coating: the run stops at the exit, and the report (printed by ``run``)
    gives the solvent left; per-zone evaporation adds up to the total evaporated."""
    folder, _ = dryer_run
    result = dryingsim.load_result(folder / "r.nc")
    report = dryingsim.dryer_report(result)
    assert not report.dry_at_exit
    assert float(result["time"][-1]) == pytest.approx(70.0)
    assert report.residual_solvent == pytest.approx(float(result["solvent_mass"][-1]))
    assert 0.05 < report.residual_fraction < 0.9
    assert sum(z.evaporated for z in report.zones) == pytest.approx(float(result["evaporated_solvent"][-1]))
    assert "NOT dry at the dryer exit" in str(report)


def test_report_refuses_a_result_without_a_dryer(synthetic_result):
    """A result of an imposed drying rate has no zones: a clear error, not a KeyError."""
    with pytest.raises(dryingsim.InputError, match="dryer zones"):
        dryingsim.dryer_report(synthetic_result())
