// Explorers that work on a page with no Python behind them (tools/site_explorers.py).
//
// annlib drew each explorer ahead, in the notebook's kernel, in every state the page
// offers (annlib/widgets/_ahead.py), and kept what it showed: its pictures, its lines and
// tables. The controls here compute nothing: each move looks up the state the controls
// show and puts annlib's texts on the page. A state that was not drawn ahead shows a
// message instead, never the picture of another state.
"use strict";

(() => {
  // Two numbers are the same value if they differ only by the float noise of typing.
  const same = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

  const setUp = (root) => {
    const data = JSON.parse(root.querySelector("script.explorer-data").textContent);
    const runs = data.runs.map((run) => run.split(" ").filter(Boolean).map(Number));
    const text = (ids) =>
      ids
        .split(" ")
        .filter(Boolean)
        .map((run) => runs[run].map((piece) => data.pieces[piece]).join(""))
        .join("");
    const start = data.controls.map((control) => control.at);
    let at = [...start]; // each control's position; null: a typed value between its steps
    const elements = data.controls.map((_, i) => root.querySelector(`[data-control="${i}"]`));
    const views = [...root.querySelectorAll("[data-view]")];
    const picture = root.querySelector(".explorer-picture");
    const alt = picture && picture.getAttribute("aria-label"); // the notebook's, of the start
    const words = root.querySelector(".explorer-words");
    const message = root.querySelector(".explorer-message");
    const menu = root.querySelector("[data-menu]");

    // What the explorer shows at the controls' positions, or the message if not drawn.
    const show = () => {
      const key = at.join(",");
      const ids = at.includes(null) ? undefined : data.states[key];
      message.hidden = Boolean(ids);
      views.forEach((view) => (view.hidden = !ids));
      if (!ids) {
        words.textContent = ""; // the message announces itself (role="status")
        return;
      }
      views.forEach((view, k) => {
        if (view.dataset.shown !== ids[k]) {
          view.innerHTML = text(ids[k]);
          view.dataset.shown = ids[k];
        }
      });
      const described = text(ids[ids.length - 1]);
      words.textContent = described;
      if (picture) picture.setAttribute("aria-label", key === start.join(",") ? alt : described);
    };

    // Control i shows its position (a value between steps leaves its slider where it was);
    // its number box too, unless the reader is typing in it.
    const render = (i, typing = false) => {
      const control = data.controls[i];
      const element = elements[i];
      if (control.kind === "toggle") {
        element.setAttribute("aria-pressed", String(Boolean(control.values[at[i]])));
        return;
      }
      if (at[i] === null) return;
      const label = control.labels[at[i]];
      const range = element.querySelector("input[type=range]");
      range.value = String(at[i]);
      range.setAttribute("aria-valuetext", label);
      const box = element.querySelector("input[type=number]");
      if (box && !typing) box.value = label;
      const output = element.querySelector("output");
      if (output) output.textContent = label;
    };

    const choose = (option) => {
      for (const element of root.querySelectorAll("[data-menu-option]")) {
        element.hidden = element.dataset.menuOption !== option;
      }
    };

    data.controls.forEach((control, i) => {
      const element = elements[i];
      if (control.kind === "toggle") {
        element.addEventListener("click", () => {
          at[i] = at[i] === 1 ? 0 : 1;
          render(i);
          show();
        });
        return;
      }
      const range = element.querySelector("input[type=range]");
      range.addEventListener("input", () => {
        at[i] = Number(range.value);
        render(i);
        show();
      });
      const box = element.querySelector("input[type=number]");
      if (box) {
        box.addEventListener("input", () => {
          // a browser reports "" for an empty box and for one it cannot read as a number
          const typed = box.value === "" ? NaN : Number(box.value);
          const k = control.values.findIndex((value) => same(typed, value));
          at[i] = k < 0 ? null : k;
          render(i, true);
          show();
        });
        box.addEventListener("change", () => render(i)); // leaving the box: as the slider
      }
    });
    // Back to the saved state: every control, the menu and the views. Also done once at
    // the start, since a browser may restore a reloaded page's form values.
    const reset = () => {
      at = [...start];
      data.controls.forEach((_, i) => render(i));
      if (menu) {
        menu.selectedIndex = data.menu.at;
        choose(menu.value);
      }
      show();
    };
    if (menu) menu.addEventListener("change", () => choose(menu.value));
    root.querySelector("[data-reset]").addEventListener("click", reset);
    reset();
    for (const element of root.querySelectorAll("[disabled]")) element.disabled = false;
    root.classList.add("explorer-ready");
  };

  const start = () => document.querySelectorAll(".explorer-live").forEach(setUp);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
