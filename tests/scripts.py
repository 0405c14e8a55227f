"""Load a script of benchmarks/ or tools/ as a module, for its tests."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_script(relative: str, name: str):
    """The script at ROOT/relative as the module ``name`` (registered in sys.modules, where
    dataclasses look their module up); the caller removes it when done."""
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
