"""The console at /console, in a real browser (Debian's chromium) with every request beyond
loopback refused: signing in, the tag trees and their edits, the segment builder's live count
and bulk tagging, the reports. What it shows is checked against the API's own answers."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, Route, expect, sync_playwright

from graph.database import Database
from tests.factories import make_category, make_customers, make_tag, unique
from tests.graphql import GraphQLClient

Runner = Callable[[Callable[[Database], Awaitable[Any]]], Any]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
expect.set_options(timeout=20_000)  # a busy 2-core machine: rendering, not the product, is slow


@pytest.fixture
def browser_page(api_url: str) -> Iterator[tuple[Page, list[str]]]:
    """A chromium page that may reach the API under test and nothing else."""
    refused: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})

        def only_the_api(route: Route) -> None:
            if route.request.url.startswith(api_url):
                route.continue_()
            else:
                refused.append(route.request.url)
                route.abort()

        page.route("**/*", only_the_api)
        # What the page's Content-Security-Policy refused shows as console errors.
        page.on(
            "console", lambda m: refused.append(m.text) if "Content Security" in m.text else None
        )
        try:
            yield page, refused
        finally:
            browser.close()
    assert refused == []


def _pick(page: Page, picker: Locator, name: str, path: str) -> None:
    """Type a tag's name into a picker, wait for its suggestion, then choose its full path."""
    picker.fill(name)
    expect(page.locator(f"datalist option[value='{path}']")).to_have_count(1)
    picker.fill(path)


def _sign_in(page: Page, api_url: str, key: str) -> None:
    page.goto(f"{api_url}/console")
    page.fill("#key", key)
    page.click("form.signin button[type=submit]")
    expect(page.locator("#tabs button")).to_have_count(4)


@pytest.fixture
def scene(run: Runner, gql: GraphQLClient) -> dict[str, Any]:
    """A category with a tag holding three customers, a second tag and a parent with a child.
    Built before the browser starts: Playwright's sync API keeps a loop of its own running."""

    async def build(db: Database) -> dict[str, Any]:
        category = await make_category(db, name=unique("控制台类别"))
        held = await make_tag(db, category=category, name=unique("高意向"))
        other = await make_tag(db, category=category, name=unique("待跟进"))
        parent = await make_tag(db, category=category, name=unique("渠道"))
        await make_tag(db, parent=parent, name=unique("微信"))
        customers = await make_customers(db, 3, employees=800)
        return {"category": category, "held": held, "other": other, "parent": parent,
                "customers": customers}  # fmt: skip

    built: dict[str, Any] = run(build)
    gql.tag_customers([c.id for c in built["customers"]], [built["held"].id])
    return built


def test_the_console_loads_without_a_key_and_refuses_a_wrong_one(
    api_url: str, browser_page: tuple[Page, list[str]]
) -> None:
    page, _ = browser_page
    answer = httpx.get(f"{api_url}/console", headers={"Accept": "text/html"})
    assert answer.status_code == 200
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    assert "TAGGRAPH_LOCAL_KEY = null" in answer.text  # no key for a test server
    page.goto(f"{api_url}/console")
    page.fill("#key", "tgk_not-a-real-key")
    page.click("form.signin button[type=submit]")
    expect(page.locator("form.signin .error")).to_be_visible()
    expect(page.locator("#tabs button")).to_have_count(0)


