// The Reach panel: people reached at each hop by seniority (stacked bars), and decision-makers by company.

import { describe, gql } from "./api.js";
import { stackedBars } from "./charts.js";
import { SENIORITY, SENIORITY_COLOUR, h, loading, panelError, words } from "./dom.js";

const REACH = `query($id: ID!) { reach(fromId: $id, maxHops: 3, first: 5) {
  levels { hops people bySeniority { seniority people } }
  companies { company { id name } decisionMakers withinHops } } }`;
const KEYS = [...SENIORITY, "NONE"];

export async function loadReach({ candidateId, body }) {
  loading(body);
  try {
    const reach = (await gql(REACH, { id: candidateId })).reach;
    const rows = reach.levels.map((level) => ({
      label: `${level.hops} hop${level.hops === 1 ? "" : "s"}`,
      values: Object.fromEntries(level.bySeniority.map((c) => [c.seniority || "NONE", c.people])),
    }));
    const companies = reach.companies.length
      ? h(
          "ol",
          { class: "company-reach" },
          ...reach.companies.map((c) =>
            h("li", {}, h("strong", {}, c.company.name), `: ${c.decisionMakers} decision-maker${c.decisionMakers === 1 ? "" : "s"}`, h("span", { class: "muted" }, ` (${c.withinHops.map((n, i) => `${n} within ${i + 1}`).join(", ")})`)),
          ),
        )
      : h("p", { class: "muted" }, "No decision-maker within 3 hops.");
    body.replaceChildren(
      stackedBars(rows, {
        keys: KEYS,
        colourOf: (k) => SENIORITY_COLOUR[k],
        labelOf: (k) => (k === "NONE" ? "No position" : words(k)),
        title: "People reached at each hop, by seniority",
      }),
      h("h3", {}, "Most decision-makers in reach"),
      companies,
    );
  } catch (error) {
    panelError(body, error, describe);
  }
}
