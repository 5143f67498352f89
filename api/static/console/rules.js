// 规则: the tag rules with their conditions, enabled or not, and a preview of what a rule would
// change (counts and sample customers) before it runs.
import { gql, mutate } from "./api.js";
import { h, number, toast } from "./dom.js";
import { t } from "./i18n.js";

const RULES = "{ tagRules { id name description enabled builtin trigger action conditionText tag { name category { name } } } }";
const ENABLE = `mutation($id: ID!, $on: Boolean!) { setTagRuleEnabled(id: $id, enabled: $on) { rule { id enabled } userErrors { code message } } }`;
const PREVIEW = `query($id: ID!) { previewRule(ruleId: $id, sample: 5) { evaluatedCount matchedCount gainedCount lostCount sampleGainedCustomerIds sampleLostCustomerIds userErrors { code message } } }`;

export async function rules() {
  const { tagRules } = await gql(RULES);
  const preview = h("aside", { class: "panel", id: "rule-preview" }, h("p", {}, t("pickRule")));
  const rows = tagRules.map((rule) => {
    const toggle = h("input", { type: "checkbox", checked: rule.enabled, "aria-label": t("enabled") });
    toggle.addEventListener("change", async () => {
      try {
        await mutate(ENABLE, { id: rule.id, on: toggle.checked }, "setTagRuleEnabled");
        toast(t("saved"));
      } catch (error) {
        toggle.checked = !toggle.checked;
        toast(`${t("refused")}: ${error.message}`, true);
      }
    });
    return h("tr", { "data-rule": rule.id },
      h("td", {}, toggle),
      h("td", {}, h("strong", {}, rule.name), rule.description ? h("div", { class: "count" }, rule.description) : null),
      h("td", {}, `${rule.action} ${rule.tag ? rule.tag.category.name + " › " + rule.tag.name : ""}`),
      h("td", {}, h("code", {}, rule.conditionText)),
      h("td", {}, h("button", { type: "button", onclick: () => showPreview(rule, preview) }, t("preview"))),
    );
  });
  return h("div", { class: "columns" },
    h("table", { id: "rules" }, h("thead", {}, h("tr", {}, h("th", {}, t("enabled")), h("th", {}, t("name")), h("th", {}, t("action")), h("th", {}, t("condition")), h("th", {}))), h("tbody", {}, rows)),
    preview,
  );
}

async function showPreview(rule, panel) {
  panel.replaceChildren(h("p", {}, t("loading")));
  const { previewRule: p } = await gql(PREVIEW, { id: rule.id });
  panel.replaceChildren(
    h("h3", {}, rule.name),
    h("p", {}, `${t("evaluated")} ${number(p.evaluatedCount)} · ${t("matched")} ${number(p.matchedCount)}`),
    h("p", {}, h("strong", {}, `+${number(p.gainedCount)}`), ` ${t("gained")}  `, h("strong", {}, `−${number(p.lostCount)}`), ` ${t("lost")}`),
    h("ul", { class: "tree" }, [...p.sampleGainedCustomerIds.map((id) => ["+", id]), ...p.sampleLostCustomerIds.map((id) => ["−", id])]
      .map(([sign, id]) => h("li", {}, sign, " ", h("a", { href: `#customer/${encodeURIComponent(id)}` }, id)))),
  );
}