def test_the_tag_tree_shows_counts_and_creates_edits_and_refuses_with_reasons(
    api_url: str, admin_key: str, scene: dict[str, Any], browser_page: tuple[Page, list[str]],
    gql: GraphQLClient,
) -> None:  # fmt: skip
    page, _ = browser_page
    _sign_in(page, api_url, admin_key)
    category = page.locator(f"[data-category='{scene['category'].id}']")
    held = category.locator(f"[data-tag='{scene['held'].id}'] > .node")
    expect(held).to_contain_text(scene["held"].name)
    expect(held.locator(".count")).to_have_text("3")

    category.locator("h3 button").click()  # a new top-level tag, through the form
    name = unique("新标签")
    page.fill("#new-tag-name", name)
    page.click("#tag-panel button[type=submit]")
    expect(page.locator(f"[data-category='{scene['category'].id}']")).to_contain_text(name)
    found = gql.data("query($s: String) { tags(search: $s) { edges { node { name } } } }", s=name)
    assert [e["node"]["name"] for e in found["tags"]["edges"]] == [name]

    page.locator(f"[data-tag='{scene['other'].id}'] > .node").click()
    renamed = unique("已改名")
    page.fill("#tag-name", renamed)
    page.click("#tag-panel button.primary")
    expect(page.locator(f"[data-tag='{scene['other'].id}'] > .node")).to_contain_text(renamed)

    page.locator(f"[data-tag='{scene['other'].id}'] > .node").click()  # move it under `parent`
    target = f"{scene['category'].name}/{scene['parent'].name}"
    mover = page.locator("#tag-panel .tag-picker")
    _pick(page, mover, scene["parent"].name, target)
    page.click("#move-tag")
    expect(page.locator("#toast")).to_contain_text("已移动")
    moved = gql.data("query($id: ID!) { tag(id: $id) { parent { id } } }", id=scene["other"].id)
    assert moved["tag"]["parent"] == {"id": scene["parent"].id}

    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f"[data-tag='{scene['parent'].id}'] > .node").click()
    page.click("#tag-panel button.danger")  # it has a child: refused, and the page says why
    expect(page.locator("#tag-error")).not_to_be_empty()
    assert gql.data("query($id: ID!) { tag(id: $id) { status } }", id=scene["parent"].id)[
        "tag"
    ] == {"status": "ACTIVE"}


def test_the_segment_builder_counts_live_and_tags_the_selected_customers(
    api_url: str, admin_key: str, scene: dict[str, Any], browser_page: tuple[Page, list[str]],
    gql: GraphQLClient,
) -> None:  # fmt: skip
    page, _ = browser_page
    _sign_in(page, api_url, admin_key)
    page.click("#tabs button >> nth=1")
    path = f"{scene['category'].name}/{scene['held'].name}"
    picker = page.locator("#builder .tag-picker").first
    _pick(page, picker, scene["held"].name, path)
    expect(page.locator("#live-count")).to_have_text("3")
    expect(page.locator("tbody tr")).to_have_count(3)

    page.locator("tbody tr input[type=checkbox]").nth(0).check()
    page.locator("tbody tr input[type=checkbox]").nth(1).check()
    bulk = page.locator(".row .tag-picker").last
    other = f"{scene['category'].name}/{scene['other'].name}"
    _pick(page, bulk, scene["other"].name, other)
    page.click("#tag-selected")
    expect(page.locator("#toast")).to_contain_text("2")
    count = gql.data(
        "query($f: CustomerFilter) { customers(filter: $f, first: 0) { totalCount } }",
        f={"hasTag": scene["other"].id},
    )
    assert count["customers"]["totalCount"] == 2


def test_reports_draw_the_distribution_of_a_category(
    api_url: str, admin_key: str, scene: dict[str, Any], browser_page: tuple[Page, list[str]],
) -> None:  # fmt: skip
    page, _ = browser_page
    _sign_in(page, api_url, admin_key)
    page.click("#tabs button >> nth=2")
    page.select_option("#report-category", scene["category"].id)
    expect(page.locator("#distribution-summary")).to_contain_text("3 /")
    expect(page.locator("#distribution-chart canvas")).to_have_count(1)
    for chart in ("#region-chart", "#industry-chart", "#transitions-chart"):
        expect(page.locator(f"{chart} canvas")).to_have_count(1)
    path = f"{scene['category'].name}/{scene['held'].name}"
    picker = page.locator(".tag-picker").first
    _pick(page, picker, scene["held"].name, path)
    expect(page.locator("#together-chart canvas")).to_have_count(1)


