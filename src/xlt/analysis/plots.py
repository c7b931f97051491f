"""Figures drawn on matplotlib's Agg canvas (no pyplot: no global state, safe in any process)."""

from __future__ import annotations

COLORS = {"English": "#e07b00", "seen": "#c0392b", "unseen": "#1e8449", "all": "#2c3e50", "base": "#7f8c8d"}
PALETTE = ("#2e86c1", "#c0392b", "#1e8449", "#e07b00", "#8e44ad", "#16a085", "#7f8c8d", "#d4ac0d")


def new_figure(width: float = 6.4, height: float = 3.8, ncols: int = 1, nrows: int = 1):
    """A figure with a grid of axes (always a flat list), styled for the report."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    fig.subplots_adjust(left=0.09, right=0.98, top=0.9, bottom=0.16, wspace=0.25, hspace=0.35)
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel().tolist()
    for ax in axes:
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(True, axis="y", color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)
        ax.tick_params(labelsize=8)
    return fig, axes
