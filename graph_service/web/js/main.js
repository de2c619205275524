// The page: picks the candidate (search or ?candidate=ID), loads the panels, keeps them live.

import { describe, gql } from "./api.js";
import { clearError, h, options, showError, words } from "./dom.js";
import { subscribe } from "./live.js";
import { loadLadder, wireInterviewForm } from "./ladder.js";
import { loadReach } from "./reach.js";
import { loadReferrals, wireReferralForm } from "./referrals.js";
import { loadReferrers, wireReferrersForm } from "./referrers.js";
import { loadTargets, wireWatchForm } from "./targets.js";

const SEARCH = `query($q: String!) { people(first: 10, filter: {nameContains: $q}) { edges { node {
  id name headline currentEmployment { title company { name } } } } } }`;
const PERSON = `query($id: ID!) { person(id: $id) { id name headline seniority
  currentEmployment { title company { name } } } }`;
const LISTS = `{ companies(first: 100) { edges { node { id name } } } people(first: 100) { edges { node { id name } } } }`;
const REFERRAL_CHANGED = `subscription($id: ID!) { referralChanged(candidateId: $id) { id status company { name } } }`;
const INTERVIEW_CHANGED = `subscription($id: ID!) { interviewChanged(candidateId: $id) { stage outcome company { name } } }`;

const state = { candidate: null, minSeniority: "", stopLive: [], lists: null };
const $ = (id) => document.getElementById(id);
const body = (panel) => $(`${panel}-body`);

function candidate() {
  return state.candidate;
}

function setLive(text) {
  $("live").textContent = text;
}

const panels = {
  targets: () => loadTargets({ candidateId: state.candidate, body: body("targets"), onChange: () => panels.targets() }),
  ladder: () => loadLadder({ candidateId: state.candidate, body: body("ladder"), onChange: () => panels.ladder() }),
  referrals: () => loadReferrals({ candidateId: state.candidate, body: body("referrals"), onChange: () => panels.referrals() }),
  referrers: () => loadReferrers({ body: body("referrers"), minSeniority: state.minSeniority }),
  reach: () => loadReach({ candidateId: state.candidate, body: body("reach") }),
};

async function fillLists() {
  if (state.lists) return;
  const data = await gql(LISTS);
  const companies = data.companies.edges.map((e) => [e.node.id, e.node.name]);
  const people = data.people.edges.map((e) => [e.node.id, e.node.name]);
  options($("watch-company"), companies, { blank: "Choose a company" });
  options($("iv-company"), companies, { blank: "Choose a company" });
  options($("iv-interviewer"), [], { blank: "Choose a company first" });
  options($("rf-company"), companies, { blank: "Choose a company" });
  options($("rf-contact"), [], { blank: "No contact" });
  options($("rf-referrer"), people, { blank: "Choose a referrer" });
  state.lists = { companies, people };
}

function goLive() {
  state.stopLive.forEach((stop) => stop());
  const id = state.candidate;
  const onState = (s) => {
    document.body.dataset.live = s;
    if (s === "reconnecting") setLive("Live updates: reconnecting…");
  };
  state.stopLive = [
    subscribe(REFERRAL_CHANGED, { id }, (payload) => {
      if (payload.errors) return setLive(`Live updates stopped: ${payload.errors[0].message}`);
      const r = payload.data.referralChanged;
      setLive(`Live: the referral at ${r.company.name} is now ${words(r.status)}.`);
      panels.referrals();
    }, onState),
    subscribe(INTERVIEW_CHANGED, { id }, (payload) => {
      if (payload.errors) return setLive(`Live updates stopped: ${payload.errors[0].message}`);
      const iv = payload.data.interviewChanged;
      setLive(`Live: ${words(iv.stage).toLowerCase()} interview at ${iv.company.name}, ${words(iv.outcome).toLowerCase()}.`);
      panels.ladder();
    }, onState),
  ];
}

async function choose(id, { push = true } = {}) {
  state.candidate = id;
  document.body.dataset.state = "loading";
  if (push) history.pushState({ id }, "", `/?candidate=${encodeURIComponent(id)}`);
  const header = $("candidate");
  let person;
  try {
    person = (await gql(PERSON, { id })).person;
  } catch (error) {
    $("panels").hidden = true;
    header.replaceChildren(h("p", { class: "error", role: "alert" }, `Could not open candidate “${id}”: ${describe(error)}`));
    document.body.dataset.state = "error";
    return;
  }
  const job = person.currentEmployment;
  header.replaceChildren(
    h("p", { class: "eyebrow" }, "Candidate"),
    h("h2", { id: "candidate-name" }, person.name),
    h("p", { class: "muted" }, [person.headline, job ? `${job.title} at ${job.company.name}` : "no current position"].filter(Boolean).join(" · ")),
  );
  document.title = `${person.name} · Networking dashboard`;
  $("panels").hidden = false;
  performance.mark("candidate-shown");
  goLive();
  const lists = fillLists().catch((error) => showError($("search-error"), error, describe));
  await Promise.all([
    lists,
    ...Object.entries(panels).map(async ([name, load]) => {
      await load();
      performance.mark(`panel-${name}-loaded`);
    }),
  ]);
  performance.mark("panels-loaded");
  document.body.dataset.state = "loaded";
}

function wireSearch() {
  const form = $("search-form");
  const input = $("search");
  const list = $("search-results");
  const error = $("search-error");
  let timer = null;
  async function run() {
    clearError(error);
    const q = input.value.trim();
    if (!q) {
      list.replaceChildren();
      return;
    }
    try {
      const people = (await gql(SEARCH, { q })).people.edges.map((e) => e.node);
      list.replaceChildren(
        ...(people.length
          ? people.map((p) =>
              h(
                "li",
                {},
                h(
                  "button",
                  {
                    type: "button",
                    class: "result",
                    "data-person": p.id,
                    onclick: () => {
                      list.replaceChildren();
                      input.value = "";
                      choose(p.id);
                      $("candidate").focus();
                    },
                  },
                  h("strong", {}, p.name),
                  h("span", { class: "muted" }, p.currentEmployment ? ` — ${p.currentEmployment.title}, ${p.currentEmployment.company.name}` : p.headline ? ` — ${p.headline}` : ""),
                ),
              ),
            )
          : [h("li", { class: "muted" }, `Nobody’s name contains “${q}”.`)]),
      );
    } catch (failure) {
      showError(error, failure, describe);
    }
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
}

function start() {
  $("candidate").tabIndex = -1;
  wireSearch();
  wireWatchForm({ form: $("watch-form"), candidate, onChange: () => panels.targets() });
  wireInterviewForm({ form: $("interview-form"), candidate, onChange: () => panels.ladder() });
  wireReferralForm({ form: $("referral-form"), candidate, onChange: () => panels.referrals() });
  wireReferrersForm({
    form: $("referrers-form"),
    onChange: (level) => {
      state.minSeniority = level;
      panels.referrers();
    },
  });
  window.addEventListener("popstate", () => {
    const id = new URLSearchParams(location.search).get("candidate");
    if (id) choose(id, { push: false });
  });
  const id = new URLSearchParams(location.search).get("candidate");
  if (id) choose(id, { push: false });
  else document.body.dataset.state = "idle";
}

start();
