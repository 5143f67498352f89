// 报表: how a category's tags spread over the customers, and the customers per region with
// drill-down (全国 → 大区 → 省 → 市), as charts drawn by the vendored Apache ECharts.
import { gql } from "./api.js";
import { h, number } from "./dom.js";
import { t } from "./i18n.js";

const CATEGORIES = "{ tagCategories { id name } }";
const DISTRIBUTION = `query($id: ID!) { tagDistribution(categoryId: $id) { totalCustomers customersWithAnyTag shareWithAnyTag
  tags { customersWithDescendants share tag { id name color } } } }`;
const COUNTRY = "CN";
const FACETS = "query($parent: ID) { facets(dimension: REGION, parent: $parent) { key name customers } }";

export async function reports() {
  const { tagCategories } = await gql(CATEGORIES);
  const summary = h("p", { id: "distribution-summary" });
  const distribution = h("div", { class: "chart", id: "distribution-chart" });
  const regions = h("div", { class: "chart", id: "region-chart" });
  const back = h("button", { type: "button", hidden: true }, t("top"));
  const select = h("select", { id: "report-category", onchange: () => drawDistribution(select.value, distribution, summary) },
    tagCategories.map((category) => h("option", { value: category.id }, category.name)));
  const view = h("div", {},
    h("h3", {}, t("distribution")),
    h("label", { for: "report-category" }, t("chooseCategory")), select, summary, distribution,
    h("h3", {}, t("regionFacets")), back, regions,
  );
  queueMicrotask(() => {
    if (tagCategories.length) drawDistribution(tagCategories[0].id, distribution, summary);
    drawRegions(COUNTRY, regions, back);
  });
  return view;
}

function chart(element) {
  return echarts.getInstanceByDom(element) || echarts.init(element);
}

async function drawDistribution(categoryId, element, summary) {
  const { tagDistribution: d } = await gql(DISTRIBUTION, { id: categoryId });
  summary.textContent = `${number(d.customersWithAnyTag)} / ${number(d.totalCustomers)} ${t("withAnyTag")} (${(100 * d.shareWithAnyTag).toFixed(1)}%)`;
  const tags = [...d.tags].sort((a, b) => a.customersWithDescendants - b.customersWithDescendants).slice(-30);
  chart(element).setOption({
    grid: { left: 140, right: 40 },
    tooltip: { formatter: (p) => `${p.name}: ${number(p.value)} (${(100 * tags[p.dataIndex].share).toFixed(1)}%)` },
    xAxis: { type: "value" },
    yAxis: { type: "category", data: tags.map((s) => s.tag.name) },
    series: [{ type: "bar", data: tags.map((s) => ({ value: s.customersWithDescendants, itemStyle: { color: s.tag.color || "#0969da" } })) }],
  }, true);
}

async function drawRegions(parent, element, back) {
  const { facets } = await gql(FACETS, { parent });
  element.dataset.parent = parent;
  back.hidden = parent === COUNTRY;
  back.onclick = () => drawRegions(COUNTRY, element, back);
  const instance = chart(element);
  instance.off("click");
  instance.on("click", (p) => drawRegions(facets[p.dataIndex].key, element, back));
  instance.setOption({
    tooltip: {},
    grid: { left: 60, right: 20, bottom: 80 },
    xAxis: { type: "category", data: facets.map((f) => f.name), axisLabel: { rotate: 45 } },
    yAxis: { type: "value" },
    series: [{ type: "bar", data: facets.map((f) => f.customers) }],
  }, true);
}
