"""Fuzzing every server callback through a real gunicorn: no input, and no malformed request
body, makes the server answer 500.

The requests are built from ``/_dash-dependencies`` (every server callback, with the shapes the
browser sends) with each input and state value replaced by a random JSON value from a seeded
generator; malformed bodies (not an object, missing or unknown parts, wrong shapes) must get a 4xx.
A callback that fails unexpectedly on a fuzzed value answers with its error state and logs the
exception once, naming the callback and its inputs: the test fails on any such log line too, so
such a failure is fixed at its root rather than hidden.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from tests import services

SEED = 8_5  # issue 8, item 5
N_REQUESTS = 2000
CLIENTS = 8
MAX_DEPTH = 4
UPDATE = "/_dash-update-component"
WILDCARDS = ('["ALL"]', '["ALLSMALLER"]', '["MATCH"]')
# The line callbacks.common logs (once, with the traceback) for an unexpected callback failure.
UNEXPECTED_MARK = "Unexpected error in callback"

SQL_FRAGMENTS = (
    "'; DROP TABLE recipes; --",
    "1 OR 1=1",
    '" OR ""="',
    "'); SELECT * FROM read_csv('/etc/passwd'); --",
    '{name} contains "x" || 1=1',
    "$f",
    "?",
    "%s",
    "\\",
    "\x00",
    "{{x}}",
    "${x}",
)
UNICODE = (
    "日本語のレシピ",
    "crème brûlée",
    "🍰🔥",
    "\u202e\u200b",
    "ｍｉｎｕｔｅｓ",  # noqa: RUF001  (fullwidth letters on purpose: a look-alike input)
    "²",
    "٣",
    "Ⅻ",
    "\ud7ff",
    "é" * 300,
)
# Values shaped like the app's own (URL queries, ranges, option values, DataTable syntax), so fuzzing
# reaches past the first type check into the parsing.
DOMAIN = (
    "?sy=2002-2010&iy=2005-&min=30-120&zero=0&tag=easy&ingr=salt&focus=season:winter",
    "?sy=99999999999999999999-1&iy=-&min=abc-&zero=1&focus=year:abc&tag=&ingr=%00",
    "?min=-5--1&sy=2010-2002&focus=month:13&focus=weekday:9&tab=explorer&lang=fr&recipe=12",
    "?recipe=²",
    "?recipe=99999999999999999999999",
    "?recipe=-1",
    "?focus=season:",
    "?focus=:x",
    "?tab=nope&lang=xx",
    "?tag=" + "&tag=".join(str(i) for i in range(40)),
    "sy=1999-2018",
    "?%zz=%%",
    "?" + "a=" * 2000,
    "2002-2010",
    "30-",
    "-",
    "1-2-3",
    "tags",
    "ingredients",
    "minutes",
    "calories",
    "n_steps",
    "complexity",
    "25-75",
    "10-90",
    "recipes",
    "interactions",
    "recipe_tags",
    "overview",
    "trends",
    "explorer",
    "en",
    "fr",
    "dark",
    "light",
    "season:winter",
    "year:2005",
    "{minutes} > 30",
    '{name} contains "cake"',
    '{minutes} > 30 && {name} contains "cake"',
    "{nope} = 1",
    '{minutes} > "x"',
    "{minutes} is blank",
    "NaN",
    "Infinity",
    "-Infinity",
    "nan",
    "1e309",
    "-0",
    "0x10",
    "1_000",
    " 42 ",
    "true",
    "null",
    "[]",
    "{}",
)
TAGS = ("easy", "60-minutes-or-less", "main-dish", "dietary", "vegetarian", "desserts", "no-such-tag", "")
INGREDIENTS = ("salt", "butter", "sugar", "eggs", "olive oil", "water", "no such ingredient", "\x00salt", "%00", "'")
FOCUS_VALUES = (
    "2001",
    "2005",
    "2018",
    "1990",
    "2003-2008",
    "2010-2004",
    "2005-",
    "99999-1",
    "6",
    "13",
    "0",
    "winter",
    "summer",
    "weekend",
    "weekday",
    "abc",
    "²",
    "",
)
INTEGERS = (0, 1, -1, 2, 5, 14, 15, 2005, 2018, 99, 2**31, 2**53 + 1, 2**63, -(2**63) - 1, 10**30, -(10**30))
FLOATS = (0.5, -0.0, 1e-300, 1e308, -1e308, 2005.5, 3.999999)


def random_range(rng: random.Random) -> str:
    def bound():
        return rng.choice(
            (
                "",
                "",
                "1999",
                "2002",
                "2010",
                "2018",
                "0",
                "30",
                "120",
                "1440",
                "-5",
                "99999999999999999999",
                "abc",
                str(rng.randint(-(10**5), 10**5)),
            )
        )

    return f"{bound()}-{bound()}" if rng.random() < 0.9 else bound()


def random_search(rng: random.Random) -> str:
    """A URL query like the app's (filters, tab, language, recipe) with valid, edge and wrong parts."""
    parts = []
    for key in ("sy", "iy", "min"):
        if rng.random() < 0.4:
            parts.append((key, random_range(rng)))
    if rng.random() < 0.3:
        parts.append(("zero", rng.choice(("0", "1", ""))))
    parts += [("tag", rng.choice(TAGS)) for _ in range(rng.choice((0, 0, 1, 2, 25)))]
    parts += [("ingr", rng.choice(INGREDIENTS)) for _ in range(rng.choice((0, 0, 1, 2)))]
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):  # cross-filters combine, one per dimension
        dimension = rng.choice(("year", "review_year", "month", "season", "weekday", "daytype", "planet", ""))
        parts.append(("focus", f"{dimension}:{rng.choice(FOCUS_VALUES)}"))
    for key, values in (
        ("tab", ("overview", "trends", "explorer", "recipes", "x")),
        ("lang", ("en", "fr", "xx")),
        ("recipe", ("1", "7", "-1", "²", "99999999999999999999999", "abc")),
    ):
        if rng.random() < 0.15:
            parts.append((key, rng.choice(values)))
    return ("?" if rng.random() < 0.8 else "") + urlencode(parts)


