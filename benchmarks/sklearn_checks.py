"""scikit-learn's own estimator checks, run on annlib's models: which pass, which fail, and why.

annlib's models follow scikit-learn's protocol, with a few differences on purpose, numbered
in annlib/model.py's help ("What differs, on purpose"). This script runs every check that
scikit-learn's check_estimator would run, on two small MLPs (2 and 3 inputs: the widths of
most checks' data) and on the baselines, catching each failure instead of stopping at the
first, and prints one line per check:

    pass        the check passed
    on purpose  it failed because of a difference listed in annlib/model.py (its number),
                or of what a baseline is (RandomGuess guesses)
    elsewhere   it failed because of something outside model.py and baselines.py, named
    FAIL        it failed for a reason RULES does not list: a bug to fix (exit status 1)
    skip        scikit-learn skipped it (a package it needs is missing)

    python benchmarks/sklearn_checks.py            # a few seconds
    python benchmarks/sklearn_checks.py --failed   # only the checks that did not pass

It works with scikit-learn 1.3 and newer (the course's oldest and newest); the set of
checks grows with the version.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
import traceback
import warnings
from unittest import SkipTest

# Why a check fails, when it fails for a known reason: (check, whose models, a pattern the
# failure must show, outcome, reason). "whose" is "networks", "baselines", "any" or a class
# name; the pattern is searched in the error's message, the errors that caused it and the
# line of the check that failed (None: any failure of that check). The numbers are those
# of annlib/model.py's "What differs, on purpose".
ANY = None
RULES = [
    # a network refusing data with another number of columns than its inputs, or labels
    # beyond its outputs, whichever check it is
    (
        ANY,
        "networks",
        r"the network has \d+ inputs|this network has \d+ output",
        "on purpose",
        "4: a network's inputs and classes are fixed by its constructor",
    ),
    (
        "check_classifiers_train",
        "networks",
        r"y_prob\.shape == \(n_samples, n_classes\)",
        "on purpose",
        "4: a network answers one class per output; trained on 2 of its 3 "
        "classes, predict_proba still has 3 columns",
    ),
    (
        "check_no_attributes_set_in_init",
        "networks",
        None,
        "on purpose",
        "1: a network makes its weights (params) in its constructor, so it can predict before fit",
    ),
    (
        "check_estimators_unfitted",
        "networks",
        None,
        "on purpose",
        "1: a network predicts from its starting weights (NetworkModel.predicts_before_fit "
        "tells scikit-learn so, and the check is no longer run)",
    ),
    (
        "check_estimators_unfitted",
        "baselines",
        None,
        "on purpose",
        "6: annlib's NotFittedError is raised: a ValueError and an AttributeError like "
        "scikit-learn's, but another class (annlib does not import scikit-learn)",
    ),
    (
        "check_fit_idempotent",
        "networks",
        None,
        "on purpose",
        "2: a network's fit goes on from its current weights, so a second fit changes them",
    ),
    (
        "check_do_not_raise_errors_in_init_or_set_params",
        "any",
        None,
        "on purpose",
        "5: constructors check their arguments at once (sizes=-1 or seed=-1 is refused there)",
    ),
    (
        "check_classifiers_classes",
        "any",
        "holds text",
        "on purpose",
        "6: labels are numbers (a network's 0 to n_classes - 1); text labels are refused",
    ),
    (
        "check_supervised_y_2d",
        "any",
        r"got shape \(\d+, 1\)",
        "on purpose",
        "6: y is one label per example; a column y of shape (n, 1) is refused, not flattened "
        "with a warning (to a network, a 2-D y is a table of wanted outputs)",
    ),
    (
        "check_fit2d_predict1d",
        "networks",
        "Did not raise|not raised",
        "on purpose",
        "4: a network takes a single example as a flat row (predict then returns one class)",
    ),
    (
        "check_n_features_in",
        "networks",
        None,
        "on purpose",
        "4: a network's number of inputs is fixed by its constructor, not learned by fit",
    ),
    (
        "check_methods_sample_order_invariance",
        "RandomGuess",
        "not invariant",
        "on purpose",
        "RandomGuess draws its guesses in order, so an example's guess depends on its place "
        "in X (scikit-learn's DummyClassifier fails this check too)",
    ),
    (
        "check_methods_subset_invariance",
        "RandomGuess",
        "not invariant",
        "on purpose",
        "RandomGuess draws its guesses in order, so an example's guess depends on its place "
        "in X (scikit-learn's DummyClassifier fails this check too)",
    ),
    (
        "check_classifiers_train",
        "RandomGuess",
        "Arrays are not equal",
        "on purpose",
        "RandomGuess's predict draws each guess from predict_proba's equal probabilities, "
        "so it is not always predict_proba's highest column",
    ),
    (
        "check_parameters_default_constructible",
        "networks",
        "required positional argument: 'sizes'",
        "on purpose",
        "4: an MLP has no default shape, sizes must be given (scikit-learn before 1.6 makes "
        "each model with no arguments)",
    ),
    (
        "check_classifiers_regression_target",
        "baselines",
        "Unknown label type",
        "on purpose",
        "6: annlib's own words: scikit-learn before 1.6 looks for its 'Unknown label type: ', "
        "while the baselines say the labels are continuous (which newer versions accept)",
    ),
    # failures caused by files other than model.py and baselines.py
    (
        "check_complex_data",
        "any",
        "complex numbers",
        "elsewhere",
        "annlib/_validate.py refuses complex numbers with a TypeError; the check wants a "
        "ValueError",
    ),
    (
        "check_dtype_object",
        "any",
        "rows of equal length",
        "elsewhere",
        "annlib/_validate.py refuses an array of dtype object even when it holds only numbers "
        "in equal rows",
    ),
    (
        "check_classifiers_regression_target",
        "networks",
        None,
        "elsewhere",
        "annlib/_network.py's message for fractional labels does not say 'continuous'",
    ),
    (
        "check_requires_y_none",
        "networks",
        "got None",
        "elsewhere",
        "annlib/_validate.py's message for y=None (a TypeError about numbers) is not one the "
        "check knows",
    ),
]


def models():
    """The models the checks run on: small MLPs, and every baseline."""
    from annlib.baselines import AverageDarkness, NearestMean, RandomGuess
    from annlib.mlp import MLP

    return [MLP([2, 8, 3]), MLP([3, 8, 3]), NearestMean(), AverageDarkness(), RandomGuess()]


def checks(model):
    """(model, check) pairs: every check scikit-learn's check_estimator runs on this model."""
    try:  # scikit-learn 1.6 and newer
        from sklearn.utils.estimator_checks import estimator_checks_generator
    except ImportError:  # 1.3 to 1.5
        from sklearn.utils.estimator_checks import check_estimator

        return check_estimator(model, generate_only=True)
    return estimator_checks_generator(model, legacy=True, mark=None)