def test_a_customer_page_shows_tags_with_provenance_history_and_why_in_the_segment(
    api_url: str, admin_key: str, scene: dict[str, Any], browser_page: tuple[Page, list[str]],
) -> None:  # fmt: skip
    page, _ = browser_page
    _sign_in(page, api_url, admin_key)
    page.click("#tabs button >> nth=1")
    path = f"{scene['category'].name}/{scene['held'].name}"
    picker = page.locator("#builder .tag-picker").first
    _pick(page, picker, scene["held"].name, path)
    expect(page.locator("#live-count")).to_have_text("3")
    first = scene["customers"][0]
    page.click(f"tr[data-customer='{first.id}'] a")

    shown = f"{scene['category'].name} › {scene['held'].name}"
    expect(page.locator("#customer-tags")).to_contain_text(shown)
    expect(page.locator("#customer-tags")).to_contain_text("API · test-admin")
    expect(page.locator("#history li")).to_have_count(1)
    expect(page.locator("#why")).to_contain_text("✓")
    expect(page.locator("#similar")).to_be_attached()
    slide = "s => { s.value = s.max; s.dispatchEvent(new Event('change')); }"
    page.locator("#as-of").evaluate(slide)
    expect(page.locator("#as-of-tags")).to_contain_text(shown)

    page.click("#customer-page button")  # back: the builder as it was
    expect(page.locator("#live-count")).to_have_text("3")


def test_rules_can_be_switched_off_and_previewed(
    api_url: str, admin_key: str, scene: dict[str, Any], browser_page: tuple[Page, list[str]],
    gql: GraphQLClient,
) -> None:  # fmt: skip
    rule = {
        "name": unique("规则"),
        "condition": {"filter": {"hasTag": scene["held"].id}},
        "action": "ADD_TAG",
        "tagId": scene["other"].id,
    }
    rule_id = gql.data(
        "mutation($input: TagRuleInput!) { createTagRule(input: $input) { rule { id } } }",
        input=rule,
    )["createTagRule"]["rule"]["id"]
    page, _ = browser_page
    _sign_in(page, api_url, admin_key)
    page.click("#tabs button >> nth=3")
    row = page.locator(f"tr[data-rule='{rule_id}']")
    row.locator("button").click()
    expect(page.locator("#rule-preview")).to_contain_text("+3")
    row.locator("input[type=checkbox]").uncheck()
    expect(page.locator("#toast")).not_to_be_empty()
    enabled = gql.data("{ tagRules { id enabled } }")["tagRules"]
    assert {"id": rule_id, "enabled": False} in enabled


@pytest.fixture
def duplicates(run: Runner) -> tuple[Any, Any]:
    """Two tags of one name in two categories: a duplicate candidate."""

    async def pair(db: Database) -> tuple[Any, Any]:
        name = unique("重复")
        first = await make_tag(db, category=await make_category(db), name=name)
        second = await make_tag(db, category=await make_category(db), name=name)
        return first, second

    made: tuple[Any, Any] = run(pair)
    return made


def test_duplicate_candidates_are_merged_from_the_review_queue(
    api_url: str, admin_key: str, duplicates: tuple[Any, Any],
    browser_page: tuple[Page, list[str]], gql: GraphQLClient,
) -> None:  # fmt: skip
    first, second = duplicates
    page, _ = browser_page
    _sign_in(page, api_url, admin_key)
    page.click("#open-duplicates")
    entry = page.locator("#duplicates li", has_text=first.name)
    expect(entry).to_have_count(1)
    entry.locator("button").first.click()
    expect(page.locator("#toast")).not_to_be_empty()
    statuses = {
        gql.data("query($id: ID!) { tag(id: $id) { status } }", id=tag.id)["tag"]["status"]
        for tag in (first, second)
    }
    assert statuses == {"ACTIVE", "MERGED"}


def test_the_segment_is_exported_as_a_file_the_browser_saves(
    api_url: str, admin_key: str, scene: dict[str, Any], browser_page: tuple[Page, list[str]],
) -> None:  # fmt: skip
    page, _ = browser_page
    _sign_in(page, api_url, admin_key)
    page.click("#tabs button >> nth=1")
    path = f"{scene['category'].name}/{scene['held'].name}"
    picker = page.locator("#builder .tag-picker").first
    _pick(page, picker, scene["held"].name, path)
    expect(page.locator("#live-count")).to_have_text("3")
    with page.expect_download() as download:
        page.click("#export")
    saved = download.value
    assert saved.suggested_filename == "customers.csv"
    text = Path(saved.path()).read_text(encoding="utf-8-sig")
    assert {line.split(",")[0] for line in text.splitlines()[1:]} == {
        c.id for c in scene["customers"]
    }
    assert len(text.strip().splitlines()) == 1 + 3  # the header and the segment's customers
