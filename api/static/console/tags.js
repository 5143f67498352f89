// 标签树: every category's tag tree with colours and counts (with descendants); create, rename,
// recolour, deprecate and delete, each refusal shown with the API's reason.
import { gql, mutate } from "./api.js";
import { h, number, toast } from "./dom.js";
import { t } from "./i18n.js";
import { tagPicker } from "./pickers.js";

const FIELDS = "id name color status description customerCount category { id } children { id }";
const CATEGORIES = `{ tagCategories { id name color exclusive description tags { ${FIELDS} } } }`;
const CHILDREN = `query($id: ID!) { tag(id: $id) { children { ${FIELDS} } } }`;
const CREATE = `mutation($input: CreateTagInput!) { createTag(input: $input) { tag { id } userErrors { code message } } }`;
const UPDATE = `mutation($input: UpdateTagInput!) { updateTag(input: $input) { tag { id } userErrors { code message } } }`;
const DUPLICATES = `{ tagDuplicateCandidates(first: 100) { score reasons tagA { id name category { name } customerCount } tagB { id name category { name } customerCount } } }`;
const MERGE = `mutation($s: [ID!]!, $t: ID!) { mergeTags(sourceIds: $s, targetId: $t) { userErrors { code message } } }`;
const DISTINCT = `mutation($a: ID!, $b: ID!) { markTagsDistinct(tagAId: $a, tagBId: $b) { userErrors { code message } } }`;
const MOVE = `mutation($id: ID!, $p: ID, $c: ID) { moveTag(id: $id, parentId: $p, categoryId: $c) { tag { id } userErrors { code message } } }`;
const DELETE = `mutation($id: ID!) { deleteTag(id: $id) { deletedTagIds userErrors { code message } } }`;

export async function tagTrees() {
  const { tagCategories } = await gql(CATEGORIES);
  const panel = h("aside", { class: "panel", id: "tag-panel" }, h("p", {}, t("selectTag")));
  const trees = h("section", { id: "tag-trees" });
  trees.append(h("div", { class: "row" }, h("button", { type: "button", id: "open-duplicates", onclick: () => duplicates(state) }, t("duplicates"))));
  const state = { panel, selected: null, reload: null };
  state.reload = async () => {
    const fresh = await tagTrees();
    if (trees.isConnected) trees.closest("main").replaceChildren(fresh);  // still on this tab
  };
  for (const category of tagCategories) {
    trees.append(
      h("div", { class: "category", "data-category": category.id },
        h("h3", {},
          h("span", { class: "swatch", style: { background: category.color || "#ccc" } }),
          category.name,
          category.exclusive ? h("span", { class: "status" }, t("exclusive")) : null,
          h("button", { type: "button", onclick: () => createForm(state, { categoryId: category.id }, category.name) }, t("newRoot")),
        ),
        tree(state, category.tags),
      ),
    );
  }
  return h("div", { class: "columns" }, trees, panel);
}

function tree(state, tags) {
  return h("ul", { class: "tree", role: "group" }, tags.map((tag) => item(state, tag)));
}

function item(state, tag) {
  const li = h("li", { "data-tag": tag.id });
  const hasChildren = tag.children.length > 0;
  const toggle = h("button", { type: "button", class: "toggle", "aria-expanded": "false", disabled: !hasChildren, "aria-label": tag.name },
    hasChildren ? "▸" : "·");
  toggle.addEventListener("click", async () => {
    const open = toggle.getAttribute("aria-expanded") === "true";
    li.querySelector(":scope > ul")?.remove();
    toggle.setAttribute("aria-expanded", String(!open));
    toggle.textContent = open ? "▸" : "▾";
    if (!open) {
      const { tag: loaded } = await gql(CHILDREN, { id: tag.id });
      li.append(tree(state, loaded.children));
    }
  });
  const node = h("button", { type: "button", class: "node", onclick: () => select(state, tag, node) },
    h("span", { class: "swatch", style: { background: tag.color || "#ccc" } }),
    h("span", {}, tag.name),
    h("span", { class: "count" }, number(tag.customerCount)),
    tag.status !== "ACTIVE" ? h("span", { class: "status" }, tag.status) : null,
  );
  li.append(toggle, node);
  return li;
}