def check_name(check) -> str:
    return getattr(check, "func", check).__name__


def run(check, model) -> tuple[str, str]:
    """(outcome, one line saying why) for one check on one model."""
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")  # scikit-learn's notes, and training's progress bars
        try:
            check(model)
        except SkipTest as skipped:
            return "skip", _line(skipped)
        except Exception as error:  # noqa: BLE001  (every failure is reported, none stops us)
            return known(check_name(check), model, error)
    return "pass", ""


def known(name: str, model, error: Exception) -> tuple[str, str]:
    """The outcome of a failed check: the first rule that fits it, or FAIL."""
    from annlib._network import NetworkModel

    kinds = {"any", type(model).__name__}
    kinds.add("networks" if isinstance(model, NetworkModel) else "baselines")
    said = f"{type(error).__name__}: {_line(error)}"
    for check, whose, pattern, outcome, reason in RULES:
        if check in (ANY, name) and whose in kinds:
            if pattern is None or re.search(pattern, _everything_said(error)):
                return outcome, f"{reason} | {said}"
    return "FAIL", said


def _everything_said(error: BaseException) -> str:
    """The error's message, those of the errors behind it, and the line that raised it."""
    said = []
    while error is not None:
        said.append(str(error))
        frames = traceback.extract_tb(error.__traceback__)
        said.extend(frame.line or "" for frame in frames[-1:])
        error = error.__cause__ or error.__context__
    return "\n".join(said)


def _line(error: BaseException, width: int = 160) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= width else text[: width - 3] + "..."


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failed", action="store_true", help="show only checks not passed")
    args = parser.parse_args(argv)
    import sklearn

    import annlib

    print(f"scikit-learn {sklearn.__version__}, annlib {annlib.__version__}")
    unexpected = 0
    for model in models():
        print(f"\n{model!r}")
        counts: dict[str, int] = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # (that annlib's models are not BaseEstimators)
            pairs = list(checks(model))
        for estimator, check in pairs:
            outcome, why = run(check, estimator)
            counts[outcome] = counts.get(outcome, 0) + 1
            unexpected += outcome == "FAIL"
            if outcome != "pass" or not args.failed:
                print(f"  {outcome:10}  {check_name(check)}" + (f"  ({why})" if why else ""))
        print("  " + ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())))
    print(
        f"\n{unexpected} check(s) failed for a reason listed nowhere"
        + (": fix them, or list them with their reason in this script." if unexpected else ".")
    )
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
