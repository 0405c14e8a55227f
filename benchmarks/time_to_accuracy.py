"""How many seconds of training each recipe needs to reach an accuracy, chosen on validation digits.

Notebook 05's network (annlib.lab.digit_reader.NETWORK: 784-500-500-500-10, ReLU, softmax with
cross-entropy) is trained on the article's 10,000 training digits with several recipes
(annlib.lab.digit_reader.RECIPE, the notebook's, and other candidates). After every epoch it is
measured on 1,000 *validation* digits (training digits 10,000 to 10,999, which neither the
training nor the test uses): the table gives the training seconds until the validation
accuracy first reached the target, and the accuracy at the end. The test digits are not
used here: a recipe chosen on them would flatter itself. Where PyTorch is installed
(benchmarks/requirements.txt), each recipe is also trained by PyTorch: the same network,
batch size, Adam, learning rate, cosine schedule and shifted digits (annlib's own shift
function, applied to each batch before it becomes a tensor), with PyTorch's own starting
weights; ``--no-pytorch`` leaves it out.

    python benchmarks/time_to_accuracy.py               # a few minutes on 2 cores
    python benchmarks/time_to_accuracy.py --target 0.97 --markdown

With ``--all-digits`` it does the same for notebook 06's section 3 (all of MNIST's training
digits): the candidates train on training digits 0 to 54,999 and are measured on the last
5,000 (55,000 to 59,999), held out for choosing; the chosen recipe then trains on all
60,000 in the notebook, which measures it once on the 10,000 test digits.

    python benchmarks/time_to_accuracy.py --all-digits --target 0.985 --markdown

With ``--lenet`` it does the same for notebook 12's LeNet (annlib.lenet): sizes, lengths and
the one-pixel shifts, on the article's split and the validation digits above:

    python benchmarks/time_to_accuracy.py --lenet --target 0.98 --markdown

With ``--convnet`` it does the same for notebook 12's ConvNet (the article's split, the
validation digits above), to keep that notebook within a small machine's time:

    python benchmarks/time_to_accuracy.py --convnet --markdown

Issue 17's targets: at least 97% on the article's 1,000 test digits within 8 s of training;
with all 60,000 digits, at least 98.5% on the 10,000 test digits within 20 s.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import pandas as pd

from annlib.data import load_mnist, load_validation
from annlib.lab.digit_reader import LENET_RECIPE, NETWORK, RECIPE
from annlib.mlp import MLP

OLD_RECIPE = {**RECIPE, "epochs": 20}  # notebook 05's recipe until issue 17


def candidates() -> dict[str, dict]:
    """Notebook 05's recipe, the 20-epoch recipe it replaced, and other candidates."""
    plain = {k: v for k, v in RECIPE.items() if k != "augment"}
    return {
        "the old recipe (20 epochs, shifts)": OLD_RECIPE,
        "20 epochs, no shifts": {**plain, "epochs": 20},
        f"notebook 05's recipe ({RECIPE['epochs']} epochs, shifts)": RECIPE,
        "8 epochs, no shifts": {**plain, "epochs": 8},
        "8 epochs, lr 2e-3, no shifts": {**plain, "epochs": 8, "lr": 2e-3},
        "6 epochs, batch 128, lr 2e-3, no shifts": {
            **plain,
            "epochs": 6,
            "batch_size": 128,
            "lr": 2e-3,
        },
    }


# notebook 06's section 3 (all 60,000 digits) as it was, and shorter candidates; the chosen
# one, "5 epochs, batch 256, lr 2e-3", is what that section trains now
ALL_DIGITS = {
    "epochs": 10,
    "batch_size": 128,
    "lr": 1e-3,
    "optimizer": "adam",
    "schedule": "cosine",
    "seed": 0,
}
HELD_OUT = 5_000  # the last training digits, for choosing a recipe with --all-digits


def candidates_all_digits() -> dict[str, dict]:
    return {
        "the old recipe (10 epochs, batch 128)": ALL_DIGITS,
        "6 epochs, batch 128": {**ALL_DIGITS, "epochs": 6},
        "5 epochs, batch 128, lr 2e-3": {**ALL_DIGITS, "epochs": 5, "lr": 2e-3},
        "4 epochs, batch 128, lr 2e-3": {**ALL_DIGITS, "epochs": 4, "lr": 2e-3},
        "5 epochs, batch 256, lr 2e-3": {**ALL_DIGITS, "epochs": 5, "batch_size": 256, "lr": 2e-3},
        "4 epochs, batch 256, lr 2e-3": {**ALL_DIGITS, "epochs": 4, "batch_size": 256, "lr": 2e-3},
        "4 epochs, batch 256, lr 3e-3": {**ALL_DIGITS, "epochs": 4, "batch_size": 256, "lr": 3e-3},
    }


