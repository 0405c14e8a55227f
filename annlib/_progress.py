"""Progress bars that end in their finished state, live and in a saved notebook.

In JupyterLab a progress bar is a widget. A notebook saved without widget state
(as the course's notebooks are, so that they stay small and diff well) keeps
only the bar's plain-text form, and tqdm writes that text once, when the bar
appears: every saved bar would read "0%". Here the bar is shown with a display
id and shown again when it closes, so the saved text is the finished bar
("training: 100%|##########| 20/20 [...]"), while the live widget is unchanged.
Outside a notebook it is tqdm's ordinary text bar.
"""

from __future__ import annotations


def _in_notebook() -> bool:
    """True inside a Jupyter kernel (where a widget bar can be shown)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def progress_bar(total: int, *, desc: str, unit: str, show: bool = True):
    """A tqdm bar of ``total`` steps; in a notebook, one whose final state is saved."""
    if show and _in_notebook():
        try:
            return _NotebookBar(total=total, desc=desc, unit=unit, leave=True)
        except ImportError:  # ipywidgets missing: fall back to text
            pass
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, disable=not show, leave=True)


_MADE: dict = {}  # the bar's class, made on first use (a dict, so no global name changes)


def _NotebookBar(**kwargs):
    """tqdm's notebook bar, displayed with a display id and displayed again when it closes.

    The class is made on first use, so that importing annlib does not import ipywidgets.
    """
    if "bar" not in _MADE:
        from IPython.display import display
        from tqdm.notebook import tqdm

        class NotebookBar(tqdm):
            def __init__(self, **kwargs):
                super().__init__(display=False, **kwargs)
                self._handle = display(self.container, display_id=True)
                self.displayed = True

            def close(self):
                already = self.disable or getattr(self, "_shown_closed", False)
                super().close()
                if not already:
                    self._shown_closed = True
                    # the same widget again: its text/plain is now the finished bar
                    self._handle.update(self.container)

        _MADE["bar"] = NotebookBar
    return _MADE["bar"](**kwargs)
