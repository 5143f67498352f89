import { gql, onSignOut, signIn, signOut, storedKey } from "./api.js";
import { h } from "./dom.js";
import { t, switchLanguage, currentLanguage } from "./i18n.js";
import { tagTrees } from "./tags.js";
import { customers } from "./customers.js";
import { reports } from "./reports.js";
import { rules } from "./rules.js";
import { customerPage } from "./customer.js";
import { lastFilter } from "./customers.js";

const VIEWS = { tags: tagTrees, customers, reports, rules };
let current = location.hash.slice(1) in VIEWS ? location.hash.slice(1) : "tags";
let signedIn = null;
let onCustomerPage = false;
let kept = null;  // the last list view, shown again as it was when coming back

// #customer/<id> opens a customer's page (from a list, a similar customer or a rule preview).
window.addEventListener("hashchange", () => {
  if (!signedIn) return;
  const [name, id] = location.hash.slice(1).split("/");
  if (name === "customer" && id) {
    const main = document.getElementById("main");
    const mine = ++shown;
    customerPage(decodeURIComponent(id), lastFilter(), () => history.back())
      .then((view) => { if (mine === shown) main.replaceChildren(view); })
      .catch((error) => main.replaceChildren(h("p", { class: "error" }, error.message)));
  } else if (name in VIEWS) {
    const back = onCustomerPage && kept?.name === name;  // back from a customer: as it was
    current = name;
    if (back) {
      chrome(signedIn);
      document.getElementById("main").replaceChildren(kept.view);
      ++shown;
    } else {
      show(signedIn);
    }
  }
  onCustomerPage = name === "customer";
});

function chrome(viewer) {
  document.title = t("title");
  document.getElementById("lang").textContent = t("language");
  const out = document.getElementById("signout");
  out.textContent = t("signOut");
  out.hidden = !viewer;
  document.getElementById("who").textContent = viewer ? `${viewer.user} · ${viewer.roles.join(", ")}` : "";
  const tabs = document.getElementById("tabs");
  tabs.replaceChildren(
    ...(viewer ? Object.keys(VIEWS) : []).map((name) =>
      h("button", {
        type: "button", role: "tab", "aria-selected": String(name === current),
        onclick: () => { location.hash = name; },
      }, t(name)),
    ),
  );
}

let shown = 0;

async function show(viewer) {
  chrome(viewer);
  const main = document.getElementById("main");
  const mine = ++shown;  // a slower view asked for earlier must not replace this one
  main.replaceChildren(h("p", {}, t("loading")));
  let view;
  try {
    view = await VIEWS[current](viewer);
  } catch (error) {
    view = h("p", { class: "error" }, error.message);
  }
  if (mine === shown) {
    main.replaceChildren(view);
    kept = { name: current, view };
  }
}

function signInForm(message) {
  chrome(null);
  const input = h("input", { type: "password", id: "key", autocomplete: "off", required: true });
  const form = h("form", { class: "signin", onsubmit: (event) => { event.preventDefault(); start(input.value.trim()); } },
    h("h2", {}, t("signIn")), h("p", {}, t("signInHint")),
    h("label", { for: "key" }, t("key")), input,
    message ? h("p", { class: "error" }, message) : null,
    h("div", { class: "row" }, h("button", { class: "primary", type: "submit" }, t("signIn"))),
  );
  document.getElementById("main").replaceChildren(form);
  input.focus();
}

async function start(key) {
  if (!key) return signInForm();
  signIn(key);
  try {
    const { viewer } = await gql("{ viewer { user roles permissions visibleCategoryIds taggableCategoryIds } }");
    signedIn = viewer;
    await show(viewer);
    if (location.hash.startsWith("#customer/")) window.dispatchEvent(new HashChangeEvent("hashchange"));
  } catch (error) {
    signOut();
    signInForm(t("badKey"));
  }
}

document.getElementById("lang").addEventListener("click", () => {
  switchLanguage();
  start(storedKey());
});
document.getElementById("signout").addEventListener("click", () => {
  window.TAGGRAPH_LOCAL_KEY = null;
  signOut();
});
onSignOut(() => { signedIn = null; signInForm(); });
document.documentElement.lang = currentLanguage() === "zh" ? "zh-CN" : "en";
start(storedKey());
