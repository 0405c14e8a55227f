"""Pictures of neurons, networks, error valleys, training and digits (matplotlib).

One module per idea; every name is also here, so ``plots.draw_neuron(...)`` works:

    _style     the colours (ACTIVE orange-red fires, QUIET grey; Okabe-Ito), a neuron and a
               connection, figures as PNG bytes for widgets
    neurons    one threshold neuron: its wiring, its signal, where it fires (notebook 01)
    networks   layers of neurons: the activation map, pixel detectors, regions (notebook 02)
    valleys    one weight's error valley and gradient descent on it (notebook 03)
    training   loss and accuracy per epoch, live too; a model's answer over the plane
    digits     small images, MNIST digits, mistakes, a network's probabilities
    convolutions  a convolutional network's filters, feature maps and receptive fields
    robustness accuracy curves as digits move or change size, one per model
    experiments  a grid of experiments: a result against a setting, curves per setting
    surfaces   a loss of two weights as a contour map, with optimisers' paths
    autograd   a computation as a graph of Values, with each one's slope (notebook 14)
    inside     inside a trained MLP: weight images, paths of active neurons, overlaps, one
               neuron, knock-outs, the live network view
    svg        pictures as SVG text, for the live widgets (Drawing, Panel); the svg_...
               functions draw the explorers' pictures with it

The numbers behind the valleys (sse_along_weight, descent_path) are worked out
in annlib.lab.valley and are re-exported here for the notebooks that use them as
``plots.descent_path``.
"""

from ..lab.valley import descent_path, sse_along_weight, sse_slope
from ._style import (
    ACTIVE,
    FIRING_AREA,
    FIRING_HATCH,
    INK,
    MEANINGFUL_PAIRS,
    NEUTRAL,
    NODE_RADIUS,
    OTHER,
    PNG_DPI,
    QUIET,
    QUIET_AREA,
    SILENT,
    draw_connection,
    draw_node,
    figure_to_png,
    new_figure,
    pixels_to_png,
)
from .convolutions import plot_feature_maps, plot_filters, plot_receptive_fields
from .digits import (
    plot_digit_numbers,
    plot_digits,
    plot_image,
    plot_label_counts,
    plot_mistakes,
    plot_photo_reading,
    plot_probabilities,
    svg_digit,
    svg_probabilities,
)
from .looking_inside import (
    grid_shape,
    plot_digit_accuracy,
    plot_neuron,
    plot_overlap,
    plot_paths,
    plot_weight_images,
    svg_network_view,
)
from .networks import draw_network, plot_network_regions, plot_pixel_detectors, svg_network
from .neurons import (
    draw_neuron,
    plot_all_signals,
    plot_corners,
    plot_decision_line,
    plot_signal,
    plot_weight_sweep,
    svg_neuron,
)
from .robustness import curve_style, plot_accuracy_curves
from .runs import plot_grid, plot_grid_curves, plot_lr_range_test, series_style
from .surfaces import plot_optimizer_paths, svg_optimizer_paths
from .training import (
    LiveHistory,
    plot_decision_boundary,
    plot_history,
    plot_losses,
    svg_losses,
)
from .valleys import plot_descent_path, plot_sse_vs_weight, svg_descent_path, svg_sse_vs_weight
from .value_graphs import plot_graph

__all__ = [
    "plot_graph",
    "grid_shape",
    "plot_digit_accuracy",
    "plot_neuron",
    "plot_overlap",
    "plot_paths",
    "plot_weight_images",
    "svg_network_view",
    "plot_weight_sweep",
    "plot_photo_reading",
    "curve_style",
    "plot_accuracy_curves",
    "plot_grid",
    "plot_grid_curves",
    "plot_lr_range_test",
    "plot_optimizer_paths",
    "series_style",
    "plot_feature_maps",
    "plot_filters",
    "plot_receptive_fields",
    "ACTIVE",
    "FIRING_AREA",
    "FIRING_HATCH",
    "MEANINGFUL_PAIRS",
    "INK",
    "NEUTRAL",
    "NODE_RADIUS",
    "OTHER",
    "PNG_DPI",
    "QUIET",
    "QUIET_AREA",
    "SILENT",
    "LiveHistory",
    "descent_path",
    "draw_connection",
    "draw_network",
    "draw_neuron",
    "draw_node",
    "figure_to_png",
    "new_figure",
    "pixels_to_png",
    "plot_all_signals",
    "plot_corners",
    "plot_decision_boundary",
    "plot_decision_line",
    "plot_descent_path",
    "plot_digit_numbers",
    "plot_digits",
    "plot_history",
    "plot_image",
    "plot_label_counts",
    "plot_losses",
    "plot_mistakes",
    "plot_network_regions",
    "plot_pixel_detectors",
    "plot_probabilities",
    "plot_signal",
    "plot_sse_vs_weight",
    "sse_along_weight",
    "sse_slope",
    "svg_descent_path",
    "svg_digit",
    "svg_losses",
    "svg_probabilities",
    "svg_network",
    "svg_neuron",
    "svg_optimizer_paths",
    "svg_sse_vs_weight",
]
