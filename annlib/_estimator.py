"""What scikit-learn reads about a model, so that annlib's models work with its tools.

``Estimator`` is the base of annlib.model.Model: the constructor's arguments (get_params,
set_params), the names fit learns (``Learned``) and whether it has learned them, and the
tags scikit-learn reads. It is plumbing: a learner reads annlib.model instead.

annlib does not need scikit-learn, but its models work with scikit-learn's tools: clone,
Pipeline, cross_val_score, GridSearchCV. What is the same:

- fit(X, y) returns the model; predict, predict_proba, score (accuracy) and classes_.
- get_params() returns every argument of the constructor, the very objects given (the
  default where none was given); set_params(**arguments) changes some and returns the
  model; an unknown name is a ValueError that lists the valid ones.
- The model says it is a classifier (``__sklearn_tags__`` for scikit-learn 1.6 and newer,
  ``_estimator_type`` and ``_more_tags`` for older ones), so cross-validation keeps the
  share of each class in every fold; ``__sklearn_is_fitted__`` says whether fit has
  taught it anything, and a baseline used before fit raises NotFittedError.

What differs, on purpose:

1. A network makes its starting weights in its constructor, from its seed, so a notebook
   can look at them, and the network can predict (badly), before any training
   (``predicts_before_fit``; scikit-learn's tag ``requires_fit`` is then False). So
   set_params builds the model again, as a new constructor call would: new starting
   weights, and what fit learned (history_) is gone.
2. A network's fit goes on from its current weights, as if scikit-learn's
   ``warm_start=True`` were always on: a second fit starts where the first ended. (Two
   fits of 1 epoch are one fit of 2 only for plain gradient descent on the whole set:
   each fit shuffles from its seed again and starts its optimiser afresh.) To start
   again, make a new model, or sklearn.base.clone it.
3. Training settings (epochs, lr, batch_size, progress ...) are fit's arguments, not the
   constructor's: give them to fit, and to cross_val_score or GridSearchCV as fit
   parameters (``params=`` from scikit-learn 1.4, ``fit_params=`` before; in a Pipeline,
   prefixed with the step's name, e.g. ``net__epochs=3``). Only constructor arguments can
   be searched over.
4. A network's shape comes from its constructor (an MLP's sizes have no default): it
   takes rows of exactly sizes[0] numbers, or one example as a flat row (predict then
   returns one class), and labels 0 to n_classes - 1; predict_proba has a column for each
   output even if fit saw fewer classes. It refuses other data instead of reshaping
   itself to fit them.
5. Constructors check and convert their arguments at once, so a mistake shows where it is
   made: the attributes hold the converted values (``model.sizes`` a tuple,
   ``model.activation`` a function object), get_params the arguments as given.
6. Data are checked by annlib's own rules, in its own words: labels are numbers (the
   baselines learn classes_ from them; text is refused), y is one label per example (a
   column of shape (n, 1) is refused, not flattened), and the NotFittedError of a
   baseline used before fit is annlib's: a ValueError and an AttributeError like
   scikit-learn's, but not that class, as annlib does not import scikit-learn
   (sklearn.utils.validation.check_is_fitted raises scikit-learn's own).

``python benchmarks/sklearn_checks.py`` runs scikit-learn's own estimator checks on small
MLPs and the baselines, and names the reason for each failure.
"""

from __future__ import annotations

import functools
import inspect


class Learned:
    """A name that fit learns: ``history_ = Learned("...")`` in a model's class.

    Reading it before fit has set it raises the model's not_fitted error (annlib.model:
    NotFittedError, which says to call fit first); fit sets it
    as any attribute (``self.history_ = ...``). The value is kept in the model's
    ``__dict__`` under the same name, where copies, ``vars(model)`` and scikit-learn look.
    """

    def __init__(self, doc: str = ""):
        self.__doc__ = doc

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, model, owner=None):
        if model is None:
            return self
        try:
            return model.__dict__[self.name]
        except KeyError:
            raise model.not_fitted(f"has no {self.name}") from None

    def __set__(self, model, value) -> None:
        model.__dict__[self.name] = value

    def __delete__(self, model) -> None:
        if model.__dict__.pop(self.name, _NOTHING) is _NOTHING:
            raise model.not_fitted(f"has no {self.name}")


_NOTHING = object()


class _ConstructorSignature:
    """What inspect.signature (and so help() and JupyterLab) shows for a model's class:
    its constructor's arguments, not those of Model.__new__, which takes any."""

    def __get__(self, model, cls) -> inspect.Signature:
        if model is not None:  # a model is not called: it has no signature of its own
            raise AttributeError("__signature__")
        signature = _signature(cls.__init__)
        if signature is None:
            return inspect.Signature()
        return signature.replace(parameters=list(signature.parameters.values())[1:])


