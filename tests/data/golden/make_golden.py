"""Write the golden results: every shipped scenario at 12 cells, alone, and a batch of 4, as they are now.

The golden files pin the numbers while code moves ("the engine's house": behaviour unchanged, bit for bit;
tests/verification/test_golden_results.py compares against them exactly). Rerun this script only when a
change is meant to change the numbers, and say so in the commit:

    python tests/data/golden/make_golden.py
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import dryingsim
from dryingsim.results.io import save_result

HERE = Path(__file__).parent
SCENARIOS = HERE.parents[2] / "scenarios"
CELLS = 12
OUTPUT_TIMES = 21
BATCH = (("anode-medium", 1.0), ("anode-medium", 1.7), ("anode-high", 0.8), ("anode-low", 1.3))
"""The 4-member batch: scenario and the factor on its drying-rate schedule (distinct numbers per member)."""


def coarse(name: str) -> dryingsim.Scenario:
    """A shipped scenario on the golden grid."""
    scenario = dryingsim.load_scenario(SCENARIOS / f"{name}.toml")
    return dataclasses.replace(scenario, numerics=dataclasses.replace(scenario.numerics, cells=CELLS,
                                                                      output_times=OUTPUT_TIMES))


def batch_members() -> list[dryingsim.Scenario]:
    """The scenarios of the golden batch, each with its own drying-rate schedule."""
    members = []
    for k, (name, factor) in enumerate(BATCH):
        scenario = coarse(name)
        drying = dataclasses.replace(scenario.drying, rates=tuple(r * factor for r in scenario.drying.rates))
        members.append(dataclasses.replace(scenario, name=f"{name}-batch{k}", drying=drying))
    return members


def shipped() -> list[str]:
    return sorted(path.stem for path in SCENARIOS.glob("*.toml"))


def main() -> None:
    for name in shipped():
        save_result(dryingsim.simulate(coarse(name)), HERE / f"{name}.nc")
        print("wrote", name)
    for k, result in enumerate(dryingsim.simulate_many(batch_members())):
        save_result(result, HERE / f"batch-{k}.nc")
        print("wrote batch member", k)


if __name__ == "__main__":
    main()
