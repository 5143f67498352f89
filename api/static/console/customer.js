// 客户详情: a customer's tags with their paths and provenance, the history as a timeline with
// an as-of slider, similar customers with the shared paths that explain them, recommended
// tags and products, and — opened from a segment — why the customer is in it or not.
import { gql, mutate } from "./api.js";
import { h, number, toast } from "./dom.js";
import { t, when } from "./i18n.js";

const CUSTOMER = `query($id: ID!) { customer(id: $id) {
  id name kind employees annualRevenue industry { name } region { name }
  tags { id name color path { name } category { name } }
  tagHistory(first: 100) { edges { node { action at by source note reason tag { id name path { name } category { name } } } } } } }`;
const AS_OF = `query($id: ID!, $at: DateTime!) { customer(id: $id) { tagsAsOf(at: $at) { id name color path { name } category { name } } } }`;
const SIMILAR = `query($id: ID!) { similarCustomers(customerId: $id, first: 10) { score customer { id name } sharedPaths { kind names weight } } }`;
const RECOMMEND = `query($id: ID!) {
  recommendTags(customerId: $id, first: 5) { score support tag { id name path { name } category { name } } }
  recommendProducts(customerId: $id, first: 5) { support buyers product { id name } } }`;
const EXPLAIN = `query($id: ID!, $f: CustomerFilter!) { explainMembership(customerId: $id, filter: $f) { ...C children { ...C children { ...C children { ...C } } } } }
fragment C on ClauseExplanation { clause matched detail path }`;
const TAG = `mutation($t: [ID!]!, $c: [ID!]) { tagCustomers(tagIds: $t, customerIds: $c, source: MANUAL) { addedCount userErrors { code message } } }`;

const pathText = (tag) => [tag.category.name, ...tag.path.map((step) => step.name)].join(" › ");

export async function customerPage(customerId, filter, back) {
  const { customer } = await gql(CUSTOMER, { id: customerId });
  if (!customer) return h("p", { class: "error" }, t("notFound"));
  const events = customer.tagHistory.edges.map((edge) => edge.node);
  const latest = new Map();
  for (const event of events) if (event.action === "ADDED" && !latest.has(event.tag.id)) latest.set(event.tag.id, event);
  const side = h("aside", { class: "panel" }, h("p", {}, t("loading")));
  const view = h("div", { id: "customer-page" },
    h("div", { class: "row" }, h("button", { type: "button", onclick: back }, t("back")), h("h2", { style: { margin: 0 } }, customer.name)),
    h("p", {}, [customer.industry?.name, customer.region?.name, customer.employees != null ? `${t("employees")} ${number(customer.employees)}` : null].filter(Boolean).join(" · ")),
    h("div", { class: "columns" },
      h("section", {},
        h("h3", {}, t("tagsCol")),
        h("table", { id: "customer-tags" }, h("tbody", {}, customer.tags.map((tag) => {
          const event = latest.get(tag.id);
          return h("tr", {}, h("td", {}, h("span", { class: "chip", style: { borderColor: tag.color || "" } }, pathText(tag))),
            h("td", { class: "count" }, event ? `${event.source || ""} · ${event.by || ""} · ${when(event.at)}${event.note ? " · " + event.note : ""}` : ""));
        }))),
        timeline(customer, events),
        filter ? await explanation(customerId, filter) : null,
      ),
      side,
    ),
  );
  Promise.all([gql(SIMILAR, { id: customerId }), gql(RECOMMEND, { id: customerId })])
    .then(([similar, recommended]) => side.replaceChildren(...similarList(similar.similarCustomers), ...recommendations(customerId, recommended)))
    .catch((error) => side.replaceChildren(h("p", { class: "error" }, error.message)));
  return view;
}

function timeline(customer, events) {
  const times = events.map((event) => Date.parse(event.at));
  const now = Date.now();
  const first = times.length ? Math.min(...times) : now;
  const asOf = h("div", { id: "as-of-tags" });
  const label = h("strong", { id: "as-of-label" }, when(now));
  const slider = h("input", { type: "range", id: "as-of", min: first, max: now, value: now, step: 1000, "aria-label": t("asOf"), style: { width: "100%" } });
  slider.addEventListener("change", async () => {
    const at = new Date(Number(slider.value));
    label.textContent = when(at);
    const { customer: then } = await gql(AS_OF, { id: customer.id, at: at.toISOString() });
    asOf.replaceChildren(...then.tagsAsOf.map((tag) => h("span", { class: "chip" }, pathText(tag))));
  });
  return h("div", {},
    h("h3", {}, t("history")),
    h("label", { for: "as-of" }, t("asOf"), " ", label), slider, asOf,
    h("ol", { id: "history", class: "tree" }, events.map((event) => h("li", {},
      h("span", { class: "count" }, when(event.at)), " ",
      h("strong", {}, event.action === "ADDED" ? "+" : "−"), " ", pathText(event.tag),
      h("span", { class: "count" }, ` · ${event.source || ""} · ${event.by || ""}${event.reason ? " · " + event.reason : ""}`),
    ))),
  );
}

function similarList(similar) {
  return [
    h("h3", {}, t("similar")),
    h("ol", { id: "similar" }, similar.map((match) => h("li", {},
      h("a", { href: `#customer/${encodeURIComponent(match.customer.id)}` }, match.customer.name),
      h("span", { class: "count" }, ` ${match.score.toFixed(2)}`),
      h("div", {}, match.sharedPaths.slice(0, 4).map((path) => h("span", { class: "chip" }, path.names.join(" › ")))),
    ))),
  ];
}

function recommendations(customerId, { recommendTags, recommendProducts }) {
  return [
    h("h3", {}, t("recommendedTags")),
    h("ul", { id: "recommended-tags", class: "tree" }, recommendTags.map((item) => h("li", {},
      pathText(item.tag), h("span", { class: "count" }, ` ${item.support}`), " ",
      h("button", { type: "button", onclick: async () => {
        try {
          await mutate(TAG, { t: [item.tag.id], c: [customerId] }, "tagCustomers");
          toast(t("changed", { n: 1 }));
        } catch (error) {
          toast(`${t("refused")}: ${error.message}`, true);
        }
      } }, t("apply")),
    ))),
    h("h3", {}, t("recommendedProducts")),
    h("ul", { class: "tree" }, recommendProducts.map((item) => h("li", {}, item.product.name, h("span", { class: "count" }, ` ${item.buyers}`)))),
  ];
}

async function explanation(customerId, filter) {
  const { explainMembership } = await gql(EXPLAIN, { id: customerId, f: filter });
  const clause = (node) => h("li", {},
    h("strong", { class: node.matched ? "" : "error" }, node.matched ? "✓ " : "✗ "), node.clause,
    node.path.length ? h("span", { class: "count" }, ` (${node.path.join(" › ")})`) : null,
    node.detail ? h("span", { class: "count" }, ` ${node.detail}`) : null,
    node.children?.length ? h("ul", { class: "tree" }, node.children.map(clause)) : null,
  );
  return h("div", { id: "why" }, h("h3", {}, t("why")), h("ul", { class: "tree" }, clause(explainMembership)));
}
