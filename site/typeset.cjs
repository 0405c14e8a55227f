// Typesets the website's maths once, when the site is built, with MathJax 3 (npm's
// mathjax-full): each formula becomes an SVG with hidden MathML beside it for screen
// readers, so the pages need no script to show maths and no font files.
//
// Used by tools/website.py: reads {"pages": [[[tex, display], ...], ...]} as JSON on stdin
// (each page's formulas) and writes {"css": "...", "pages": [["<mjx-container ...>", ...],
// ...], "errors": [tex, ...]} on stdout, in the same order. The same input gives the same
// output.
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
// Every TeX package but those that need a page of their own (proof trees), and but the two
// that would draw a mistyped command (\sigmma) in red instead of reporting it
const packages = AllPackages.filter((name) => !["bussproofs", "noundefined", "noerrors"].includes(name));

// One MathJax document per page: its equation labels and numbers are the page's own
function page() {
  const tex = new TeX({ packages });
  // "local": each formula carries the glyphs it draws, so it stands alone on any page
  const svg = new SVG({ fontCache: "local" });
  return { svg, document: mathjax.document("", { InputJax: tex, OutputJax: svg }) };
}

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { pages } = JSON.parse(input);
  const errors = [];
  let css = "";
  const drawn = pages.map((formulas) => {
    const { svg, document } = page();
    const html = formulas.map(([source, display]) => {
      const node = document.convert(source, { display });
      if (adaptor.tags(node, "mjx-merror").length || adaptor.tags(node, "merror").length) {
        errors.push(source);
      }
      return adaptor.outerHTML(node);
    });
    css = adaptor.textContent(svg.styleSheet(document));
    return html;
  });
  process.stdout.write(JSON.stringify({ css, pages: drawn, errors }));
});