class Estimator:
    """The constructor's arguments, as given (get_params, set_params), the names fit learns
    (Learned) and whether it has learned them, and scikit-learn's tags. Its subclass
    annlib.model.Model is the protocol of every model; see this module's help."""

    predicts_before_fit = False
    """True for a model that can predict before fit (a network, from its starting weights)."""

    _poor_score = False  # True for a reader meant to score poorly, such as guessing

    _estimator_type = "classifier"  # what scikit-learn before 1.6 reads

    __signature__ = _ConstructorSignature()

    def __new__(cls, *args, **kwargs):
        """Keep the constructor's arguments, as given, for get_params (before __init__ runs)."""
        model = super().__new__(cls)
        parameters = _signature(cls.__init__)
        try:  # partial: copy and deepcopy make a model with no arguments, then fill it in
            bound = parameters.bind_partial(model, *args, **kwargs).arguments if parameters else {}
        except TypeError:  # a call __init__ refuses: it says why, in Python's own words
            bound = {}
        model.__dict__["_given"] = {k: v for k, v in bound.items() if k != "self"}
        return model

    # ---- the constructor's arguments ---------------------------------------------------

    def get_params(self, deep: bool = True) -> dict:
        """The constructor's arguments: each one as it was given (the very object), or its
        default if it was not given. What sklearn.base.clone rebuilds the model from.

        ``deep`` is scikit-learn's: no annlib model holds another model, so it changes nothing.

        >>> from annlib.mlp import MLP
        >>> MLP([2, 3, 2], activation="tanh").get_params()
        {'sizes': [2, 3, 2], 'activation': 'tanh', 'output': 'softmax', 'loss': 'cross_entropy',
         'seed': 0, 'dtype': 'float32', 'init': 'auto'}
        """
        given = self.__dict__.get("_given", {})
        params = {}
        for p in _constructor_parameters(type(self)):
            if p.name in given:
                params[p.name] = given[p.name]
            elif p.default is not p.empty:
                params[p.name] = p.default
            else:
                raise TypeError(
                    f"this {type(self).__name__} was made without its constructor, so its "
                    f"argument {p.name!r} is unknown: make it with {type(self).__name__}(...)."
                )
        return params

    def set_params(self, **params) -> Estimator:
        """Change some of the constructor's arguments; returns the model itself.

        The model is built again from the new arguments, as a new constructor call would
        build it: a network gets new starting weights (from its seed), and what fit had
        learned (history_) is gone. If the new arguments are refused, nothing changes.
        """
        if not params:
            return self
        current = self.get_params(deep=False)
        name = type(self).__name__
        unknown = [key for key in params if key not in current]
        if unknown:
            hint = ""
            if _takes_settings(type(self).fit):
                hint = (
                    " Training settings, such as epochs or lr, are not the model's: give "
                    "them to fit (in scikit-learn, as fit parameters)."
                )
            raise ValueError(
                f"{unknown[0]!r} is not an argument of {name}; its arguments are "
                f"{', '.join(current) or 'none'}.{hint}"
            )
        rebuilt = type(self)(**{**current, **params})  # checked before anything changes
        self.__dict__.clear()
        self.__dict__.update(rebuilt.__dict__)
        return self

    def __repr__(self) -> str:
        try:
            given = self.__dict__.get("_given", {})
            shown = {k: v for k, v in self.get_params(deep=False).items() if k in given}
        except TypeError:
            return object.__repr__(self)
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in shown.items())})"

    def __sklearn_is_fitted__(self) -> bool:
        """Whether fit has taught the model anything: one of its Learned names is set."""
        return any(name in self.__dict__ for name in _learned_names(type(self)))

    # ---- what scikit-learn reads about the model -----------------------------------------

    def __sklearn_tags__(self):
        """scikit-learn 1.6 and newer: a classifier, which needs y to fit."""
        from sklearn.utils import ClassifierTags, InputTags, Tags, TargetTags

        return Tags(
            estimator_type="classifier",
            target_tags=TargetTags(required=True),
            classifier_tags=ClassifierTags(poor_score=self._poor_score),
            requires_fit=not self.predicts_before_fit,
            input_tags=InputTags(two_d_array=True),
        )

    def _more_tags(self) -> dict:
        """scikit-learn before 1.6: the same as __sklearn_tags__, in its older form."""
        return {
            "requires_y": True,
            "requires_fit": not self.predicts_before_fit,
            "poor_score": self._poor_score,
        }


@functools.cache
def _signature(init) -> inspect.Signature | None:
    """The signature of a constructor (None for object's, which takes no arguments)."""
    return None if init is object.__init__ else inspect.signature(init)


def _constructor_parameters(cls) -> list[inspect.Parameter]:
    """The constructor's parameters (not self), refusing those get_params cannot name."""
    signature = _signature(cls.__init__)
    if signature is None:
        return []
    parameters = list(signature.parameters.values())[1:]
    for p in parameters:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD, p.POSITIONAL_ONLY):
            raise TypeError(
                f"{cls.__name__}'s constructor takes {p}, so get_params cannot list its "
                f"arguments (nor clone or set_params use them): name every argument in "
                f"{cls.__name__}.__init__'s signature, such as def __init__(self, sizes, "
                f"seed=0)."
            )
    return parameters


def _takes_settings(fit) -> bool:
    """Whether fit takes keyword settings beyond X and y (a network's training settings)."""
    return any(p.kind is p.VAR_KEYWORD for p in inspect.signature(fit).parameters.values())


@functools.cache
def _learned_names(cls) -> tuple[str, ...]:
    """The names a model's class declares with Learned (its own and its parents')."""
    return tuple(
        name
        for klass in cls.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, Learned)
    )
