// Pickers for the segment builder: tags by searching their paths (分类/标签/子标签), industries
// and regions as indented trees (制造业 › …, 华南 › 广东省 › …).
import { gql } from "./api.js";
import { h } from "./dom.js";

const TAGS = `query($s: String) { tags(search: $s, first: 20) { edges { node { id name status category { name } path { name } } } } }`;
const INDUSTRIES = "{ industries { code name children { code name } } }";
const REGIONS = "{ regions { code name children { code name children { code name } } } }";
let trees = null;

export function pathOf(tag) {
  return [tag.category.name, ...tag.path.map((step) => step.name)].join("/");
}

// A text input with suggestions; `picked(id, label)` when a suggestion is chosen.
export function tagPicker(placeholder, picked, initial = "") {
  const list = h("datalist", { id: `tags-${Math.random().toString(36).slice(2)}` });
  const input = h("input", { type: "text", list: list.id, placeholder, value: initial, class: "tag-picker" });
  const known = new Map();
  input.addEventListener("input", async () => {
    const chosen = known.get(input.value);
    if (chosen) return picked(chosen, input.value);
    const { tags } = await gql(TAGS, { s: input.value.split("/").pop() || null });
    list.replaceChildren(...tags.edges.map(({ node }) => {
      known.set(pathOf(node), node.id);
      return h("option", { value: pathOf(node) });
    }));
  });
  return h("span", {}, input, list);
}

async function loadTrees() {
  if (!trees) {
    const [{ industries }, { regions }] = await Promise.all([gql(INDUSTRIES), gql(REGIONS)]);
    trees = { industry: industries, region: regions };
  }
  return trees;
}

function flatten(nodes, depth = 0) {
  return nodes.flatMap((node) => [
    { code: node.code, label: `${"  ".repeat(depth)}${depth ? "› " : ""}${node.name}` },
    ...flatten(node.children || [], depth + 1),
  ]);
}

export async function treeSelect(kind, value, changed) {
  const nodes = flatten((await loadTrees())[kind]);
  const select = h("select", { onchange: () => changed(select.value) },
    h("option", { value: "" }, "—"),
    nodes.map((node) => h("option", { value: node.code, selected: node.code === value }, node.label.replace(/ /g, "\u00a0"))),
  );
  return select;
}