def random_value(rng: random.Random, depth: int = 0) -> Any:
    """One random JSON value: scalars of every type, the app's own shapes, lists, dicts, nesting."""
    kind = rng.choice(
        (
            "none",
            "bool",
            "int",
            "float",
            "text",
            "text",
            "domain",
            "domain",
            "search",
            "search",
            "list",
            "dict",
            "shaped",
        )
    )
    if depth >= MAX_DEPTH and kind in ("list", "dict", "shaped"):
        kind = "text"
    if kind == "none":
        return None
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "int":
        return rng.choice(INTEGERS) if rng.random() < 0.7 else rng.randint(-(10**6), 10**6)
    if kind == "float":
        return rng.choice(FLOATS) if rng.random() < 0.7 else rng.uniform(-1e6, 1e6)
    if kind == "domain":
        return rng.choice(DOMAIN)
    if kind == "search":
        return random_search(rng)
    if kind == "text":
        choice = rng.random()
        if choice < 0.3:
            return rng.choice(SQL_FRAGMENTS)
        if choice < 0.6:
            return rng.choice(UNICODE)
        if choice < 0.75:
            return rng.choice("abcxyz'\"{}%&?=:-") * rng.choice((1, 100, 10_000))
        return "".join(chr(rng.randint(1, 0x2FFF)) for _ in range(rng.randint(0, 20)))
    if kind == "list":
        return [random_value(rng, depth + 1) for _ in range(rng.choice((0, 1, 2, 3, 30)))]
    if kind == "dict":
        keys = ("points", "column_id", "direction", "x", "customdata", "recipe", "type", "name", "", "日本", "0")
        return {rng.choice(keys): random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    # Shapes the app's inputs really have, with random contents: slider ranges, sort_by, clickData.
    return rng.choice(
        (
            lambda: [random_value(rng, depth + 1), random_value(rng, depth + 1)],
            lambda: [{"column_id": random_value(rng, depth + 1), "direction": rng.choice(("asc", "desc", "up", None))}],
            lambda: {"points": [{"x": random_value(rng, depth + 1), "customdata": random_value(rng, depth + 1)}]},
            lambda: {"points": random_value(rng, depth + 1)},
            lambda: [rng.choice(DOMAIN) for _ in range(rng.choice((1, 3, 25)))],
        )
    )()


# -- requests built from /_dash-dependencies ----------------------------------------------------


def parse_id(text: str) -> Any:
    return json.loads(text) if text.startswith("{") else text


def stringify_id(component_id: Any) -> str:
    """Dash's string form of an id (sorted keys, compact)."""
    if isinstance(component_id, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{json.dumps(component_id[k])}" for k in sorted(component_id)) + "}"
    return component_id


def split_output(output: str) -> tuple[list[dict[str, str]], bool]:
    """The outputs of a callback id ('..a.x...b.y..' for several), as the browser lists them."""
    multi = output.startswith("..")
    parts = output[2:-2].split("...") if multi else [output]
    specs = []
    for part in parts:
        id_text, _, prop = part.rpartition(".")
        specs.append({"id": id_text.replace("\\.", "."), "property": prop})
    return specs, multi


def concrete(id_text: str, names: list[str]) -> list[Any] | Any:
    """A wildcard id as the browser sends it: a list of concrete ids for ALL / ALLSMALLER, one for MATCH;
    any other id as it is."""
    component_id = parse_id(id_text)
    if not isinstance(component_id, dict) or not any(w in id_text for w in WILDCARDS):
        return component_id

    def fill(name: str) -> dict:
        return {k: (name if isinstance(v, list) else v) for k, v in component_id.items()}

    if '["MATCH"]' in id_text:
        return fill(names[0] if names else "match")
    return [fill(name) for name in names]


def fuzzed_body(rng: random.Random, callback: dict) -> dict:
    names = [rng.choice(("volume", "x", "日本", "'; --", "1")) + str(i) for i in range(rng.choice((0, 1, 2, 3)))]

    def items(dependencies: list[dict]) -> list:
        result = []
        for dependency in dependencies:
            ids = concrete(dependency["id"], names)
            if isinstance(ids, list):
                result.append([{"id": i, "property": dependency["property"], "value": random_value(rng)} for i in ids])
            else:
                result.append({"id": ids, "property": dependency["property"], "value": random_value(rng)})
        return result

    specs, multi = split_output(callback["output"])
    outputs = []
    for spec in specs:
        ids = concrete(spec["id"], names)
        outputs.append(
            [{"id": i, "property": spec["property"]} for i in ids]
            if isinstance(ids, list)
            else {"id": ids, "property": spec["property"]}
        )
    inputs = items(callback["inputs"])
    prop_ids = [
        f"{stringify_id(i['id'])}.{i['property']}"
        for entry in inputs
        for i in (entry if isinstance(entry, list) else [entry])
    ]
    changed = rng.sample(prop_ids, k=min(len(prop_ids), rng.choice((0, 1, 1, 1, 2))))
    return {
        "output": callback["output"],
        "outputs": outputs if multi else outputs[0],
        "inputs": inputs,
        "changedPropIds": changed,
        "state": items(callback["state"]),
    }


def malformed_bodies(callbacks: list[dict], clientside: list[dict]) -> list[tuple[str, bytes]]:
    """(label, raw body) of requests the server must refuse with a 4xx."""
    rng = random.Random(SEED + 1)
    shell = next(c for c in callbacks if c["output"].startswith("..url.search..."))  # sync_url, many inputs
    single = next(c for c in callbacks if not c["output"].startswith("..") and c["inputs"])
    pattern = next(c for c in callbacks if '["ALL"]' in c["output"])
    good_shell, good_single, good_pattern = (fuzzed_body(rng, c) for c in (shell, single, pattern))
    deep = "[" * 100_000 + "]" * 100_000

    def variant(body: dict, **changes: Any) -> bytes:
        changed = {**body, **changes}
        return json.dumps({k: v for k, v in changed.items() if v is not ...}).encode()

    cases: list[tuple[str, bytes]] = [
        ("empty", b""),
        ("not json", b"not json"),
        ("truncated", b'{"output": "x"'),
        ("null", b"null"),
        ("list", b"[]"),
        ("number", b"42"),
        ("string", b'"output"'),
        ("empty object", b"{}"),
        ("deeply nested", deep.encode()),
        ("deep value", variant(good_single, inputs=json.loads("[" * 900 + "]" * 900))),
        ("huge integer", b'{"output": ' + b"9" * 5000 + b"}"),
        ("NaN", b'{"output": NaN}'),
        ("output not a string", variant(good_single, output=1)),
        ("output a list", variant(good_single, output=[single["output"]])),
        ("unknown output", variant(good_single, output="nope.children")),
        ("unknown multi output", variant(good_shell, output="..a.b...c.d..")),
        ("missing output", variant(good_single, output=...)),
        ("missing inputs", variant(good_single, inputs=...)),
        ("missing outputs", variant(good_shell, outputs=...)),
        ("inputs a dict", variant(good_single, inputs={"a": 1})),
        ("inputs a string", variant(good_single, inputs="inputs")),
        ("inputs null", variant(good_single, inputs=None)),
        ("inputs too short", variant(good_shell, inputs=good_shell["inputs"][:-1])),
        ("inputs too long", variant(good_shell, inputs=good_shell["inputs"] + good_shell["inputs"][:1])),
        ("input not an object", variant(good_shell, inputs=[1, *good_shell["inputs"][1:]])),
        (
            "input without id",
            variant(good_shell, inputs=[{"property": "search", "value": "?"}, *good_shell["inputs"][1:]]),
        ),
        (
            "input id a list",
            variant(good_shell, inputs=[{"id": ["url"], "property": "search"}, *good_shell["inputs"][1:]]),
        ),
        (
            "input of another component",
            variant(good_shell, inputs=[{"id": "tabs", "property": "search"}, *good_shell["inputs"][1:]]),
        ),
        (
            "input property a number",
            variant(good_shell, inputs=[{"id": "url", "property": 3}, *good_shell["inputs"][1:]]),
        ),
        (
            "pattern input not a list",
            variant(good_pattern, state=[{"id": {"type": "graph", "name": "x"}, "property": "id", "value": 1}]),
        ),
        ("pattern id wrong keys", variant(good_pattern, state=[[{"id": {"type": "graph"}, "property": "id"}]])),
        (
            "pattern id value a dict",
            variant(good_pattern, state=[[{"id": {"type": "graph", "name": {"a": 1}}, "property": "id"}]]),
        ),
        ("state a dict", variant(good_shell, state={"x": 1})),
        ("state too short", variant(good_shell, state=good_shell["state"][:2])),
        ("outputs a dict for several", variant(good_shell, outputs=good_shell["outputs"][0])),
        ("outputs too short", variant(good_shell, outputs=good_shell["outputs"][:3])),
        ("outputs of other components", variant(good_single, outputs={"id": "nope", "property": "children"})),
        ("outputs a string", variant(good_single, outputs="outputs")),
        (
            "pattern outputs not a list",
            variant(good_pattern, outputs={"id": {"type": "graph", "name": "x"}, "property": "figure"}),
        ),
        ("changedPropIds a string", variant(good_shell, changedPropIds="url.search")),
        ("changedPropIds numbers", variant(good_shell, changedPropIds=[1, 2])),
        ("changedPropIds unknown", variant(good_shell, changedPropIds=["nope.value", '{"a":.x'])),
    ]
    for callback in clientside[:2]:
        cases.append((f"clientside {callback['output'][:30]}", json.dumps(fuzzed_body(rng, callback)).encode()))
    return cases


# -- the test ------------------------------------------------------------------------------------


class Client:
    """One keep-alive HTTP connection per thread."""

    def __init__(self, base_url: str) -> None:
        self.netloc = urlsplit(base_url).netloc
        self.local = threading.local()

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        for attempt in range(2):
            connection = getattr(self.local, "connection", None)
            if connection is None:
                connection = self.local.connection = http.client.HTTPConnection(self.netloc, timeout=120)
            try:
                connection.request(method, path, body=body, headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError):
                connection.close()
                self.local.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def _excerpt(value: Any, limit: int = 300) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, (bytes, str)) else str(value)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} chars)"


