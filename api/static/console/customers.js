// 客户: a segment builder (groups AND-ed, conditions OR-ed inside a group, NOT per condition),
// a live count, the first pages, bulk tag / untag of selected rows or the whole segment, and
// saving the filter as a DYNAMIC or STATIC segment.
import { download, gql, mutate } from "./api.js";
import { debounce, h, number, toast } from "./dom.js";
import { t } from "./i18n.js";
import { tagPicker, treeSelect } from "./pickers.js";

const KINDS = ["tag", "industry", "region", "employeesGte", "employeesLte", "nameContains"];
const COUNT = "query($f: CustomerFilter) { customers(filter: $f, first: 0) { totalCount } }";
const PAGE = `query($f: CustomerFilter, $after: String) { customers(filter: $f, first: 50, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id name employees industry { name } region { name } tags { id name color } } } } }`;
const TAG = `mutation($t: [ID!]!, $c: [ID!], $f: CustomerFilter) { tagCustomers(tagIds: $t, customerIds: $c, filter: $f, source: MANUAL) { addedCount userErrors { code message } } }`;
const UNTAG = `mutation($t: [ID!]!, $c: [ID!]) { untagCustomers(tagIds: $t, customerIds: $c, source: MANUAL) { removedCount userErrors { code message } } }`;
const SAVE = `mutation($input: CreateSegmentInput!) { createSegment(input: $input) { segment { id } userErrors { code message } } }`;

let remembered = null;

// The filter last built here: a customer opened from the list says why it is in the segment.
export function lastFilter() {
  return remembered;
}

export async function customers() {
  const state = { groups: [[{ kind: "tag", value: null, label: "", not: false }]], after: null, selected: new Set(), bulkTag: null, generation: 0 };
  const builder = h("section", { id: "builder" });
  const count = h("span", { class: "big", id: "live-count" }, "…");
  const rows = h("tbody");
  const more = h("button", { type: "button", hidden: true }, t("more"));
  const refresh = debounce(async () => {
    state.generation += 1;  // answers to an older filter arriving late are dropped
    state.after = null;
    state.selected.clear();
    await Promise.all([updateCount(state, count), page(state, rows, more, true)]);
  }, 250);
  state.changed = () => { remembered = filterOf(state.groups); drawBuilder(state, builder); refresh(); };
  remembered = null;
  more.addEventListener("click", () => page(state, rows, more));
  drawBuilder(state, builder);
  refresh();
  const table = h("table", {},
    h("thead", {}, h("tr", {},
      h("th", {}, h("input", { type: "checkbox", "aria-label": t("selectAll"), onchange: (event) => {
        rows.querySelectorAll("input[type=checkbox]").forEach((box) => { box.checked = event.target.checked; box.dispatchEvent(new Event("change")); });
      } })),
      h("th", {}, t("name")), h("th", {}, t("industry")), h("th", {}, t("region")), h("th", {}, t("employees")), h("th", {}, t("tagsCol")),
    )),
    rows,
  );
  return h("div", {},
    builder,
    h("div", { class: "row" }, h("span", {}, `${t("matching")}: `), count),
    actions(state, refresh),
    table, more,
  );
}

export function filterOf(groups) {
  const clauses = groups
    .map((group) => group.filter((condition) => condition.value !== null && condition.value !== "").map(leaf))
    .filter((group) => group.length);
  if (!clauses.length) return null;
  return { and: clauses.map((group) => (group.length === 1 ? group[0] : { or: group })) };
}

function leaf(condition) {
  const value = condition.value;
  const clause = {
    tag: { hasTag: value }, industry: { inIndustry: value }, region: { inRegion: value },
    employeesGte: { employeesGte: Number(value) }, employeesLte: { employeesLte: Number(value) },
    nameContains: { nameContains: value },
  }[condition.kind];
  return condition.not ? { not: clause } : clause;
}

async function drawBuilder(state, builder) {
  const groups = await Promise.all(state.groups.map(async (group, g) => h("div", { class: "group" },
    g ? h("div", { class: "and" }, "AND") : null,
    ...(await Promise.all(group.map((condition, c) => conditionRow(state, condition, g, c)))),
    h("button", { type: "button", onclick: () => { group.push({ kind: "tag", value: null, label: "", not: false }); state.changed(); } }, t("addCondition")),
  )));
  builder.replaceChildren(...groups,
    h("button", { type: "button", onclick: () => { state.groups.push([{ kind: "tag", value: null, label: "", not: false }]); state.changed(); } }, t("addGroup")));
}

