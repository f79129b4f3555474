"""Figures: the overview of one drying result, the virtual-measurement figures, the sweep
figures and the calibration figures (a fit, a prediction with its band).

Every function draws on its own Agg figure (no pyplot state), labels axes from each variable's
``long_name`` and ``units``, and saves the figure when given a path.
"""

from dryingsim.plotting.calibration import plot_fit, plot_prediction
from dryingsim.plotting.measurement import plot_comparison, plot_depth_errors, plot_thermograms
from dryingsim.plotting.result import plot_result
from dryingsim.plotting.sweep import plot_response_map, plot_sensitivity

__all__ = ["plot_comparison", "plot_depth_errors", "plot_fit", "plot_prediction", "plot_response_map", "plot_result",
           "plot_sensitivity", "plot_thermograms"]
