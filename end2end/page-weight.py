#!/usr/bin/env python3
"""What a first visit to each page downloads, as served (brotli), against its budget.

Counts the HTML, every /pkg/ file the page names (CSS, JS, wasm), and for each island on the
page the wasm chunks it loads (from cargo-leptos' split manifest). Prints a table; exits 1 when
a page is over its budget or does not answer 200.

    page-weight.py BASE_URL PKG_DIR TARGET:CEILING:WHO:STATUS:PATH ...

TARGET is the budget the page should meet (issue 12: 150 KB for learner and public pages,
400 KB for administrators' pages); CEILING is what the page may not grow past today (the
check fails above it, so weight never creeps back). WHO is `-` (not signed in) or
`email=password` of the account to sign in as first; STATUS is the answer the page must give.
"""
import http.cookiejar
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

base, pkg_dir, *pages = sys.argv[1:]


openers = {}


def opener(who):
    """A browser of its own per account, signed in through the login form's server function."""
    if who not in openers:
        open_ = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        if who != "-":
            email, password = who.split("=", 1)
            body = urllib.parse.urlencode({"identifier": email, "password": password}).encode()
            request = urllib.request.Request(
                base + "/api/accounts/login",
                data=body,
                headers={"Accept": "application/json", "Origin": base},
            )
            open_.open(request).read()
        openers[who] = open_
    return openers[who]


def fetch(open_, path, encoding):
    request = urllib.request.Request(base + path, headers={"Accept-Encoding": encoding})
    try:
        with open_.open(request) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


with open(f"{pkg_dir}/__wasm_split_manifest.json") if pkg_dir != "-" else open("/dev/null") as f:
    text = f.read()
    manifest = json.loads(text) if text else {}

sizes = {}


def asset_size(open_, path):
    if path not in sizes:
        sizes[path] = len(fetch(open_, path, "br")[1])
    return sizes[path]


failed = False
print(f"{'page':<34} {'html':>7} {'css+js':>7} {'wasm':>7} {'chunks':>7} {'total':>7} {'target':>7} {'ceiling':>7}")
for spec in pages:
    target, ceiling, who, expected, path = spec.split(":", 4)
    target, ceiling = int(target), int(ceiling)
    open_ = opener(who)
    status, html_br = fetch(open_, path, "br")
    _, html = fetch(open_, path, "identity")
    html = html.decode("utf-8", "replace")
    assets = sorted(set(re.findall(r'"(/pkg/[^"?#]+)"', html)))
    css_js = sum(asset_size(open_, a) for a in assets if not a.endswith(".wasm"))
    wasm = sum(asset_size(open_, a) for a in assets if a.endswith(".wasm"))
    # Lazy islands: each loads the chunks the split manifest names for its loader.
    chunks = set()
    for island in set(re.findall(r'<leptos-island data-component="([A-Za-z0-9]+)_\d+"', html)):
        prefix = snake(island) + "_loader_"
        for key, modules in manifest.items():
            if key.startswith(prefix):
                chunks.update(modules)
    chunk_bytes = sum(asset_size(open_, f"/pkg/{c}.wasm") for c in chunks)
    if chunks:
        chunk_bytes += asset_size(open_, "/pkg/__wasm_split.______________________.js")
    total = len(html_br) + css_js + wasm + chunk_bytes
    verdict = "target met" if total <= target else "over target"
    if status != int(expected):
        verdict, failed = f"FAILED: HTTP {status}", True
    elif total > ceiling:
        verdict, failed = "FAILED: over its ceiling", True
    print(f"{path:<34} {len(html_br):>7} {css_js:>7} {wasm:>7} {chunk_bytes:>7} {total:>7} {target:>7} {ceiling:>7}  {verdict}")
sys.exit(1 if failed else 0)
