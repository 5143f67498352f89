// 报表: how a category's tags spread over the customers, what is held together with a tag
// (co-occurrence with lift), customers per region and per industry with drill-down, and the
// lifecycle transitions per month (潜在 → 已成交 → 沉睡 …), drawn by the vendored Apache ECharts.
import { gql } from "./api.js";
import { h, number } from "./dom.js";
import { t } from "./i18n.js";
import { tagPicker } from "./pickers.js";

const CATEGORIES = "{ tagCategories { id name exclusive } }";
const DISTRIBUTION = `query($id: ID!) { tagDistribution(categoryId: $id) { totalCustomers customersWithAnyTag shareWithAnyTag
  tags { customersWithDescendants share tag { id name color } } } }`;
const FACETS = "query($d: FacetDimension!, $parent: ID) { facets(dimension: $d, parent: $parent) { key name customers } }";
const TOGETHER = `query($id: ID!) { coOccurringTags(tagId: $id, first: 15) { together lift tag { name category { name } } } }`;
const TRANSITIONS = `query($since: DateTime!, $until: DateTime!, $c: ID) { lifecycleTransitions(since: $since, until: $until, period: MONTH, categoryId: $c) {
  period count fromTag { name } toTag { name } } }`;
const ROOTS = { REGION: "CN", INDUSTRY: null };

export async function reports() {
  const { tagCategories } = await gql(CATEGORIES);
  const summary = h("p", { id: "distribution-summary" });
  const distribution = h("div", { class: "chart", id: "distribution-chart" });
  const select = h("select", { id: "report-category", onchange: () => drawDistribution(select.value, distribution, summary) },
    tagCategories.map((category) => h("option", { value: category.id }, category.name)));
  const together = h("div", { class: "chart", id: "together-chart" });
  const facets = Object.fromEntries(["REGION", "INDUSTRY"].map((dimension) => [dimension, {
    chart: h("div", { class: "chart", id: `${dimension.toLowerCase()}-chart` }),
    back: h("button", { type: "button", hidden: true }, t("top")),
  }]));
  const transitions = h("div", { class: "chart", id: "transitions-chart" });
  const lifecycle = tagCategories.find((category) => category.exclusive && /生命周期|lifecycle/i.test(category.name)) || tagCategories.find((c) => c.exclusive);
  const view = h("div", {},
    h("h3", {}, t("distribution")),
    h("label", { for: "report-category" }, t("chooseCategory")), select, summary, distribution,
    h("h3", {}, t("together")), tagPicker(t("chooseTag"), (id) => drawTogether(id, together)), together,
    h("h3", {}, t("regionFacets")), facets.REGION.back, facets.REGION.chart,
    h("h3", {}, t("industryFacets")), facets.INDUSTRY.back, facets.INDUSTRY.chart,
    h("h3", {}, t("transitions")), transitions,
  );
  queueMicrotask(() => {
    if (tagCategories.length) drawDistribution(tagCategories[0].id, distribution, summary);
    for (const [dimension, parts] of Object.entries(facets)) drawFacets(dimension, ROOTS[dimension], parts);
    drawTransitions(lifecycle?.id ?? null, transitions);
  });
  return view;
}

function chart(element) {
  return echarts.getInstanceByDom(element) || echarts.init(element);
}

function bars(element, names, values, extra = {}) {
  chart(element).setOption({
    tooltip: {}, grid: { left: 60, right: 20, bottom: 90 },
    xAxis: { type: "category", data: names, axisLabel: { rotate: 40 } }, yAxis: { type: "value" },
    series: [{ type: "bar", data: values }], ...extra,
  }, true);
}

async function drawDistribution(categoryId, element, summary) {
  const { tagDistribution: d } = await gql(DISTRIBUTION, { id: categoryId });
  summary.textContent = `${number(d.customersWithAnyTag)} / ${number(d.totalCustomers)} ${t("withAnyTag")} (${(100 * d.shareWithAnyTag).toFixed(1)}%)`;
  const tags = [...d.tags].sort((a, b) => a.customersWithDescendants - b.customersWithDescendants).slice(-30);
  chart(element).setOption({
    grid: { left: 160, right: 40 },
    tooltip: { formatter: (p) => `${p.name}: ${number(p.value)} (${(100 * tags[p.dataIndex].share).toFixed(1)}%)` },
    xAxis: { type: "value" },
    yAxis: { type: "category", data: tags.map((s) => s.tag.name) },
    series: [{ type: "bar", data: tags.map((s) => ({ value: s.customersWithDescendants, itemStyle: { color: s.tag.color || "#0969da" } })) }],
  }, true);
}

async function drawTogether(tagId, element) {
  const { coOccurringTags } = await gql(TOGETHER, { id: tagId });
  bars(element, coOccurringTags.map((c) => `${c.tag.category.name} › ${c.tag.name}`), coOccurringTags.map((c) => c.together), {
    tooltip: { formatter: (p) => `${p.name}: ${number(p.value)} · lift ${coOccurringTags[p.dataIndex].lift.toFixed(2)}` },
  });
}

async function drawFacets(dimension, parent, parts) {
  const { facets } = await gql(FACETS, { d: dimension, parent });
  parts.chart.dataset.parent = parent ?? "";
  parts.back.hidden = parent === ROOTS[dimension];
  parts.back.onclick = () => drawFacets(dimension, ROOTS[dimension], parts);
  const instance = chart(parts.chart);
  instance.off("click");
  instance.on("click", (p) => drawFacets(dimension, facets[p.dataIndex].key, parts));
  bars(parts.chart, facets.map((f) => f.name), facets.map((f) => f.customers));
}

async function drawTransitions(categoryId, element) {
  const until = new Date();
  const since = new Date(until.getFullYear() - 1, until.getMonth(), 1);
  const { lifecycleTransitions: moves } = await gql(TRANSITIONS, { since: since.toISOString(), until: until.toISOString(), c: categoryId });
  const months = [...new Set(moves.map((m) => m.period.slice(0, 7)))].sort();
  const kinds = [...new Set(moves.map((m) => `${m.fromTag?.name ?? "∅"} → ${m.toTag?.name ?? "?"}`))];
  const series = kinds.map((kind) => ({
    name: kind, type: "bar", stack: "all",
    data: months.map((month) => moves.filter((m) => m.period.startsWith(month) && `${m.fromTag?.name ?? "∅"} → ${m.toTag?.name ?? "?"}` === kind).reduce((sum, m) => sum + m.count, 0)),
  }));
  chart(element).setOption({
    tooltip: { trigger: "axis" }, legend: { type: "scroll", top: 0 }, grid: { top: 40, left: 60, right: 20 },
    xAxis: { type: "category", data: months }, yAxis: { type: "value" }, series,
  }, true);
}
