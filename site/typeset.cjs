// Typesets the website's maths once, when the site is built, with MathJax 3 (npm's
// mathjax-full): each formula becomes an SVG with hidden MathML beside it for screen
// readers, so the pages need no script to show maths and no font files.
//
// Used by tools/website.py: reads {"formulas": [[tex, display], ...]} as JSON on stdin and
// writes {"css": "...", "html": ["<mjx-container ...>", ...], "errors": [...]} on stdout,
// in the same order. The same input gives the same output.
"use strict";

const { mathjax } = require("mathjax-full/js/mathjax.js");
const { TeX } = require("mathjax-full/js/input/tex.js");
const { SVG } = require("mathjax-full/js/output/svg.js");
const { liteAdaptor } = require("mathjax-full/js/adaptors/liteAdaptor.js");
const { RegisterHTMLHandler } = require("mathjax-full/js/handlers/html.js");
const { AssistiveMmlHandler } = require("mathjax-full/js/a11y/assistive-mml.js");
const { AllPackages } = require("mathjax-full/js/input/tex/AllPackages.js");

const adaptor = liteAdaptor();
AssistiveMmlHandler(RegisterHTMLHandler(adaptor));
// every TeX package but those that need a page of their own (proof trees)
const tex = new TeX({ packages: AllPackages.filter((name) => name !== "bussproofs") });
// "local": each formula carries the glyphs it draws, so it stands alone on any page
const svg = new SVG({ fontCache: "local" });
const document = mathjax.document("", { InputJax: tex, OutputJax: svg });

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { formulas } = JSON.parse(input);
  const html = [];
  const errors = [];
  for (const [source, display] of formulas) {
    const node = document.convert(source, { display });
    if (adaptor.tags(node, "mjx-merror").length || adaptor.tags(node, "merror").length) {
      errors.push(source);
    }
    html.push(adaptor.outerHTML(node));
  }
  const css = adaptor.textContent(svg.styleSheet(document));
  process.stdout.write(JSON.stringify({ css, html, errors }));
});
