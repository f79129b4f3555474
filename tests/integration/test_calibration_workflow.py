"""From measured profiles to a fitted scenario to a prediction with a band (issue 8), on the 12-cell
sweep test anode: a fit never loses work, its files run as they are, and predictions carry its uncertainty."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import dryingsim
import dryingsim.calibration.fit as fit_module
from dryingsim.calibration import FitInterruptedError, calibrate, predict
from dryingsim.errors import InputError
from dryingsim.measurement import virtual_lab_measurement
from dryingsim.scenario.edit import ScenarioEditor

BASE = Path(__file__).parents[1] / "data" / "sweeps" / "sweep-anode.toml"
BOUNDS = {"physics.binder_diffusivity": ("1e-11 m^2/s", "1e-9 m^2/s")}
TRUTH = 1e-10


@pytest.fixture(scope="module")
def scenarios():
    base = dryingsim.load_scenario(BASE)
    return [replace(base, drying=replace(base.drying, rates=(rate,))) for rate in (1e-3, 3e-3)]


@pytest.fixture(scope="module")
def measured(scenarios):
    parameters = fit_module._parameters(BOUNDS)
    truths = dryingsim.simulate_many([ScenarioEditor.from_scenario(s, parameters).scenario([TRUTH], "truth")
                                      for s in scenarios])
    return [virtual_lab_measurement(truth, seed=10 + k) for k, truth in enumerate(truths)]


@pytest.fixture(scope="module")
def fit(scenarios, measured):
    return calibrate(scenarios, measured, BOUNDS, workers=1)


def test_fit_recovers_the_diffusivity_that_made_the_profiles(fit):
    """Profiles made with D = 1e-10 m2/s are fitted back with D inside the 95 % interval (the synthetic
    recovery of issue 8, one trial; the 20-trial statistics are tests/verification)."""
    low, high = fit.intervals[0]
    assert low <= TRUTH <= high
    assert fit.dof == fit.points - 1 and not fit.undetermined


def test_an_interrupted_fit_names_its_best_point_and_resumes_from_its_journal(scenarios, measured, fit, tmp_path,
                                                                              monkeypatch):
    """Fitting never loses work (issue 8): Ctrl-C during the fifth batch of model runs reports the best
    point so far and the journal; rerunning with the journal repeats none of the finished runs and ends
    at the same fit as an uninterrupted run; rerunning the finished fit replays it without a new point."""
    journal = tmp_path / "fit.jsonl"
    real, calls = fit_module.simulate_many, []

    def interrupted_on_third_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 5:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(fit_module, "simulate_many", interrupted_on_third_batch)
    with pytest.raises(FitInterruptedError, match=r"best point so far: physics.binder_diffusivity = .*journal"):
        calibrate(scenarios, measured, BOUNDS, journal=journal, workers=1)
    monkeypatch.setattr(fit_module, "simulate_many", real)
    kept = len(journal.read_text().splitlines()) - 1
    resumed = calibrate(scenarios, measured, BOUNDS, journal=journal, workers=1)
    # only the runs after the interruption, and the best point's once more for its comparisons
    assert kept > 0 and resumed.evaluations <= fit.evaluations - 2 * kept + 2
    np.testing.assert_array_equal(resumed.values, fit.values)
    np.testing.assert_array_equal(resumed.intervals, fit.intervals)
    replayed = calibrate(scenarios, measured, BOUNDS, journal=journal, workers=1)
    assert replayed.evaluations <= 2  # the best point's comparisons only
    np.testing.assert_array_equal(replayed.values, fit.values)


def test_a_journal_of_another_fit_is_refused(scenarios, measured, tmp_path):
    """A journal holds the runs of one fit; reusing it for other bounds would replay wrong residuals."""
    journal = tmp_path / "fit.jsonl"
    journal.write_text('{"fit": "another"}\n{"u": [0.5], "residuals": [1.0, 2.0]}\n')
    with pytest.raises(InputError, match="journal"):
        calibrate(scenarios, measured, BOUNDS, journal=journal, workers=1)


def test_the_fitted_scenario_file_runs_as_it_is_and_carries_the_fitted_value(fit, tmp_path):
    """The fitted scenario written back is a scenario file: it loads and its diffusivity is the best fit."""
    uncertainty = fit.write_scenario(tmp_path / "fitted.toml")
    scenario = dryingsim.load_scenario(tmp_path / "fitted.toml")
    assert scenario.physics.binder_diffusivity == pytest.approx(fit.values[0], rel=1e-12)
    assert uncertainty.name == "fitted.fit.toml" and uncertainty.is_file()


def test_prediction_band_follows_the_fitted_uncertainty_and_a_faster_rate_dries_sooner(fit, tmp_path):
    """predict() samples the fitted uncertainty: a fit 10x surer (covariance / 100) gives a narrower band;
    the band's median follows the best-fit run; the drying time at 3 g/m2/s is shorter than at 1 g/m2/s
    for the same film (constant-rate drying time = solvent load / rate)."""
    fit.write_scenario(tmp_path / "fitted.toml")
    slow = predict(tmp_path / "fitted.toml", {"drying.rate": "1 g/m^2/s"}, samples=12)
    surer = predict(replace(fit, unit_covariance=fit.unit_covariance / 100.0), {"drying.rate": "1 g/m^2/s"},
                    samples=12)
    fast = predict(fit, {"drying.rate": "3 g/m^2/s"}, samples=4)

    def width(band):
        return float((band["binder_mass_fraction_high"] - band["binder_mass_fraction_low"]).mean())

    assert 0.0 < width(surer) < width(slow)
    central = slow["binder_mass_fraction"].sel(sample=0)
    assert float(np.abs(slow["binder_mass_fraction_median"] - central).max()) < width(slow)
    assert float(fast["metric_drying_time_s"].sel(sample=0)) < float(slow["metric_drying_time_s"].sel(sample=0))
    assert "drying.rate" in slow.attrs["changes"] and slow.attrs["draws_failed"] == 0


@pytest.mark.parametrize(("changes", "message"), [
    ({"physics.binder_diffusivity": "1e-10 m^2/s"}, "not fitted"),
    ({"drying.rait": "2 g/m^2/s"}, "drying.rate"),
])
def test_bad_prediction_changes_are_named(fit, changes, message):
    """A change of a fitted field, or a misspelled path (with the closest field), is refused before any run."""
    with pytest.raises(InputError, match=message):
        predict(fit, changes, samples=4)


def test_prediction_from_a_scenario_without_its_fit_file_is_refused(tmp_path):
    """A plain scenario carries no fitted uncertainty: the error names the missing .fit.toml."""
    (tmp_path / "plain.toml").write_text(BASE.read_text())
    with pytest.raises(InputError, match=r"plain\.fit\.toml"):
        predict(tmp_path / "plain.toml")
