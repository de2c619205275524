// The GraphQL selection of an introduction path, and its drawing with a sentence beside it.

import { pathGraph } from "./charts.js";
import { h, words } from "./dom.js";

export const PATH_FIELDS = `hops strength
  target { person { id name } title seniority company { id name } }
  people { id name seniority }
  steps { strength context lastInteraction evidence from { name } to { name } }`;

export function pathSentence(path) {
  const names = path.people.map((p) => p.name).join(" → ");
  return `${names} (${path.hops} hop${path.hops === 1 ? "" : "s"}, strength ${path.strength.toFixed(2)})`;
}

export function drawPath(path) {
  const levels = new Map(path.people.map((p) => [p.id, p.seniority]));
  return h("div", { class: "path" }, pathGraph(path, (person) => levels.get(person.id)), h("p", { class: "path-text" }, pathSentence(path)));
}

export function targetLine(path) {
  const t = path.target;
  return `${t.person.name}, ${t.title || "position unknown"} (${words(t.seniority)})`;
}
