"""Chromium measurements: a tab fully drawn in a new session, and a filter change redrawn.

"Fully drawn" is measured in the page: an init script counts the callback requests in flight
and stamps the time of the last callback response and of the last DOM mutation. The page has
settled once no request is in flight, nothing is loading, every chart holds traces or its
empty-state message, and nothing changed for ``QUIET_MS``; the time reported is that of the
last change, so the quiet period is not counted.
"""

from __future__ import annotations

import json
from typing import Any

from tests import services

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
QUIET_MS = 500
SETTLE_TIMEOUT_MS = 180_000
CALLBACK_PATH = "/_dash-update-component"

_INSTRUMENT = f"""(() => {{
    const bench = window.__bench = {{inflight: 0, requests: 0, last: performance.now(), start: 0}};
    const fetch = window.fetch;
    window.fetch = function (input, init) {{
        const url = typeof input === 'string' ? input : input.url;
        if (!url.includes('{CALLBACK_PATH}')) {{ return fetch.apply(this, arguments); }}
        bench.inflight++; bench.requests++; bench.last = performance.now();
        return fetch.apply(this, arguments).finally(() => {{ bench.inflight--; bench.last = performance.now(); }});
    }};
    new MutationObserver(() => {{ bench.last = performance.now(); }})
        .observe(document, {{subtree: true, childList: true, attributes: true, characterData: true}});
}})();"""

_SETTLED = """quiet => {
    const bench = window.__bench;
    if (!bench || bench.inflight > 0 || performance.now() - bench.last < quiet) { return false; }
    if (!document.querySelector('#tab-content > *') || document.querySelector('[data-dash-is-loading="true"]')) {
        return false;
    }
    return Array.from(document.querySelectorAll('.js-plotly-plot')).every(el => el.data && (el.data.length > 0
        || (el.layout && el.layout.annotations && el.layout.annotations.length > 0)));
}"""


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=services.CHROMIUM, args=CHROMIUM_ARGS)


class TabSession:
    """A new browser context on one tab: its first render, its callback requests, filter changes."""

    def __init__(self, browser: Any, base_url: str, tab: str):
        self.base_url, self.tab = base_url, tab
        self.context = browser.new_context(viewport=VIEWPORT)
        self.context.add_init_script(_INSTRUMENT)
        self.page = self.context.new_page()
        self.requests: list[dict] = []
        self.errors: list[str] = []
        self.page.on("request", self._on_request)
        self.page.on("response", self._on_response)

    def _on_request(self, request: Any) -> None:
        if CALLBACK_PATH in request.url:
            body = request.post_data
            self.requests.append(
                {"path": request.url.split("/", 3)[3], "body": body, "output": json.loads(body)["output"]}
            )

    def _on_response(self, response: Any) -> None:
        if CALLBACK_PATH in response.url and response.status != 200:
            self.errors.append(f"{response.status} {response.url}")

    def settle(self) -> dict:
        self.page.wait_for_function(_SETTLED, arg=QUIET_MS, timeout=SETTLE_TIMEOUT_MS, polling=50)
        return self.page.evaluate(
            "() => ({ms: window.__bench.last - window.__bench.start, "
            "epoch_ms: performance.timeOrigin + window.__bench.last})"
        )

    def open(self, search: str = "") -> float:
        """Load the tab; milliseconds from navigation start to fully drawn."""
        self.page.goto(f"{self.base_url}/{tab_search(self.tab, search)}")
        return self.settle()["ms"]

    def change_filters(self, search: str) -> dict:
        """Change the URL's filters without reloading, as a link or the back button does (the
        shell callback then sets the filter widgets and the filters store): ms until redrawn."""
        before = len(self.requests)
        self.page.evaluate(
            """search => {
            window.__bench.start = window.__bench.last = performance.now();
            window.history.pushState({}, '', search);
            window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));
        }""",
            tab_search(self.tab, search),
        )
        result = self.settle()
        return {"ms": result["ms"], "requests": len(self.requests) - before}

    def close(self) -> None:
        self.context.close()


def tab_search(tab: str, filters_search: str) -> str:
    """The page's URL search for a tab and a filters search string ('?tag=x' or '')."""
    parts = [f"tab={tab}", filters_search.lstrip("?")]
    return "?" + "&".join(p for p in parts if p)


def time_to_overview(browser: Any, base_url: str, started_epoch: float) -> float:
    """Seconds from ``started_epoch`` (time.time() before the server was launched) to a drawn Overview."""
    session = TabSession(browser, base_url, "overview")
    try:
        session.page.goto(f"{base_url}/")
        return session.settle()["epoch_ms"] / 1000 - started_epoch
    finally:
        session.close()
