// The Targets panel: per watched company, the most senior decision-maker in reach and the path there.

import { describe, gql } from "./api.js";
import { clearError, h, loading, panelError, showError } from "./dom.js";
import { PATH_FIELDS, drawPath, targetLine } from "./paths.js";

const WATCHED = `query($id: ID!) { person(id: $id) { targetCompanies { id name } } }`;
const REACH = `query($id: ID!, $ids: [ID!]) { reach(fromId: $id, maxHops: 3, first: 1, companyIds: $ids) {
  watched { company { id } withinHops } } }`;
// Ten companies a request, as aliases: fewer round trips, well inside the alias limit.
const PER_REQUEST = 10;

function bestPaths(count) {
  const variables = Array.from({ length: count }, (_, i) => `$c${i}: ID!`).join(", ");
  const fields = Array.from(
    { length: count },
    (_, i) => `c${i}: introductionPaths(fromId: $id, target: {companyId: $c${i}, minSeniority: MANAGER},
      orderBy: MOST_SENIOR, first: 3, maxHops: 3) { ...P }`,
  ).join("\n");
  return `query($id: ID!, ${variables}) { ${fields} }\nfragment P on IntroductionPath { ${PATH_FIELDS} }`;
}
const ADD = `mutation($id: ID!, $company: ID!) { addTargetCompany(personId: $id, companyId: $company) { id } }`;
const REMOVE = `mutation($id: ID!, $company: ID!) { removeTargetCompany(personId: $id, companyId: $company) { id } }`;

function within(counts) {
  if (!counts) return [h("p", { class: "muted" }, "Counting decision-makers in reach…")];
  return [
    h("p", { class: "counts-title" }, "Decision-makers in reach"),
    h(
      "dl",
      { class: "counts" },
      ...counts.flatMap((n, i) => [h("dt", {}, `within ${i + 1} hop${i ? "s" : ""}`), h("dd", {}, String(n))]),
    ),
  ];
}

function fillCard(slot, paths) {
  const [best, ...alternatives] = paths;
  if (!best) {
    slot.replaceChildren(h("p", { class: "muted" }, "No decision-maker here is within 3 hops."));
    return;
  }
  slot.replaceChildren(
    h("p", { class: "most-senior" }, h("span", { class: "label" }, "Most senior in reach: "), h("strong", { "data-testid": "most-senior" }, best.target.person.name), `, ${best.target.title || ""}`),
    drawPath(best),
    alternatives.length
      ? h(
          "div",
          { class: "alternatives" },
          h("h4", {}, "Next alternatives"),
          h("ol", {}, ...alternatives.map((path) => h("li", {}, targetLine(path), h("br"), h("span", { class: "muted" }, path.people.map((p) => p.name).join(" → "))))),
        )
      : h("p", { class: "muted" }, "No other decision-maker is within reach."),
  );
}

async function fillCards(cards, candidateId) {
  const variables = { id: candidateId };
  cards.forEach((c, i) => {
    variables[`c${i}`] = c.company.id;
  });
  try {
    const { data, errors } = await gql(bestPaths(cards.length), variables, { partial: true });
    cards.forEach((c, i) => {
      const slot = c.card.querySelector(".card-body");
      const error = errors.get(`c${i}`) || errors.get(null);
      if (error || !data[`c${i}`]) panelError(slot, error || new Error("no answer"), describe);
      else fillCard(slot, data[`c${i}`]);
    });
  } catch (error) {
    // One failing search empties the whole answer (its fields are non-null): ask per company,
    // so each card shows its own answer or its own error.
    if (cards.length > 1) await Promise.all(cards.map((c) => fillCards([c], candidateId)));
    else panelError(cards[0].card.querySelector(".card-body"), error, describe);
  }
}

export async function loadTargets({ candidateId, body, onChange }) {
  loading(body);
  let companies;
  try {
    companies = (await gql(WATCHED, { id: candidateId })).person.targetCompanies;
  } catch (error) {
    panelError(body, error, describe);
    return;
  }
  if (!companies.length) {
    body.replaceChildren(h("p", { class: "muted" }, "No companies on the watchlist yet: add one above."));
    return;
  }
  const cards = companies.map((company) => {
    const error = h("p", { class: "error", role: "alert", hidden: true });
    const remove = h("button", { type: "button", class: "quiet", "aria-label": `Remove ${company.name} from the watchlist` }, "Remove");
    remove.addEventListener("click", async () => {
      clearError(error);
      try {
        await gql(REMOVE, { id: candidateId, company: company.id });
        onChange();
      } catch (failure) {
        showError(error, failure, describe);
      }
    });
    const counts = h("div", { class: "within" }, within(null));
    const card = h(
      "article",
      { class: "card target", "data-company": company.id, "aria-labelledby": `t-${company.id}` },
      h("header", { class: "card-head" }, h("h3", { id: `t-${company.id}` }, company.name), remove),
      counts,
      h("div", { class: "card-body" }, h("p", { class: "muted" }, "Loading…")),
      error,
    );
    return { card, counts, company };
  });
  body.replaceChildren(...cards.map((c) => c.card));
  const reach = gql(REACH, { id: candidateId, ids: companies.map((c) => c.id) })
    .then((data) => {
      data.reach.watched.forEach((entry, i) => cards[i].counts.replaceChildren(...within(entry.withinHops)));
    })
    .catch((error) => cards.forEach((c) => panelError(c.counts, error, describe)));
  const batches = [];
  for (let start = 0; start < cards.length; start += PER_REQUEST) {
    batches.push(fillCards(cards.slice(start, start + PER_REQUEST), candidateId));
  }
  await Promise.all([reach, ...batches]);
}

export function wireWatchForm({ form, candidate, onChange }) {
  const error = form.querySelector(".error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError(error);
    const company = form.elements.company.value;
    if (!company) {
      showError(error, new Error("choose a company first"), (e) => e.message);
      return;
    }
    try {
      await gql(ADD, { id: candidate(), company });
      onChange();
    } catch (failure) {
      showError(error, failure, describe);
    }
  });
}
