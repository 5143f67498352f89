"""GraphiQL and the REST docs load everything from the API itself: the vendored files are the
pinned ones, the pages name no other host, and in a real browser with every request beyond
loopback refused, GraphiQL runs a query."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Route, expect, sync_playwright
from pydantic import SecretStr
from strawberry.http.ides import get_graphql_ide_html

from api.web import STATIC_ROOT, VENDOR_PATH, offline_graphiql
from tests.api.conftest import ApiWith

HTML = {"Accept": "text/html"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MANIFEST: list[dict[str, Any]] = json.loads((STATIC_ROOT / "vendor/MANIFEST.json").read_text())[
    "files"
]
REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""")


def _digest(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def _local_assets(page: str) -> list[str]:
    return re.findall(r"""(?:src|href)="(/static/[^"]+)\"""", page)


def test_every_vendored_file_is_the_one_the_manifest_pins() -> None:
    vendor = STATIC_ROOT / "vendor"
    listed = {f"{entry['package']}@{entry['version']}/{entry['path']}" for entry in MANIFEST}
    on_disk = {str(path.relative_to(vendor)) for path in vendor.rglob("*") if path.is_file()} - {
        "MANIFEST.json"
    }
    assert on_disk == listed
    for entry in MANIFEST:
        data = (vendor / f"{entry['package']}@{entry['version']}" / entry["path"]).read_bytes()
        assert _digest(data) == entry["sha384"], entry["path"]


def test_offline_graphiql_keeps_strawberrys_pinned_digests_and_names_no_other_host() -> None:
    template = get_graphql_ide_html("graphiql")
    pinned = re.findall(r'integrity="(sha384-[^"]+)"', template)
    page = offline_graphiql(template)
    assert pinned and re.findall(r'integrity="(sha384-[^"]+)"', page) == pinned
    assert not REMOTE.search(page)
    manifest = {f"{VENDOR_PATH}/{e['package']}@{e['version']}/{e['path']}": e for e in MANIFEST}
    assert {manifest[url]["sha384"] for url in _local_assets(page)} == set(pinned)


@pytest.mark.parametrize("path", ["/graphql", "/docs"])
def test_pages_and_their_assets_load_without_a_credential_from_this_api(
    api_url: str, path: str
) -> None:
    page = httpx.get(api_url + path, headers=HTML)
    assert page.status_code == 200
    assert not REMOTE.search(page.text)
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assets = _local_assets(page.text)
    assert assets
    for asset in assets:
        answer = httpx.get(api_url + asset)
        assert answer.status_code == 200, asset
        pinned = next(e for e in MANIFEST if asset.endswith(f"@{e['version']}/{e['path']}"))
        assert _digest(answer.content) == pinned["sha384"]


def test_static_files_serve_nothing_outside_their_folder_and_data_still_needs_a_key(
    api_url: str,
) -> None:
    for path in ("/static/../api/app.py", "/static/vendor/../../web.py", "/static/%2e%2e/web.py"):
        answer = httpx.get(api_url + path)
        assert answer.status_code in (401, 404) and "import" not in answer.text, path
    assert httpx.get(f"{api_url}/static/missing.js").status_code == 404
    assert httpx.get(f"{api_url}/openapi.json").status_code == 401
    assert httpx.post(f"{api_url}/static/vendor/MANIFEST.json").status_code == 401


def test_docs_list_the_rest_routes_for_a_signed_in_caller(api_url: str, gql: Any) -> None:
    spec = gql.http.get("/openapi.json").json()
    assert {"/healthz", "/readyz"} <= set(spec["paths"])


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/graphql?q=%7B%20viewer%20%7B%20roles%20%7D%20%7D", "ADMIN"),
        ("/docs", "/readyz"),
    ],
)
def test_pages_work_in_a_browser_with_the_network_unplugged(
    api_with: ApiWith, admin_key: str, tmp_path: Path, path: str, shown: str
) -> None:
    client = api_with(env="local", admin_key=SecretStr(admin_key))
    base = str(client.base_url).rstrip("/")
    refused: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()

            def only_loopback(route: Route) -> None:
                if route.request.url.startswith(base):
                    route.continue_()
                else:
                    refused.append(route.request.url)
                    route.abort()

            page.route("**/*", only_loopback)
            blocked: list[str] = []  # what the page's Content-Security-Policy refused
            page.on(
                "console",
                lambda m: blocked.append(m.text) if "Content Security" in m.text else None,
            )
            page.goto(base + path)
            if path.startswith("/graphql"):  # run the query in the URL: the key goes with it
                page.wait_for_selector(".graphiql-execute-button", timeout=90_000)
                page.click(".graphiql-execute-button")
                # A locator, not wait_for_function: the page's CSP forbids the eval it needs.
                expect(page.locator(".result-window")).to_contain_text(shown, timeout=90_000)
            else:  # Swagger UI read /openapi.json with the key and lists the routes
                page.wait_for_selector(f"text={shown}", timeout=90_000)
            page.screenshot(path=str(tmp_path / "page.png"))
        finally:
            browser.close()
    assert refused == [], refused
    assert blocked == [], blocked