def _unexpected_log_lines(log_dir: Path) -> list[str]:
    path = log_dir / "prod" / "errors.log"
    return (
        [line for line in path.read_text(encoding="utf-8").splitlines() if UNEXPECTED_MARK in line]
        if path.exists()
        else []
    )


@pytest.fixture(scope="module")
def fuzz_server(generated_dataset, tmp_path_factory):
    logs = tmp_path_factory.mktemp("fuzz-logs")
    env = {
        "DATA_URI": generated_dataset,
        "APP_ENV": "prod",
        "LOG_DIR": str(logs),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_THREADS": "4",
        "WEB_CONCURRENCY": "2",
    }
    with services.gunicorn_server(env, workers=2, log_path=logs / "gunicorn.out") as url:
        yield url, logs


def test_no_callback_answers_500_to_fuzzed_inputs_or_malformed_bodies(fuzz_server, tmp_path):
    url, log_dir = fuzz_server
    client = Client(url)
    status, body = client.request("GET", "/_dash-dependencies")
    assert status == 200
    dependencies = json.loads(body)
    callbacks = [c for c in dependencies if not c.get("clientside_function")]
    clientside = [c for c in dependencies if c.get("clientside_function")]
    assert len(callbacks) > 50

    rng = random.Random(SEED)
    requests = [
        ("fuzz", callbacks[i % len(callbacks)]["output"], fuzzed_body(rng, callbacks[i % len(callbacks)]))
        for i in range(N_REQUESTS)
    ]
    rng.shuffle(requests)
    malformed = malformed_bodies(callbacks, clientside)

    def send(label: str, output: str, payload: dict | bytes) -> tuple[str, str, int, Any]:
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        status, _ = client.request("POST", UPDATE, raw)
        return label, output, status, payload

    started = time.monotonic()
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(
            pool.map(lambda r: send(*r), [*requests, *(("malformed", label, raw) for label, raw in malformed)])
        )
    elapsed = time.monotonic() - started

    fuzzed = [r for r in results if r[0] == "fuzz"]
    refused = [r for r in results if r[0] == "malformed"]
    failures = [r for r in results if r[2] >= 500]
    report = [
        {
            "kind": kind,
            "callback": output,
            "status": status,
            "body": _excerpt(
                payload if kind == "malformed" else {k: payload[k] for k in ("inputs", "state", "changedPropIds")}, 2000
            ),
        }
        for kind, output, status, payload in failures
    ]
    (tmp_path / "fuzz_failures.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    by_callback = Counter(r["callback"][:80] for r in report)
    print(
        f"{len(results)} requests in {elapsed:.1f} s; statuses {Counter(r[2] for r in results)}; "
        f"500 by callback: {dict(by_callback)}"
    )
    assert not failures, (
        f"{len(failures)} of {len(results)} requests answered 5xx "
        f"({len(by_callback)} callbacks: {dict(by_callback)}); first: {report[:3]}"
    )
    assert {r[2] for r in fuzzed} <= {200, 204}, Counter(r[2] for r in fuzzed)
    wrongly_accepted = [(label, status) for _, label, status, _ in refused if not 400 <= status < 500]
    assert not wrongly_accepted, wrongly_accepted

    status, _ = client.request("GET", "/health")
    assert status == 200

    # Unexpected callback failures answer with the callback's error state, and are logged: none may remain.
    time.sleep(1.0)  # the log is written by gunicorn's master from a queue
    lines = _unexpected_log_lines(log_dir)
    assert not lines, "callbacks failed unexpectedly on fuzzed inputs:\n" + "\n".join(lines[:20])


def _request(dependencies: list[dict], output: str, values: dict[str, Any], changed: list[str] = ()) -> dict:
    """The body the browser posts for callback ``output``, with ``values`` by prop id ('id.property')."""
    callback = next(c for c in dependencies if c["output"] == output)

    def items(entries: list[dict]) -> list[dict]:
        return [
            {"id": e["id"], "property": e["property"], "value": values.get(f"{e['id']}.{e['property']}")}
            for e in entries
        ]

    specs, multi = split_output(output)
    return {
        "output": output,
        "outputs": specs if multi else specs[0],
        "inputs": items(callback["inputs"]),
        "state": items(callback["state"]),
        "changedPropIds": list(changed),
    }


def test_invalid_inputs_show_the_callbacks_error_state_and_malformed_bodies_get_400(fuzz_server):
    from app.i18n import t
    from callbacks import common  # noqa: F401 - registers the texts

    url, _ = fuzz_server
    client = Client(url)
    dependencies = json.loads(client.request("GET", "/_dash-dependencies")[1])
    invalid_en, invalid_fr = t("input.invalid", "en"), t("input.invalid", "fr")

    # A recipe id that is no id: the detail card shows the invalid-input message, in the page's language.
    for language, message in (("en", invalid_en), ("fr", invalid_fr)):
        body = _request(
            dependencies,
            "recipes-detail.children",
            {"filters-store.data": "", "recipes-selected.data": {"id": 7}, "language-store.data": language},
        )
        status, answer = client.request("POST", UPDATE, json.dumps(body).encode())
        assert status == 200
        assert json.loads(answer)["response"]["recipes-detail"]["children"]["props"]["children"] == message

    # The Explorer's block request is an object: any other value shows its error alert and an empty block.
    explorer = next(c["output"] for c in dependencies if c["output"].startswith("..explorer-grid.getRowsResponse..."))
    body = _request(
        dependencies,
        explorer,
        {"explorer-grid.getRowsRequest": "x", "language-store.data": "en"},
        changed=["explorer-grid.getRowsRequest"],
    )
    status, answer = client.request("POST", UPDATE, json.dumps(body).encode())
    response = json.loads(answer)["response"]
    assert status == 200 and response["explorer-grid"]["getRowsResponse"] == {"rowData": [], "rowCount": 0}
    assert response["explorer-error"]["children"]["props"]["children"] == invalid_en

    # Values of the wrong type fall back to the defaults: the filters store holds a list, the
    # language a number: the KPIs are those of every recipe, in English.
    kpis = _request(dependencies, "overview-kpis.children", {"filters-store.data": "", "language-store.data": "en"})
    junk = _request(
        dependencies, "overview-kpis.children", {"filters-store.data": ["?sy=2002-2010"], "language-store.data": 3}
    )
    answers = [client.request("POST", UPDATE, json.dumps(b).encode()) for b in (kpis, junk)]
    assert [status for status, _ in answers] == [200, 200]
    assert json.loads(answers[0][1])["response"] == json.loads(answers[1][1])["response"]

    # A malformed body is refused with a 400 saying why.
    status, answer = client.request("POST", UPDATE, json.dumps({**kpis, "inputs": kpis["inputs"] * 2}).encode())
    assert status == 400 and json.loads(answer) == {"error": "inputs must list the callback's 1 inputs"}
    status, answer = client.request("POST", UPDATE, b"[1, 2]")
    assert status == 400 and json.loads(answer) == {"error": "the body must be a JSON object"}
