"""Cold start and page weight: nothing heavy imported at start, a partial Plotly bundle that
covers every chart."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import plotly

from app.lazy import LazyModule
from app.settings import PROJECT_ROOT

BUNDLE = PROJECT_ROOT / "assets" / "05_plotly-cartesian.min.js"
FULL_BUNDLE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def _plotlyjs_version(path: Path) -> str:
    header = path.read_text(encoding="utf-8")[:300]
    return re.search(r"plotly\.js (?:\([^)]*\) )?v(\d+\.\d+\.\d+)", header).group(1)


def test_partial_bundle_is_the_version_plotly_and_dash_expect():
    assert _plotlyjs_version(BUNDLE) == _plotlyjs_version(FULL_BUNDLE)
    assert "window.Plotly = Plotly" in BUNDLE.read_text(encoding="utf-8")[-200:]


def test_partial_bundle_has_every_trace_type_the_charts_use():
    bundled = set(re.findall(r'moduleType:"trace",name:"(\w+)"', BUNDLE.read_text(encoding="utf-8")))
    used = set()
    for folder in ("callbacks", "layouts", "app"):
        for source in (PROJECT_ROOT / folder).glob("*.py"):
            text = source.read_text(encoding="utf-8")
            used |= {name.lower() for name in re.findall(r"\bgo\.([A-Z][a-z0-9]+)\(", text)} - {"figure"}
            used |= set(re.findall(r"\.add_(bar|box|heatmap|scatter\w*|pie|violin|histogram\w*|\w+gl)\(", text))
            used |= set(re.findall(r"""["']type["']: ["'](\w+)["'], ["'](?:x|y|z|values)["']""", text))
    assert used >= {"scatter", "bar", "box", "heatmap"}
    assert used <= bundled, f"trace types missing from {BUNDLE.name}: {sorted(used - bundled)}"


def test_app_modules_import_no_heavy_statistics_or_s3_library():
    code = (
        "import sys, app.factory, app.environment, app.repository, app.storage, callbacks.shell, "
        "callbacks.tabs, layouts.page; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'statsmodels', 'boto3', 'botocore'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_lazy_module_imports_on_first_use():
    module = LazyModule("colorsys")
    assert "(loaded)" not in repr(module)
    assert module.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
    assert "(loaded)" in repr(module)
