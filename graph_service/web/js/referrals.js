// The Referrals panel: a board with one column per status; only allowed moves are buttons.

import { describe, gql } from "./api.js";
import { clearError, h, loading, options, panelError, showError, words } from "./dom.js";

const STATUSES = ["MADE", "INTRODUCED", "INTERVIEWING", "OFFERED", "HIRED", "DECLINED", "WITHDRAWN"];
const REFERRALS = `query($id: ID!) { referrals(first: 100, filter: {candidateId: $id}) { edges { node {
  id status crossFirm roleTitle note createdAt allowedNext
  referrer { name } company { id name } contact { name } history { status at note } } } } }`;
const MOVE = `mutation($input: UpdateReferralStatusInput!) { updateReferralStatus(input: $input) { id status } }`;
const LOG = `mutation($input: LogReferralInput!) { logReferral(input: $input) { referral { id } } }`;
const STAFF = `query($company: ID!) { people(first: 100, filter: {companyId: $company}) { edges { node { id name } } } }`;

function card(referral, onChange) {
  const error = h("p", { class: "error", role: "alert", hidden: true });
  const moves = referral.allowedNext.map((status) => {
    const button = h("button", { type: "button", class: "move", "data-status": status }, `Move to ${words(status)}`);
    button.addEventListener("click", async () => {
      clearError(error);
      button.disabled = true;
      try {
        await gql(MOVE, { input: { id: referral.id, status } });
        onChange();
      } catch (failure) {
        button.disabled = false;
        showError(error, failure, describe);
      }
    });
    return button;
  });
  return h(
    "li",
    { class: "card referral", "data-referral": referral.id },
    h("p", { class: "ref-company" }, h("strong", {}, referral.company.name), referral.crossFirm ? h("span", { class: "tag" }, "⇄ cross-firm") : null),
    h("p", {}, h("span", { class: "label" }, "Referrer: "), referral.referrer.name),
    h("p", {}, h("span", { class: "label" }, "Contact: "), referral.contact ? referral.contact.name : "none named"),
    referral.roleTitle ? h("p", {}, h("span", { class: "label" }, "Role: "), referral.roleTitle) : null,
    h(
      "details",
      {},
      h("summary", {}, `History (${referral.history.length})`),
      h("ol", { class: "history" }, ...referral.history.map((c) => h("li", {}, `${words(c.status)} · ${c.at.slice(0, 10)}`, c.note ? ` — ${c.note}` : ""))),
    ),
    moves.length ? h("div", { class: "moves", role: "group", "aria-label": "Allowed next statuses" }, ...moves) : h("p", { class: "muted" }, "Final: no further moves."),
    error,
  );
}

export async function loadReferrals({ candidateId, body, onChange }) {
  loading(body);
  try {
    const referrals = (await gql(REFERRALS, { id: candidateId })).referrals.edges.map((e) => e.node);
    const columns = STATUSES.map((status) => {
      const mine = referrals.filter((r) => r.status === status);
      return h(
        "section",
        { class: `column column-${status.toLowerCase()}`, "data-status": status, "aria-label": `${words(status)}: ${mine.length}` },
        h("h3", {}, words(status), " ", h("span", { class: "count" }, `(${mine.length})`)),
        h("ul", { class: "cards" }, ...mine.map((r) => card(r, onChange))),
      );
    });
    body.replaceChildren(h("div", { class: "board" }, ...columns));
  } catch (error) {
    panelError(body, error, describe);
  }
}

export function wireReferralForm({ form, candidate, onChange }) {
  const error = form.querySelector(".error");
  const { referrerId, companyId, contactId, note } = form.elements;
  companyId.addEventListener("change", async () => {
    clearError(error);
    if (!companyId.value) return;
    try {
      const people = (await gql(STAFF, { company: companyId.value })).people.edges.map((e) => e.node);
      options(contactId, people.filter((p) => p.id !== candidate()).map((p) => [p.id, p.name]), { blank: "No contact" });
    } catch (failure) {
      showError(error, failure, describe);
    }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearError(error);
    const input = { referrerId: referrerId.value, candidateId: candidate(), companyId: companyId.value };
    if (contactId.value) input.contactId = contactId.value;
    if (note.value.trim()) input.note = note.value.trim();
    try {
      await gql(LOG, { input });
      note.value = "";
      onChange();
    } catch (failure) {
      showError(error, failure, describe);
    }
  });
}