function select(state, tag, node) {
  document.querySelectorAll(".node[aria-current]").forEach((other) => other.removeAttribute("aria-current"));
  node.setAttribute("aria-current", "true");
  const name = h("input", { type: "text", id: "tag-name", value: tag.name, maxlength: 100 });
  const color = h("input", { type: "color", id: "tag-color", value: normalColor(tag.color) });
  const description = h("input", { type: "text", id: "tag-description", value: tag.description || "" });
  const save = () => run(state, UPDATE, { input: { id: tag.id, name: name.value, color: color.value, description: description.value || null } }, "updateTag", t("saved"));
  const status = tag.status === "ACTIVE" ? "DEPRECATED" : "ACTIVE";
  state.panel.replaceChildren(
    h("h3", {}, tag.name),
    h("p", {}, `${t("customersHolding")}: `, h("strong", {}, number(tag.customerCount))),
    h("label", { for: "tag-name" }, t("name")), name,
    h("label", { for: "tag-color" }, t("color")), color,
    h("label", { for: "tag-description" }, t("description")), description,
    h("div", { class: "row" },
      h("button", { type: "button", class: "primary", onclick: save }, t("save")),
      h("button", { type: "button", onclick: () => createForm(state, { parentId: tag.id }, tag.name) }, t("newChild")),
      h("button", { type: "button", onclick: () => run(state, UPDATE, { input: { id: tag.id, status } }, "updateTag", t("saved")) },
        tag.status === "ACTIVE" ? t("deprecate") : t("activate")),
      h("button", { type: "button", class: "danger", onclick: () => {
        if (confirm(t("confirmDelete", { name: tag.name }))) run(state, DELETE, { id: tag.id }, "deleteTag", t("deleted"));
      } }, t("remove")),
    ),
    h("label", {}, t("move")),
    h("div", { class: "row", style: { marginTop: 0 } },
      tagPicker(t("moveHint"), (id) => { state.moveTo = id; }),
      h("button", { type: "button", id: "move-tag", onclick: () => {
        const target = state.moveTo;
        state.moveTo = null;
        run(state, MOVE, target ? { id: tag.id, p: target } : { id: tag.id, c: tag.category.id }, "moveTag", t("moved"));
      } }, t("move")),
    ),
    h("p", { class: "error", id: "tag-error" }),
  );
}

function createForm(state, where, under) {
  const name = h("input", { type: "text", id: "new-tag-name", required: true, maxlength: 100 });
  const color = h("input", { type: "color", id: "new-tag-color", value: "#0969da" });
  const form = h("form", { onsubmit: (event) => {
    event.preventDefault();
    run(state, CREATE, { input: { ...where, name: name.value, color: color.value } }, "createTag", t("created"));
  } },
    h("h3", {}, `${t(where.parentId ? "newChild" : "newRoot")} · ${under}`),
    h("label", { for: "new-tag-name" }, t("name")), name,
    h("label", { for: "new-tag-color" }, t("color")), color,
    h("div", { class: "row" }, h("button", { type: "submit", class: "primary" }, t("create"))),
    h("p", { class: "error", id: "tag-error" }),
  );
  state.panel.replaceChildren(form);
  name.focus();
}

async function run(state, mutation, variables, field, done) {
  try {
    await mutate(mutation, variables, field);
    toast(done);
    await state.reload();
  } catch (error) {
    const shown = document.getElementById("tag-error");
    if (shown) shown.textContent = `${t("refused")}: ${error.message}`;
    toast(`${t("refused")}: ${error.message}`, true);
  }
}

async function duplicates(state) {
  const { tagDuplicateCandidates: candidates } = await gql(DUPLICATES);
  const label = (tag) => `${tag.category.name} › ${tag.name} (${number(tag.customerCount)})`;
  state.panel.replaceChildren(
    h("h3", {}, t("duplicates")),
    h("p", { hidden: candidates.length > 0 }, t("noDuplicates")),
    h("ul", { class: "tree", id: "duplicates" }, candidates.map((pair) => h("li", {},
      h("div", {}, label(pair.tagA), " ≈ ", label(pair.tagB), h("span", { class: "count" }, ` ${pair.score.toFixed(2)} · ${pair.reasons.join(", ")}`)),
      h("div", { class: "row" },
        h("button", { type: "button", onclick: () => run(state, MERGE, { s: [pair.tagB.id], t: pair.tagA.id }, "mergeTags", t("saved")) }, t("merge")),
        h("button", { type: "button", onclick: () => run(state, DISTINCT, { a: pair.tagA.id, b: pair.tagB.id }, "markTagsDistinct", t("saved")) }, t("distinct")),
      ),
    ))),
    h("p", { class: "error", id: "tag-error" }),
  );
}

function normalColor(color) {
  if (!color) return "#cccccc";
  if (/^#[0-9a-f]{3}$/i.test(color)) return "#" + [...color.slice(1)].map((c) => c + c).join("");
  return color;
}
