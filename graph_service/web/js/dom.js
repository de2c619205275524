// Building elements, and the words and colours the panels share.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") element.className = value;
    else if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export const SENIORITY = ["ENTRY", "SENIOR", "MANAGER", "DIRECTOR", "VP", "EXECUTIVE", "OWNER"];

// Light to dark, so order reads without colour too; every use also prints the level's name.
export const SENIORITY_COLOUR = {
  ENTRY: "#fde68a",
  SENIOR: "#a7d676",
  MANAGER: "#4fb386",
  DIRECTOR: "#26838f",
  VP: "#2f5f8f",
  EXECUTIVE: "#443a83",
  OWNER: "#2d0a4e",
  NONE: "#e2e8f0",
};

const DARK = new Set(["DIRECTOR", "VP", "EXECUTIVE", "OWNER"]);

export function inkOn(level) {
  return DARK.has(level) ? "#ffffff" : "#111827";
}

const ABBREVIATIONS = new Set(["vp", "hr"]);

export function words(value) {
  if (value === null || value === undefined) return "none";
  return String(value)
    .toLowerCase()
    .split("_")
    .map((part, i) => {
      if (ABBREVIATIONS.has(part)) return part.toUpperCase();
      return i === 0 ? part.charAt(0).toUpperCase() + part.slice(1) : part;
    })
    .join(" ");
}

export function seniorityBadge(level) {
  const key = level || "NONE";
  return h(
    "span",
    { class: "badge", style: `background:${SENIORITY_COLOUR[key]};color:${inkOn(key)}` },
    level ? words(level) : "No position",
  );
}

export function showError(target, error, describe) {
  target.hidden = false;
  target.textContent = describe(error);
}

export function clearError(target) {
  target.hidden = true;
  target.textContent = "";
}

export function panelError(body, error, describe) {
  body.replaceChildren(h("p", { class: "error", role: "alert" }, describe(error)));
}

export function loading(body) {
  body.replaceChildren(h("p", { class: "muted" }, "Loading…"));
}

export function options(select, items, { blank = null, selected = null } = {}) {
  const chosen = selected ?? select.value;
  select.replaceChildren(
    ...(blank === null ? [] : [h("option", { value: "" }, blank)]),
    ...items.map(([value, label]) => h("option", { value, selected: value === chosen }, label)),
  );
}
