// The Referrers panel: the leaderboard as bars: hires, introductions and conversion.

import { describe, gql } from "./api.js";
import { groupedBars } from "./charts.js";
import { SENIORITY, h, loading, options, panelError, words } from "./dom.js";

const BOARD = `query($min: Seniority) { referrerLeaderboard(first: 8, orderBy: HIRES, minSeniority: $min) {
  referrer { id name seniority } referrals introductions hires conversion } }`;

export async function loadReferrers({ body, minSeniority }) {
  loading(body);
  try {
    const rows = (await gql(BOARD, { min: minSeniority || null })).referrerLeaderboard;
    if (!rows.length) {
      body.replaceChildren(h("p", { class: "muted" }, "No referrer at this seniority has made a referral."));
      return;
    }
    body.replaceChildren(
      groupedBars(
        rows.map((r) => ({
          label: r.referrer.name,
          values: { hires: r.hires, introductions: r.introductions, conversion: Math.round(r.conversion * 100) },
          note: `${r.referrals} referral${r.referrals === 1 ? "" : "s"} made`,
        })),
        {
          title: "Referrers by hires, with introductions and conversion",
          measures: [
            { key: "hires", label: "Hires (solid)", unit: "hired", className: "m-hires" },
            { key: "introductions", label: "Introductions (striped)", unit: "introduced", className: "m-intros" },
            { key: "conversion", label: "Conversion, % hired (outlined)", unit: "% hired", className: "m-conv", max: 100 },
          ],
        },
      ),
    );
  } catch (error) {
    panelError(body, error, describe);
  }
}

export function wireReferrersForm({ form, onChange }) {
  const select = form.elements.minSeniority;
  options(select, SENIORITY.map((s) => [s, `${words(s)} and above`]), { blank: "Everyone" });
  select.addEventListener("change", () => onChange(select.value));
}
