// Drawings without a library: a path as a small SVG graph, and stacked or grouped bars in HTML.

import { SENIORITY_COLOUR, h, inkOn, words } from "./dom.js";

const SVG = "http://www.w3.org/2000/svg";

function s(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  for (const child of children) element.append(child instanceof Node ? child : document.createTextNode(child));
  return element;
}

function initials(name) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0].toUpperCase())
    .join("");
}

function tieText(step) {
  const parts = [`${step.from.name} – ${step.to.name}`, `${words(step.context)} tie`, `strength ${step.strength.toFixed(2)}`];
  if (step.lastInteraction) parts.push(`last contact ${step.lastInteraction}`);
  if (step.evidence) parts.push(`evidence: ${step.evidence}`);
  return parts.join(", ");
}

// People as nodes coloured by seniority (and labelled), ties as edges whose width is their strength;
// each tie is focusable and tells its context and evidence in the caption below.
export function pathGraph(path, seniorityOf) {
  const people = path.people;
  const gap = 120;
  const width = Math.max(240, gap * (people.length - 1) + 80);
  const y = 34;
  const caption = h("p", { class: "tie-caption", "aria-live": "polite" }, "Focus or hover a tie to read it.");
  const svg = s("svg", {
    viewBox: `0 0 ${width} 92`,
    width: String(width),
    height: "92",
    role: "group",
    "aria-label": `Path of ${path.hops} hop${path.hops === 1 ? "" : "s"}, strength ${path.strength.toFixed(2)}`,
    class: "path-graph",
  });
  path.steps.forEach((step, i) => {
    const x1 = 40 + i * gap;
    const x2 = x1 + gap;
    const label = tieText(step);
    const edge = s(
      "g",
      { tabindex: "0", role: "img", "aria-label": label, class: "tie" },
      s("title", {}, label),
      s("line", { x1, y1: y, x2, y2: y, "stroke-width": String(1.5 + step.strength * 9), class: "tie-line" }),
      s("text", { x: (x1 + x2) / 2, y: y - 14, "text-anchor": "middle", class: "tie-label" }, step.strength.toFixed(2)),
    );
    const show = () => {
      caption.textContent = label;
    };
    edge.addEventListener("mouseenter", show);
    edge.addEventListener("focus", show);
    svg.append(edge);
  });
  people.forEach((person, i) => {
    const x = 40 + i * gap;
    const level = seniorityOf(person) || "NONE";
    svg.append(
      s(
        "g",
        { class: "node" },
        s("title", {}, `${person.name}, ${level === "NONE" ? "no position" : words(level)}`),
        s("circle", { cx: x, cy: y, r: 18, fill: SENIORITY_COLOUR[level], stroke: "#1f2937", "stroke-width": "1" }),
        s("text", { x, y: y + 5, "text-anchor": "middle", fill: inkOn(level), class: "node-initials" }, initials(person.name)),
        s("text", { x, y: y + 36, "text-anchor": "middle", class: "node-name" }, person.name.split(" ")[0]),
        s("text", { x, y: y + 52, "text-anchor": "middle", class: "node-level" }, level === "NONE" ? "—" : words(level)),
      ),
    );
  });
  return h("figure", { class: "path-figure" }, h("div", { class: "svg-wrap" }, svg), caption);
}

// One horizontal bar per row, split into coloured segments, each labelled with its count.
export function stackedBars(rows, { keys, colourOf, labelOf, title }) {
  const total = Math.max(1, ...rows.map((row) => keys.reduce((sum, key) => sum + (row.values[key] || 0), 0)));
  return h(
    "figure",
    { class: "bars" },
    h("figcaption", { class: "sr-only" }, title),
    ...rows.map((row) => {
      const sum = keys.reduce((acc, key) => acc + (row.values[key] || 0), 0);
      return h(
        "div",
        { class: "bar-row" },
        h("span", { class: "bar-label" }, row.label),
        h(
          "div",
          { class: "bar-track", role: "img", "aria-label": `${row.label}: ${sum} in all; ${keys.filter((k) => row.values[k]).map((k) => `${labelOf(k)} ${row.values[k]}`).join(", ") || "nobody"}` },
          ...keys
            .filter((key) => row.values[key])
            .map((key) =>
              h(
                "span",
                {
                  class: "bar-segment",
                  title: `${labelOf(key)}: ${row.values[key]}`,
                  style: `width:${(100 * row.values[key]) / total}%;background:${colourOf(key)};color:${inkOn(key)}`,
                },
                (100 * row.values[key]) / total >= 6 ? String(row.values[key]) : "",
              ),
            ),
        ),
        h("span", { class: "bar-total" }, String(sum)),
      );
    }),
    h(
      "ul",
      { class: "legend", "aria-label": "Legend" },
      ...keys.map((key) => h("li", {}, h("span", { class: "swatch", style: `background:${colourOf(key)}` }), labelOf(key))),
    ),
  );
}

// Several measures per row as separate bars (solid, striped, outlined), values written out; a
// measure with its own `max` (a percentage, say) has its own scale.
export function groupedBars(rows, { measures, title }) {
  const shared = Math.max(1, ...rows.flatMap((row) => measures.filter((m) => !m.max).map((m) => row.values[m.key] || 0)));
  return h(
    "figure",
    { class: "bars grouped" },
    h("figcaption", { class: "sr-only" }, title),
    ...rows.map((row) =>
      h(
        "div",
        { class: "group-row" },
        h("span", { class: "bar-label" }, row.label),
        h(
          "div",
          { class: "group-bars" },
          ...measures.map((m) =>
            h(
              "div",
              { class: "mini" },
              h("span", { class: `mini-bar ${m.className}`, style: `width:${(100 * (row.values[m.key] || 0)) / (m.max || shared)}%` }),
              h("span", { class: "mini-value" }, `${row.values[m.key] || 0} ${m.unit}`),
            ),
          ),
        ),
        row.note ? h("span", { class: "bar-note" }, row.note) : null,
      ),
    ),
    h(
      "ul",
      { class: "legend", "aria-label": "Legend" },
      ...measures.map((m) => h("li", {}, h("span", { class: `swatch ${m.className}` }), m.label)),
    ),
  );
}
