"""Loss surfaces of two weights, and the paths optimisers take across them.

A network has far too many weights to picture its loss, but a loss of two weights can be
drawn as a map, with contour lines like a hiker's. The optimisers walking across it here are
the course's own (annlib.train: SGD, Momentum, Adam), the very code that trains the
networks, so a path on the map is what that optimiser does, step by step.

    surface = ravine()                                    # a long, narrow valley
    path = optimizer_path(surface, start=(-4, 1), optimizer="momentum", lr=0.02)
    plots.plot_optimizer_paths(surface, {"momentum": path})
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .. import _validate
from ..optim import check_lr, check_optimizer, make_optimizer

GIVE_UP = 1e6  # a path that gets this far from the start has blown up: it stops there
MAX_STEEP = 1e6  # (steeper, and the map's losses overflow)
MAX_STEPS = 1_000_000


@dataclass(frozen=True)
class Surface:
    """A loss of two weights: loss(W) for points W of shape (..., 2), its gradient at one
    point w (2,), where its minimum is, and the window to draw it in."""

    name: str
    loss: Callable[[np.ndarray], np.ndarray]
    gradient: Callable[[np.ndarray], np.ndarray]
    minimum: tuple[float, float]
    window: tuple[tuple[float, float], tuple[float, float]]  # (w1 from, to), (w2 from, to)


def ravine(steep: float = 20.0) -> Surface:
    """(w1^2 + steep * w2^2) / 2: a valley ``steep`` times steeper across than along.

    Its slopes change at rates 1 and ``steep`` (the curvatures), so plain gradient descent
    is stable only for lr < 2 / steep, and then crawls along the valley floor."""
    steep = _validate.real_number(steep, "steep")
    if not 1 <= steep <= MAX_STEEP:
        raise ValueError(
            f"steep is how much steeper across than along: from 1 to {MAX_STEEP:,}; got {steep}."
        )
    return Surface(
        name=f"a ravine, {steep:g} times steeper across",
        loss=lambda W: 0.5 * (W[..., 0] ** 2 + steep * W[..., 1] ** 2),
        gradient=lambda w: np.array([w[0], steep * w[1]], dtype=float),
        minimum=(0.0, 0.0),
        window=((-5.0, 5.0), (-2.0, 2.0)),
    )


def rosenbrock() -> Surface:
    """Rosenbrock's banana-shaped valley, (1 - w1)^2 + 100 (w2 - w1^2)^2, minimum at (1, 1):
    the valley is easy to fall into and slow to follow."""
    return Surface(
        name="Rosenbrock's curved valley",
        loss=lambda W: (1 - W[..., 0]) ** 2 + 100 * (W[..., 1] - W[..., 0] ** 2) ** 2,
        gradient=lambda w: np.array(
            [-2 * (1 - w[0]) - 400 * w[0] * (w[1] - w[0] ** 2), 200 * (w[1] - w[0] ** 2)]
        ),
        minimum=(1.0, 1.0),
        window=((-2.0, 2.0), (-1.0, 3.0)),
    )


def _slope(surface: Surface, w: np.ndarray) -> np.ndarray:
    """The surface's gradient at w, checked: two numbers (a fresh array, which the
    optimiser may change in place)."""
    given = surface.gradient(w.copy())
    try:
        g = np.array(given, dtype=float)
    except (TypeError, ValueError):
        g = np.array(None)  # (not numbers: refused below)
    if g.shape != (2,) or g.dtype != float:
        raise ValueError(
            f"{surface.name}: its gradient must give two numbers, one slope per weight; it "
            f"gave {given!r}."
        )
    return g


def optimizer_path(
    surface: Surface, start, *, optimizer="sgd", lr=0.05, momentum=0.9, steps=100
) -> np.ndarray:
    """The points an optimiser visits from ``start``: (steps + 1, 2), the start first.

    A path that blows up (further than GIVE_UP from the start) stops there, shorter.
    ``momentum`` (0 <= momentum < 1) is used by optimizer="momentum" only, but always
    checked. If you press stop, the path so far is returned (and the stop is said)."""
    if not isinstance(surface, Surface):
        raise TypeError(f"give a Surface, such as ravine(); got {type(surface).__name__}.")
    check_optimizer(optimizer)
    w = np.array(_validate.numeric_array(start, "start"), dtype=float)
    if w.shape != (2,):
        raise ValueError(f"start is a point of two weights, such as (-4, 1); got {start!r}.")
    opt = make_optimizer(optimizer, check_lr(lr), momentum)
    steps = _validate.whole_number(steps, "steps", minimum=1, maximum=MAX_STEPS, example="100")
    params, path = {"w": w}, [w.copy()]
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(steps):
                opt.step(params, {"w": _slope(surface, params["w"])})
                path.append(params["w"].copy())
                if not np.linalg.norm(path[-1] - path[0]) < GIVE_UP:  # (also NaN)
                    break
    except KeyboardInterrupt:
        if len(path) == 1:
            raise
        print(
            f"optimizer_path was stopped (you pressed stop) after {len(path) - 1} of {steps} "
            f"steps: the path returned holds the {len(path)} points so far."
        )
    return np.array(path)