# notebook 11's ConvNet as it was trained (8 epochs) and shorter candidates (--convnet)
CONVNET = {
    "epochs": 8,
    "batch_size": 64,
    "lr": 2e-3,
    "optimizer": "adam",
    "schedule": "cosine",
    "seed": 0,
}


def candidates_convnet() -> dict[str, dict]:
    return {
        "notebook 11's ConvNet until issue 17 (8 epochs)": CONVNET,
        "5 epochs": {**CONVNET, "epochs": 5},
        "4 epochs": {**CONVNET, "epochs": 4},
        "5 epochs, batch 128, lr 3e-3": {**CONVNET, "epochs": 5, "batch_size": 128, "lr": 3e-3},
        "4 epochs, batch 128, lr 3e-3": {**CONVNET, "epochs": 4, "batch_size": 128, "lr": 3e-3},
    }


def candidates_lenet() -> dict[str, dict]:
    """Notebook 12's LeNet: its sizes and recipe (LENET_RECIPE), and shorter, longer and
    larger candidates. Each recipe carries the network's settings under "network"."""
    larger = {"filters": (16, 32), "hidden": 128}
    return {
        "LeNet (6, 16), hidden 120, 10 epochs (notebook 12's)": {**LENET_RECIPE, "network": {}},
        "8 epochs": {**LENET_RECIPE, "epochs": 8, "network": {}},
        "15 epochs": {**LENET_RECIPE, "epochs": 15, "network": {}},
        "10 epochs, no shifts": {**LENET_RECIPE, "augment": None, "network": {}},
        "(16, 32), hidden 128, 6 epochs": {**LENET_RECIPE, "epochs": 6, "network": larger},
        "(16, 32), hidden 128, 10 epochs": {**LENET_RECIPE, "network": larger},
    }


def seconds_to(history, target: float) -> float | None:
    """Training seconds until the validation accuracy first reached ``target`` (None: never).

    ``history`` is annlib's History or a dict with the same two lists."""
    if isinstance(history, dict):
        times, accuracies = history["seconds"], history["val_accuracy"]
    else:
        times, accuracies = history.seconds, history.val_accuracy
    total = 0.0
    for seconds, accuracy in zip(times, accuracies):
        total += seconds
        if accuracy >= target:
            return total
    return None


def torch_history(recipe: dict, X, y, X_val, y_val) -> dict[str, list[float]]:
    """Train NETWORK with ``recipe`` in PyTorch: seconds and validation accuracy per epoch.

    As annlib's fit does: Adam, the cosine schedule (one learning rate per epoch), batches in
    an order shuffled with the recipe's seed, ``augment`` on each batch, and each epoch's
    seconds counting its validation too.
    """
    import time

    import torch
    from torch import nn

    from annlib.optim import SCHEDULES

    torch.manual_seed(recipe["seed"])
    sizes = NETWORK["sizes"]
    layers = []
    for n_in, n_out in zip(sizes[:-2], sizes[1:-1]):
        layers += [nn.Linear(n_in, n_out), nn.ReLU()]
    model = nn.Sequential(*layers, nn.Linear(sizes[-2], sizes[-1]))
    optimizer = torch.optim.Adam(model.parameters(), lr=recipe["lr"])
    loss_fn = nn.CrossEntropyLoss()
    rng = np.random.default_rng(recipe["seed"])
    augment, batch, epochs = recipe.get("augment"), recipe["batch_size"], recipe["epochs"]
    X_val_t, y_val_t, y_t = torch.from_numpy(X_val), torch.from_numpy(y_val), torch.from_numpy(y)
    seconds, accuracy = [], []
    for epoch in range(epochs):
        start = time.perf_counter()
        for group in optimizer.param_groups:
            group["lr"] = SCHEDULES[recipe.get("schedule", "constant")](recipe["lr"], epoch, epochs)
        order = rng.permutation(len(X))
        Xs, ys = X[order], y_t[torch.from_numpy(order)]
        for i in range(0, len(Xs), batch):
            xb = Xs[i : i + batch]
            if augment is not None:
                xb = augment(xb, rng)
            optimizer.zero_grad(set_to_none=True)
            loss_fn(model(torch.from_numpy(np.ascontiguousarray(xb))), ys[i : i + batch]).backward()
            optimizer.step()
        with torch.no_grad():
            accuracy.append((model(X_val_t).argmax(1) == y_val_t).float().mean().item())
        seconds.append(time.perf_counter() - start)
    return {"seconds": seconds, "val_accuracy": accuracy}


