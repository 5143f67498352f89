"""Neo4j Browser opens the analysts' guide and style the API serves: every saved query of
cypher/analyst/ as a runnable block with example parameters, nothing to copy by hand."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Route, expect, sync_playwright

from ops.browser.guide import ANALYST
from ops.neo4j_server import LocalNeo4j
from settings import Settings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_the_guide_holds_every_analyst_query_with_its_example_parameters(api_url: str) -> None:
    guide = httpx.get(f"{api_url}/browser/guide.md")  # no credential: a text, no data
    assert guide.status_code == 200
    slides = guide.text.split("\n---\n")
    queries = sorted(ANALYST.glob("*.cypher"))
    assert len(slides) == 1 + len(queries)
    for path, slide in zip(queries, slides[1:], strict=True):
        text = path.read_text(encoding="utf-8")
        body = "\n".join(line for line in text.splitlines() if not line.startswith("//"))
        assert "```cypher" in slide and body.strip() in slide, path.name
        for name in set(re.findall(r"\$(\w+)", body)):
            assert f":param {name} =>" in slide, (path.name, name)


def test_only_the_local_browser_may_read_the_guide_and_the_style(
    api_url: str, settings: Settings
) -> None:
    browser = f"http://127.0.0.1:{settings.neo4j_http_port}"
    for path in ("/browser/guide.md", "/browser/style.grass"):
        mine = httpx.get(api_url + path, headers={"Origin": browser})
        other = httpx.get(api_url + path, headers={"Origin": "http://evil.example"})
        assert mine.headers["access-control-allow-origin"] == browser
        assert "access-control-allow-origin" not in other.headers
    style = httpx.get(f"{api_url}/browser/style.grass").text
    for label in ("Customer", "Tag", "TagCategory", "Industry", "Region", "ChangeNotice"):
        assert f"node.{label} {{" in style


def test_the_local_neo4j_opens_the_style_and_the_guide_after_connecting(
    settings: Settings, tmp_path: Path
) -> None:
    server = LocalNeo4j(settings.model_copy(update={"neo4j_home": tmp_path}))
    server.write_config()
    conf = (server.instance / "conf" / "neo4j.conf").read_text()
    port = settings.api_port
    assert "browser.remote_content_hostname_whitelist=127.0.0.1,localhost" in conf
    assert f"style http://127.0.0.1:{port}/browser/style.grass" in conf
    assert f"guide http://127.0.0.1:{port}/browser/guide.md" in conf


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_neo4j_browser_shows_the_guide_with_runnable_queries(
    api_url: str, settings: Settings, tmp_path: Path
) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})

            def loopback_only(route: Route) -> None:  # Browser itself asks for web fonts
                local = route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1"))
                route.continue_() if local else route.abort()

            page.route("**/*", loopback_only)
            page.goto(f"http://127.0.0.1:{settings.neo4j_http_port}/browser/")
            page.fill("[data-testid=boltaddress]", settings.neo4j_uri.removeprefix("bolt://"))
            page.fill("[data-testid=username]", settings.neo4j_user)
            page.fill("[data-testid=password]", settings.password())
            page.click("[data-testid=connect]")
            page.keyboard.type(f":guide {api_url}/browser/guide.md")
            page.keyboard.press("Enter")
            expect(page.get_by_text("TagGraph for analysts").first).to_be_visible(timeout=30_000)
            expect(page.locator("pre.runnable").first).to_be_visible()
            page.screenshot(path=str(tmp_path / "browser.png"))
        finally:
            browser.close()