async function conditionRow(state, condition, g, c) {
  const set = (value, label = "") => { condition.value = value || null; condition.label = label; state.changed(); };
  const kind = h("select", { "aria-label": t("condition"), onchange: () => { condition.kind = kind.value; set(null); } },
    KINDS.map((name) => h("option", { value: name, selected: name === condition.kind }, t(name))));
  let input;
  if (condition.kind === "tag") input = tagPicker(t("chooseTag"), (id, label) => set(id, label), condition.label);
  else if (condition.kind === "industry" || condition.kind === "region") input = await treeSelect(condition.kind, condition.value, set);
  else {
    input = h("input", { type: condition.kind === "nameContains" ? "text" : "number", min: 0, value: condition.value ?? "" });
    input.addEventListener("change", () => set(input.value));
  }
  const not = h("label", { style: { margin: 0 } }, h("input", { type: "checkbox", checked: condition.not, onchange: (event) => { condition.not = event.target.checked; state.changed(); } }), ` ${t("not")}`);
  const remove = h("button", { type: "button", "aria-label": "×", onclick: () => {
    state.groups[g].splice(c, 1);
    if (!state.groups[g].length) state.groups.splice(g, 1);
    if (!state.groups.length) state.groups.push([{ kind: "tag", value: null, label: "", not: false }]);
    state.changed();
  } }, "×");
  return h("div", { class: "condition" }, not, kind, input, remove);
}

async function updateCount(state, count) {
  const generation = state.generation;
  try {
    const { customers } = await gql(COUNT, { f: filterOf(state.groups) });
    if (generation !== state.generation) return;
    count.textContent = number(customers.totalCount);
  } catch (error) {
    count.textContent = "—";
    toast(error.message, true);
  }
}

async function page(state, rows, more, fresh = false) {
  const generation = state.generation;
  const { customers } = await gql(PAGE, { f: filterOf(state.groups), after: state.after });
  if (generation !== state.generation) return;
  if (fresh) rows.replaceChildren();
  for (const { node } of customers.edges) {
    const box = h("input", { type: "checkbox", "aria-label": node.name, onchange: () => {
      if (box.checked) state.selected.add(node.id); else state.selected.delete(node.id);
    } });
    rows.append(h("tr", { "data-customer": node.id },
      h("td", {}, box), h("td", {}, h("a", { href: `#customer/${encodeURIComponent(node.id)}` }, node.name)), h("td", {}, node.industry?.name || ""),
      h("td", {}, node.region?.name || ""), h("td", {}, node.employees ?? ""),
      h("td", {}, node.tags.map((tag) => h("span", { class: "chip", style: { borderColor: tag.color || "" } }, tag.name))),
    ));
  }
  state.after = customers.pageInfo.endCursor;
  more.hidden = !customers.pageInfo.hasNextPage;
}

function actions(state, refresh) {
  const name = h("input", { type: "text", placeholder: t("segmentName"), id: "segment-name", style: { width: "14em" } });
  const kind = h("select", { id: "segment-kind" }, h("option", { value: "DYNAMIC" }, t("dynamic")), h("option", { value: "STATIC" }, t("static")));
  const bulk = async (mutation, variables, field) => {
    if (!state.bulkTag) return toast(t("chooseTag"), true);
    try {
      const payload = await mutate(mutation, { t: [state.bulkTag], ...variables }, field);
      toast(t("changed", { n: number(payload.addedCount ?? payload.removedCount) }));
      refresh();
    } catch (error) {
      toast(`${t("refused")}: ${error.message}`, true);
    }
  };
  return h("div", { class: "row" },
    tagPicker(t("chooseTag"), (id) => { state.bulkTag = id; }),
    h("button", { type: "button", id: "tag-selected", onclick: () => bulk(TAG, { c: [...state.selected] }, "tagCustomers") }, t("tagSelected")),
    h("button", { type: "button", id: "untag-selected", onclick: () => bulk(UNTAG, { c: [...state.selected] }, "untagCustomers") }, t("untagSelected")),
    h("button", { type: "button", id: "tag-all", onclick: () => {
      const whole = filterOf(state.groups);  // never "every customer" by accident
      if (!whole) return toast(`${t("refused")}: ${t("condition")}?`, true);
      return bulk(TAG, { f: whole }, "tagCustomers");
    } }, t("tagAll")),
    h("span", { class: "spacer" }),
    h("select", { id: "export-format", "aria-label": t("export") }, ["csv", "xlsx", "jsonl"].map((f) => h("option", { value: f }, f.toUpperCase()))),
    h("button", { type: "button", id: "export", onclick: async () => {
      const format = document.getElementById("export-format").value;
      const filter = filterOf(state.groups);
      try {
        await download("/exports/customers", { ...(filter ? { filter } : {}), format }, `customers.${format}`);
      } catch (error) {
        toast(`${t("refused")}: ${error.message}`, true);
      }
    } }, t("export")),
    name, kind,
    h("button", { type: "button", id: "save-segment", onclick: async () => {
      try {
        await mutate(SAVE, { input: { name: name.value, kind: kind.value, filter: filterOf(state.groups) || {} } }, "createSegment");
        toast(t("segmentSaved"));
      } catch (error) {
        toast(`${t("refused")}: ${error.message}`, true);
      }
    } }, t("saveSegment")),
  );
}