def run(
    target: float,
    names=None,
    all_digits: bool = False,
    pytorch: bool = True,
    convnet=False,
    lenet=False,
) -> pd.DataFrame:
    network = MLP
    if lenet:
        from annlib.lenet import LeNet

        (X, y), _ = load_mnist(n_test=1)
        X_val, y_val = load_validation()
        recipes, pytorch = candidates_lenet(), False  # (training_speed.py compares its speed)
    elif convnet:
        from annlib.conv import ConvNet

        (X, y), _ = load_mnist(n_test=1)
        X_val, y_val = load_validation()
        recipes, pytorch = candidates_convnet(), False  # (training_speed.py compares its speed)
        network = lambda **_: ConvNet(seed=0)  # noqa: E731
    elif all_digits:
        (X_all, y_all), _ = load_mnist(n_train=None, n_test=1)
        X, y = X_all[:-HELD_OUT], y_all[:-HELD_OUT]
        X_val, y_val = X_all[-HELD_OUT:], y_all[-HELD_OUT:]
        recipes = candidates_all_digits()
    else:
        (X, y), _ = load_mnist(n_test=1)
        X_val, y_val = load_validation()
        recipes = candidates()
    rows = []
    for name, recipe in recipes.items():
        if names and name not in names:
            continue
        recipe = dict(recipe)
        if lenet:
            model = LeNet(seed=0, **recipe.pop("network"))
        else:
            model = network(**NETWORK)
        model.fit(X, y, validation=(X_val, y_val), progress=False, **recipe)
        history = model.history_
        row = {
            "recipe": name,
            "epochs": len(history),
            f"s to {target:.1%} (validation)": seconds_to(history, target),
            "s in all": float(np.sum(history.seconds)),
            "validation accuracy at the end": history.val_accuracy[-1],
        }
        if pytorch:
            theirs = torch_history(recipe, X, y, X_val, y_val)
            row["PyTorch: s to target"] = seconds_to(theirs, target)
            row["PyTorch: s in all"] = float(np.sum(theirs["seconds"]))
            row["PyTorch: accuracy at the end"] = theirs["val_accuracy"][-1]
        rows.append(row)
        print(rows[-1], file=sys.stderr, flush=True)
    return pd.DataFrame(rows).set_index("recipe")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", type=float, default=0.97)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument(
        "--all-digits",
        action="store_true",
        help="notebook 06's section 3: 55,000 digits to train on, 5,000 held out",
    )
    parser.add_argument("--no-pytorch", action="store_true", help="annlib only")
    parser.add_argument(
        "--convnet", action="store_true", help="notebook 11's ConvNet (annlib only)"
    )
    parser.add_argument("--lenet", action="store_true", help="notebook 12's LeNet (annlib only)")
    parser.add_argument("--only", nargs="*", help="only the recipes with these names")
    args = parser.parse_args(argv)
    pytorch = not args.no_pytorch
    if pytorch:
        try:
            import torch  # noqa: F401
        except ImportError:
            print(
                "PyTorch is not installed: annlib only (see benchmarks/requirements.txt)",
                file=sys.stderr,
            )
            pytorch = False
    table = run(
        args.target,
        names=args.only,
        all_digits=args.all_digits,
        pytorch=pytorch and not (args.convnet or args.lenet),
        convnet=args.convnet,
        lenet=args.lenet,
    )
    shown = table.copy()
    for column in shown.columns:
        if column.startswith(("s ", "PyTorch: s")):
            shown[column] = shown[column].map(
                lambda v: "never" if v is None or v != v else f"{v:.1f}"
            )
        elif "accuracy" in column:
            shown[column] = shown[column].map("{:.1%}".format)
    if args.markdown:
        print("| recipe | " + " | ".join(shown.columns) + " |")
        print("|" + "---|" * (len(shown.columns) + 1))
        for name, row in shown.iterrows():
            print("| " + " | ".join([name, *map(str, row.tolist())]) + " |")
    else:
        print(shown.to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
