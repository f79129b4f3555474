"""Parameter sweeps: a sweep file -> points -> scenarios -> dask workers -> one resumable zarr store -> analysis.

    summary = dryingsim.sweeps.run_sweep("scenarios/sweeps/anode-process-window.toml")
    result = xarray.open_zarr(summary.store)
    dryingsim.sensitivity(result, "metric_binder_top_bottom_ratio")   # Sobol designs
"""

from dryingsim.sweeps.analysis import sensitivity, to_grid
from dryingsim.sweeps.execute import SweepSummary, run_sweep, sweep_client
from dryingsim.sweeps.spec import Parameter, Sweep, load_sweep

__all__ = ["Parameter", "Sweep", "SweepSummary", "load_sweep", "run_sweep", "sensitivity", "sweep_client", "to_grid"]
