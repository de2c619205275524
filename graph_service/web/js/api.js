// GraphQL over HTTP for the page: bearer token from the session, a prompt on 401, errors in words.

const TOKEN_KEY = "graph-service-token";

export class ApiError extends Error {
  constructor(message, { code = "ERROR", field = null } = {}) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

let asking = null;

function askForToken(rejected) {
  if (asking) return asking;
  const dialog = document.getElementById("token-dialog");
  const form = document.getElementById("token-form");
  const input = document.getElementById("token");
  const error = form.querySelector(".error");
  error.hidden = !rejected;
  error.textContent = rejected ? "That token was not accepted. Try again." : "";
  asking = new Promise((resolve) => {
    form.addEventListener(
      "submit",
      () => {
        sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        input.value = "";
        asking = null;
        resolve();
      },
      { once: true },
    );
  });
  dialog.showModal();
  input.focus();
  return asking;
}

function asError(error) {
  const extensions = error.extensions || {};
  return new ApiError(error.message, { code: extensions.code || "ERROR", field: extensions.field || null });
}

// With `partial`, answers {data, errors} (errors by the first step of their path) instead of
// throwing on the first error: one request can fill several cards, each with its own error.
export async function gql(query, variables = {}, { partial = false } = {}) {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const headers = { "content-type": "application/json", accept: "application/json" };
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    let response;
    try {
      response = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    } catch {
      throw new ApiError("The service could not be reached. Check that it is running, then retry.", {
        code: "NETWORK",
      });
    }
    if (response.status === 401) {
      await askForToken(Boolean(bearer));
      continue;
    }
    let body;
    try {
      body = await response.json();
    } catch {
      throw new ApiError(`The service answered HTTP ${response.status} without GraphQL.`, { code: "HTTP" });
    }
    const errors = body.errors || [];
    if (partial && body.data) {
      return { data: body.data, errors: new Map(errors.map((e) => [e.path ? e.path[0] : null, asError(e)])) };
    }
    if (errors.length) throw asError(errors[0]);
    return body.data;
  }
  throw new ApiError("No accepted token was given.", { code: "UNAUTHENTICATED" });
}

export function describe(error) {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  return `Something went wrong: ${error.message}`;
}
