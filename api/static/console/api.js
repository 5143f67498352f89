// GraphQL over fetch with the signed-in credential; a 401 signs out.
let credential = null;
const listeners = [];

export function signIn(key) {
  credential = key;
  sessionStorage.setItem("taggraph-key", key);
}

export function signOut() {
  credential = null;
  sessionStorage.removeItem("taggraph-key");
  listeners.forEach((listener) => listener());
}

export function onSignOut(listener) {
  listeners.push(listener);
}

export function storedKey() {
  return window.TAGGRAPH_LOCAL_KEY || sessionStorage.getItem("taggraph-key");
}

export class GraphQLFailure extends Error {
  constructor(errors) {
    super(errors.map((error) => error.message).join("; "));
    this.codes = errors.map((error) => error.extensions?.code);
  }
}

export async function gql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${credential}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (response.status === 401) {
    signOut();
    throw new GraphQLFailure(body.errors || [{ message: "UNAUTHENTICATED" }]);
  }
  if (body.errors) {
    throw new GraphQLFailure(body.errors);
  }
  return body.data;
}

// A mutation's payload, or an Error carrying its userErrors (the reasons the API gives).
export async function mutate(query, variables, field) {
  const payload = (await gql(query, variables))[field];
  if (payload.userErrors && payload.userErrors.length) {
    throw new Error(payload.userErrors.map((error) => `${error.message} (${error.code})`).join("; "));
  }
  return payload;
}

// A file from a REST export route, saved by the browser (the credential goes in the header,
// so a plain link cannot do it).
export async function download(path, body, filename) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${credential}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const answer = await response.json().catch(() => ({}));
    throw new Error(answer.errors?.map((error) => error.message).join("; ") || response.statusText);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
