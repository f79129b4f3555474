"""pytest-benchmark of the virtual measurement (run: python -m pytest benchmarks --benchmark-only).

On a constructed 100 um anode in 100 cells (graphite / carbon black / CMC / SBR): the scraper at
1,000 replicates of 10 um layers, the TGA of 200 replicates with thermograms (571 readings each),
and a 200-replicate comparison with a 10-layer measured profile. ``extra_info`` records the peak
traced Python memory of one call (tracemalloc), which covers the numpy arrays.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from dryingsim.measurement import compare, make_profile, scrape, tga

CELLS = 100


@pytest.fixture(scope="module")
def anode():
    depth = (np.arange(CELLS) + 0.5) * 1e-6
    sbr = 0.02 + 0.06 * np.exp(-depth / 15e-6)
    phi = np.column_stack([0.59 - sbr, np.full(CELLS, 0.01), np.full(CELLS, 0.02), sbr])
    return make_profile(np.full(CELLS, 1e-6), phi, ["graphite", "carbon_black", "cmc", "sbr"],
                        [2266.0, 1960.0, 1600.0, 980.0], ["active", "conductive", "dissolved_polymer", "latex"],
                        ["graphite", "carbon black", "CMC", "SBR latex"])


def _peak_mib(function, *args, **kwargs) -> float:
    tracemalloc.start()
    function(*args, **kwargs)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def test_scrape_1000_replicates(benchmark, anode):
    """1,000 replicate scrapes of ten 10 um layers with lateral mixing (41 quadrature nodes)."""
    benchmark(scrape, anode, "leps2000", replicates=1000, seed=1, step="10 um")
    benchmark.extra_info["peak_traced_MiB"] = _peak_mib(scrape, anode, "leps2000", replicates=1000, seed=1,
                                                        step="10 um")


def test_tga_200_replicates_with_thermograms(benchmark, anode):
    """Thermograms and read-out of 10 layers x 200 replicates."""
    layers = scrape(anode, "leps2000", replicates=200, seed=1, step="10 um")
    benchmark(tga, layers, seed=2)
    benchmark.extra_info["peak_traced_MiB"] = _peak_mib(tga, layers, seed=2)


def test_compare_200_replicates(benchmark, anode, tmp_path):
    """A whole comparison: read the CSV, scrape and TGA 200 times at 10 measured layers, statistics."""
    rows = "".join(f"{10 * i},{10 * (i + 1)},5.0,0.2\n" for i in range(10))
    (tmp_path / "m.csv").write_text("top_depth_um,bottom_depth_um,binder_wt_percent,binder_wt_percent_std\n" + rows)
    (tmp_path / "m.toml").write_text('sample = "bench"\nscraper = "leps2000"\n')
    benchmark(compare, anode, tmp_path / "m.csv", replicates=200, seed=3)
    benchmark.extra_info["peak_traced_MiB"] = _peak_mib(compare, anode, tmp_path / "m.csv", replicates=200, seed=3)
