"""simulate_many: a batch of scenarios advanced together as arrays (issue 5).

A scenario's numbers never depend on the rest of its batch (each is its own block of every matrix, fenced
from the others, and takes its own time steps), so a batch must reproduce single runs bit for bit; a
scenario that is invalid or whose integration fails is reported for itself and the others complete.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import tomllib

import dryingsim
from dryingsim.errors import InputError, ScenarioError, SolverError

ANODE = Path(__file__).parents[3] / "tests" / "data" / "verification-anode.toml"
SCENARIOS = Path(__file__).parents[3] / "scenarios"
CELLS = 10


def _variant(rate_scale: float, thickness_scale: float = 1.0, **numerics):
    """The verification anode with its drying schedule and wet thickness scaled."""
    base = dryingsim.load_scenario(ANODE)
    layers = tuple(replace(layer, wet_thickness=layer.wet_thickness * thickness_scale) for layer in base.layers)
    rates = tuple(r * rate_scale for r in base.drying.rates)
    return replace(base, layers=layers, drying=replace(base.drying, rates=rates),
                   numerics=replace(base.numerics, cells=CELLS, **numerics))


@pytest.fixture(scope="module")
def variants():
    return [_variant(rate, scale) for rate, scale in [(0.7, 1.0), (1.3, 0.8), (2.0, 1.2), (1.0, 1.0)]]


def test_a_batch_gives_exactly_the_single_runs(variants):
    """Scenarios differing in drying rate and wet thickness: every dry profile, drying time, metric and step
    count in the batch is bitwise the one of the scenario run alone with the fast engine."""
    together = dryingsim.simulate_many(variants, engine="fast")
    for scenario, batched in zip(variants, together, strict=True):
        alone = dryingsim.simulate(scenario, engine="fast")
        assert batched.attrs["time_steps"] == alone.attrs["time_steps"]
        assert batched.attrs["drying_time"] == alone.attrs["drying_time"]
        np.testing.assert_array_equal(batched["dry_mass_fraction"], alone["dry_mass_fraction"])
        np.testing.assert_array_equal(batched["volume_fraction"], alone["volume_fraction"])
        for name, value in alone.attrs.items():
            if name.startswith("metric_"):
                assert batched.attrs[name] == value, name


def test_batch_results_keep_their_own_scenario(variants):
    """Each result carries the scenario that produced it and the engine: the stored scenario reads back as it."""
    results = dryingsim.simulate_many(variants[:2], engine="fast")
    for scenario, result in zip(variants[:2], results, strict=True):
        assert result.attrs["engine"] == "fast"
        stored = dryingsim.scenario_from_dict(tomllib.loads(result.attrs["scenario"]))
        assert stored.drying.rates == pytest.approx(scenario.drying.rates)
        assert stored.layers[0].wet_thickness == pytest.approx(scenario.layers[0].wet_thickness)


def test_an_invalid_or_failing_scenario_does_not_stop_the_others(variants):
    """A negative thickness is refused before any compute (ScenarioError naming the field); a scenario given too
    few steps fails with a SolverError; the scenarios between them complete."""
    bad_input = _variant(1.0, -1.0)
    failing = _variant(1.0, max_steps=10)
    outcomes = dryingsim.simulate_many([variants[0], bad_input, failing, variants[1]], engine="fast")
    assert isinstance(outcomes[1], ScenarioError) and "wet_thickness" in str(outcomes[1])
    assert isinstance(outcomes[2], SolverError) and "max_steps" in str(outcomes[2])
    assert outcomes[0].attrs["drying_time"] > 0 and outcomes[3].attrs["drying_time"] > 0


def test_scenarios_of_different_structure_are_batched_apart():
    """An anode (5 particle classes) and an NMP cathode (4 classes, different solvent) in one call: grouped
    into separate batches, both complete."""
    anode = _variant(1.0)
    cathode = dryingsim.load_scenario(SCENARIOS / "cathode-nmc.toml")
    cathode = replace(cathode, numerics=replace(cathode.numerics, cells=CELLS))
    outcomes = dryingsim.simulate_many([anode, cathode, anode], engine="fast")
    assert [r.attrs["scenario_name"] for r in outcomes] == [anode.name, cathode.name, anode.name]
    assert outcomes[0].attrs["drying_time"] == pytest.approx(outcomes[2].attrs["drying_time"], rel=1e-11)


def test_an_unknown_engine_or_an_empty_batch_is_refused():
    """Bad arguments fail before any compute with an error naming the argument and what is allowed."""
    with pytest.raises(InputError, match="engine"):
        dryingsim.simulate_many([_variant(1.0)], engine="quick")
    with pytest.raises(InputError, match="batch_size"):
        dryingsim.simulate_many([_variant(1.0)], batch_size=0)
