// The Ladder panel: stages met per company, the state, the next rung; forms to log and settle interviews.

import { describe, gql } from "./api.js";
import { clearError, h, loading, options, panelError, seniorityBadge, showError, words } from "./dom.js";
import { PATH_FIELDS, drawPath, targetLine } from "./paths.js";

const LADDER = `query($id: ID!) { interviewLadder(candidateId: $id) {
  company { id name } state furthestStage mostSeniorMet withdrewAfterFirstStage hiredRoleTitle
  interviews { id stage date outcome interviewer { name seniority } }
  nextRung { ${PATH_FIELDS} } } }`;
const STAFF = `query($company: ID!) { people(first: 100, filter: {companyId: $company}) {
  edges { node { id name seniority } } } }`;
const LOG = `mutation($input: LogInterviewInput!) { logInterview(input: $input) { interview { id } } }`;
const SETTLE = `mutation($input: UpdateInterviewOutcomeInput!) { updateInterviewOutcome(input: $input) { id } }`;

export const OUTCOMES = ["PENDING", "ADVANCED", "REJECTED", "WITHDRAWN", "OFFER", "HIRED"];
const STATE_MARK = { IN_PROGRESS: "●", OFFER: "★", HIRED: "✔", REJECTED: "✕", WITHDRAWN: "↩" };

function settleForm(interview, onChange) {
  const id = `settle-${interview.id}`;
  const select = h("select", { id }, ...OUTCOMES.filter((o) => o !== "PENDING").map((o) => h("option", { value: o }, words(o))));
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const form = h(
    "form",
    { class: "settle" },
    h("label", { for: id }, `Outcome of the ${words(interview.stage).toLowerCase()} interview`),
    h("div", { class: "row" }, select, h("button", { type: "submit" }, "Set outcome")),
    error,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError(error);
    try {
      await gql(SETTLE, { input: { id: interview.id, outcome: select.value } });
      onChange();
    } catch (failure) {
      showError(error, failure, describe);
    }
  });
  return form;
}

function ladderCard(ladder, onChange) {
  const stages = h(
    "ol",
    { class: "stages" },
    ...ladder.interviews.map((iv) =>
      h(
        "li",
        { class: `stage outcome-${iv.outcome.toLowerCase()}` },
        h("span", { class: "stage-name" }, words(iv.stage)),
        h("span", { class: "stage-who" }, iv.interviewer.name, " ", seniorityBadge(iv.interviewer.seniority)),
        h("span", { class: "stage-outcome" }, `${words(iv.outcome)} · ${iv.date}`),
        iv.outcome === "PENDING" ? settleForm(iv, onChange) : null,
      ),
    ),
  );
  const next = ladder.nextRung
    ? h("div", { class: "next-rung" }, h("h4", {}, "Next rung: ", targetLine(ladder.nextRung)), drawPath(ladder.nextRung))
    : h("p", { class: "muted" }, "No next rung within 3 hops.");
  return h(
    "article",
    { class: "card ladder", "data-company": ladder.company.id, "aria-labelledby": `l-${ladder.company.id}` },
    h(
      "header",
      { class: "card-head" },
      h("h3", { id: `l-${ladder.company.id}` }, ladder.company.name),
      h("span", { class: `state state-${ladder.state.toLowerCase()}`, "data-testid": "state" }, `${STATE_MARK[ladder.state] || ""} ${words(ladder.state)}`),
    ),
    h(
      "p",
      { class: "muted" },
      `Furthest stage: ${words(ladder.furthestStage)}; most senior met: ${words(ladder.mostSeniorMet)}`,
      ladder.withdrewAfterFirstStage ? "; withdrew after the first stage" : "",
      ladder.hiredRoleTitle ? `; hired as ${ladder.hiredRoleTitle}` : "",
    ),
    stages,
    next,
  );
}

export async function loadLadder({ candidateId, body, onChange }) {
  loading(body);
  try {
    const ladders = (await gql(LADDER, { id: candidateId })).interviewLadder;
    body.replaceChildren(
      ...(ladders.length ? ladders.map((l) => ladderCard(l, onChange)) : [h("p", { class: "muted" }, "No interviews yet.")]),
    );
  } catch (error) {
    panelError(body, error, describe);
  }
}

export function wireInterviewForm({ form, candidate, onChange }) {
  const error = form.querySelector(".error");
  const { companyId, interviewerId, date, outcome } = form.elements;
  options(outcome, OUTCOMES.map((o) => [o, words(o)]));
  date.value = new Date().toISOString().slice(0, 10);
  async function staff() {
    clearError(error);
    if (!companyId.value) {
      options(interviewerId, [], { blank: "Choose a company first" });
      return;
    }
    try {
      const people = (await gql(STAFF, { company: companyId.value })).people.edges.map((e) => e.node);
      options(
        interviewerId,
        people.filter((p) => p.id !== candidate()).map((p) => [p.id, `${p.name} (${words(p.seniority)})`]),
        { blank: "Choose an interviewer" },
      );
    } catch (failure) {
      showError(error, failure, describe);
    }
  }
  companyId.addEventListener("change", staff);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError(error);
    const input = {
      candidateId: candidate(),
      companyId: companyId.value,
      interviewerId: interviewerId.value,
      stage: form.elements.stage.value,
      date: date.value,
      outcome: outcome.value,
    };
    try {
      await gql(LOG, { input });
      onChange();
    } catch (failure) {
      showError(error, failure, describe);
      const culprit = failure.field && form.querySelector(`[name="${failure.field}"]`);
      if (culprit) culprit.setAttribute("aria-invalid", "true");
    }
  });
  return staff;
}
