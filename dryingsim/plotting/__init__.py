"""Figures: the overview of one drying result, and the virtual-measurement figures.

Every function draws on its own Agg figure (no pyplot state), labels axes from each variable's
``long_name`` and ``units``, and saves the figure when given a path.
"""

from dryingsim.plotting.measurement import plot_comparison, plot_depth_errors, plot_thermograms
from dryingsim.plotting.result import plot_result

__all__ = ["plot_comparison", "plot_depth_errors", "plot_result", "plot_thermograms"]
