// The console speaks Chinese first (its users, the seeds' 标签管理员 and sales teams), English on request.
const TEXT = {
  zh: {
    title: "TagGraph 控制台", tags: "标签树", customers: "客户", reports: "报表",
    signIn: "登录", signOut: "退出", key: "API 密钥或令牌", signInHint: "使用管理员发放的 API 密钥(tgk_…)或单点登录令牌登录。",
    badKey: "密钥无效或已过期", language: "English", loading: "加载中…",
    newRoot: "新建标签", newChild: "新建子标签", name: "名称", color: "颜色", description: "描述",
    save: "保存", create: "创建", cancel: "取消", deprecate: "停用", activate: "启用", remove: "删除",
    confirmDelete: "确定删除标签 “{name}” 吗?", selectTag: "选择左侧的标签查看和编辑。", customersHolding: "持有客户(含子标签)",
    exclusive: "互斥", saved: "已保存", created: "已创建", deleted: "已删除", refused: "未执行",
    condition: "条件", addCondition: "+ 或 条件", addGroup: "+ 并且 条件组", not: "非",
    tag: "标签", industry: "行业", region: "地区", employeesGte: "员工数 ≥", employeesLte: "员工数 ≤", nameContains: "名称包含",
    matching: "符合条件的客户", saveSegment: "保存为分群", segmentName: "分群名称", dynamic: "动态", static: "静态",
    selectAll: "全选本页", tagSelected: "给选中客户打标签", untagSelected: "移除选中客户的标签", tagAll: "给整个分群打标签",
    chooseTag: "选择标签…", more: "下一页", employees: "员工数", tagsCol: "标签", none: "(无)",
    distribution: "标签分布", chooseCategory: "选择分类", withAnyTag: "持有该分类任一标签", share: "占比",
    regionFacets: "地区分布(点击下钻)", top: "返回全国", changed: "{n} 位客户已变更", segmentSaved: "分群已保存",
    any: "任意", rules: "规则", notFound: "未找到该客户", back: "← 返回", history: "标签历史", asOf: "查看某一时刻的标签:",
    similar: "相似客户", recommendedTags: "推荐标签", recommendedProducts: "推荐产品", apply: "打上", why: "为何在(或不在)该分群",
    pickRule: "选择一条规则预览其效果。", enabled: "启用", preview: "预览", action: "动作", evaluated: "评估", matched: "符合",
    gained: "将新增", lost: "将移除", duplicates: "疑似重复标签", merge: "合并到左侧", distinct: "不是重复", noDuplicates: "没有待处理的疑似重复标签。",
    together: "常一起出现的标签(提升度)", export: "导出", industryFacets: "行业分布(点击下钻)", transitions: "生命周期流转(按月)", move: "移动到", moveHint: "选择新的上级标签,或留空移到分类顶层", moved: "已移动",
  },
  en: {
    title: "TagGraph console", tags: "Tag trees", customers: "Customers", reports: "Reports",
    signIn: "Sign in", signOut: "Sign out", key: "API key or token", signInHint: "Sign in with the API key (tgk_…) or single sign-on token your administrator gave you.",
    badKey: "The key is not valid or has expired", language: "中文", loading: "Loading…",
    newRoot: "New tag", newChild: "New child tag", name: "Name", color: "Colour", description: "Description",
    save: "Save", create: "Create", cancel: "Cancel", deprecate: "Deprecate", activate: "Activate", remove: "Delete",
    confirmDelete: "Delete the tag “{name}”?", selectTag: "Pick a tag on the left to see and edit it.", customersHolding: "Customers (with descendants)",
    exclusive: "exclusive", saved: "Saved", created: "Created", deleted: "Deleted", refused: "Not done",
    condition: "Condition", addCondition: "+ OR condition", addGroup: "+ AND group", not: "NOT",
    tag: "Tag", industry: "Industry", region: "Region", employeesGte: "Employees ≥", employeesLte: "Employees ≤", nameContains: "Name contains",
    matching: "Matching customers", saveSegment: "Save as segment", segmentName: "Segment name", dynamic: "Dynamic", static: "Static",
    selectAll: "Select page", tagSelected: "Tag selected", untagSelected: "Untag selected", tagAll: "Tag whole segment",
    chooseTag: "Choose a tag…", more: "Next page", employees: "Employees", tagsCol: "Tags", none: "(none)",
    distribution: "Tag distribution", chooseCategory: "Category", withAnyTag: "hold any tag of the category", share: "Share",
    regionFacets: "Regions (click to drill down)", top: "Back to China", changed: "{n} customers changed", segmentSaved: "Segment saved",
    any: "any", rules: "Rules", notFound: "No such customer", back: "← Back", history: "Tag history", asOf: "Tags as of:",
    similar: "Similar customers", recommendedTags: "Recommended tags", recommendedProducts: "Recommended products", apply: "Apply", why: "Why in this segment (or not)",
    pickRule: "Pick a rule to preview what it would change.", enabled: "On", preview: "Preview", action: "Action", evaluated: "evaluated", matched: "matching",
    gained: "would be added", lost: "would be removed", duplicates: "Possible duplicate tags", merge: "Merge into the left one", distinct: "Not duplicates", noDuplicates: "No duplicate candidates to review.",
    together: "Tags held together (lift)", export: "Export", industryFacets: "Industries (click to drill down)", transitions: "Lifecycle transitions per month", move: "Move under", moveHint: "Pick the new parent tag, or leave empty for the top of the category", moved: "Moved",
  },
};

let language = localStorage.getItem("taggraph-language") || "zh";

export function t(key, values = {}) {
  const text = TEXT[language][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

// A moment as the reader's language writes it (2026/12/2 15:27 or 12/2/2026, 3:27 PM).
export function when(at) {
  return new Date(at).toLocaleString(language === "zh" ? "zh-CN" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
}

export function currentLanguage() {
  return language;
}

export function switchLanguage() {
  language = language === "zh" ? "en" : "zh";
  localStorage.setItem("taggraph-language", language);
  document.documentElement.lang = language === "zh" ? "zh-CN" : "en";
}
