"""The arguments of a network's forward and backward passes, checked at the edge.

    A, cache = net.forward(X, keep=True)   cache: what backward needs (a ForwardCache)
    grads = net.backward(cache, Y)         Y: the wanted outputs, shape (n, n_outputs)

Two decorators, @checks_forward and @checks_backward, sit on each network's forward and
backward, so that their bodies keep only the maths, while a wrong X, a cache that forward
did not make, labels where wanted outputs belong, or annlib 0.7's backward(Y) get a
message that says what to do instead of a NumPy error.
"""

from __future__ import annotations

import functools

import numpy as np


class ForwardCache(tuple):
    """What forward(X, keep=True) returns beside A: the network's own tuple of what backward
    reads (for the MLP, (Z, A)), marked so backward can tell it from anything else.
    n: the number of examples in the batch, so backward can check Y against it;
    network: the network whose forward made it, as the cache fits only that network;
    masks: the dropout masks a training pass drew (DropoutMLP), None for every other pass."""

    def __new__(cls, parts, n: int, network=None, masks=None):
        cache = super().__new__(cls, parts)
        cache.n, cache.network, cache.masks = n, network, masks
        return cache


def checked_inputs(network, X) -> np.ndarray:
    """X as a batch the network's forward pass takes, (n, n_inputs) of its dtype.

    A finite 2-D array of the network's dtype and width (a training batch) goes straight
    in: no copy, one quick pass to check it is finite. Anything else goes through
    check_inputs, which converts it or says what was wrong; one example (n_inputs,)
    becomes a batch of one.
    """
    if (
        isinstance(X, np.ndarray)
        and X.ndim == 2
        and X.dtype == network.dtype
        and X.shape[1] == network.n_inputs
        and np.isfinite(X).all()  # NaN or infinity go to check_inputs, which says so
    ):
        return X
    return network.check_inputs(X)[0]


def checks_forward(forward):
    """Check X (checked_inputs) before a network's forward(X, keep) runs. With keep=True the
    cache comes back as a ForwardCache, which backward checks for."""

    @functools.wraps(forward)
    def checked(self, X, keep: bool = False):
        X = checked_inputs(self, X)
        if not keep:
            return forward(self, X)
        A, cache = forward(self, X, keep=True)
        return A, ForwardCache(cache, len(X), self)

    return checked


_MISSING = object()  # an argument left out (to explain the 0.7 call backward(Y))
HOW_TO_BACKWARD = "A, cache = model.forward(X, keep=True); grads = model.backward(cache, Y)"


def checks_backward(backward):
    """Check the cache and the wanted outputs Y before a network's backward(cache, Y) runs.

    The cache must be what forward(X, keep=True) returned beside A, and Y an array of
    shape (n, n_outputs): one row of wanted outputs for each of the cache's n examples.
    An array of that shape goes straight in; a nested list is converted.
    """

    @functools.wraps(backward)
    def checked(self, cache=_MISSING, Y=_MISSING):
        if Y is _MISSING:
            raise TypeError(
                "backward takes two things since annlib 0.8: the cache that forward returns "
                "and the wanted outputs Y. Where annlib 0.7 code says model.backward(Y), "
                f"write {HOW_TO_BACKWARD}."
            )
        if not isinstance(cache, ForwardCache):
            whole_pair = (
                isinstance(cache, tuple) and len(cache) == 2 and isinstance(cache[1], ForwardCache)
            )
            got = "the whole pair (A, cache)" if whole_pair else f"a {type(cache).__name__} object"
            raise TypeError(
                "backward's first argument must be the cache, what forward(X, keep=True) "
                f"returned beside A (a cache rebuilt by hand is refused); got {got}. "
                f"Write {HOW_TO_BACKWARD}."
            )
        if cache.network is not None and cache.network is not self:
            raise ValueError(
                "this cache was made by another network's forward: give backward the cache "
                f"from this network's own forward. Write {HOW_TO_BACKWARD}."
            )
        if not (
            isinstance(Y, np.ndarray)
            and Y.shape == (cache.n, self.n_outputs)
            and Y.dtype == self.dtype
            and np.isfinite(Y).all()
        ):
            Y = self.check_wanted_outputs(Y, cache.n)
        else:  # the quick path for the training loop: only the range is left to check
            Y = self.reachable(Y, "Y")
        return backward(self, cache, Y)

    return checked
