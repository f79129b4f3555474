"""One Agg figure per plot, without pyplot state, saved when given a path."""

from __future__ import annotations

import os

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def new_figure(size: tuple[float, float]) -> tuple[Figure, Axes]:
    """A constrained-layout figure of ``size`` inches with one axes."""
    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def save(fig: Figure, path: str | os.PathLike[str] | None) -> Figure:
    """Write ``fig`` to ``path`` (150 dpi) if given; return it."""
    if path is not None:
        fig.savefig(path, dpi=150)
    return fig
