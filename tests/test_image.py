"""The container images build and the prod image serves, for real.

``deploy/build-images`` builds the three targets (local, preprod, prod) with buildah (or docker
where a daemon answers); then the prod image runs as its non-root user on the host's loopback
against a moto S3 server holding an ingested dataset and a Redis, behind the project's nginx
config, and Chromium draws the Overview through nginx with an empty console.

Runs wherever the tests run as root with buildah (and debootstrap when no registry is reachable)
or a docker daemon: `.ci/run` installs buildah and debootstrap. The first build takes minutes
(Debian's archive); later runs reuse the cached layers. ``MTM_IMAGE_TESTS=0`` skips it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.ingest import ingest
from tests import services
from tests.browser.helpers import wait_for_charts
from tests.conftest import S3_TEST_KEY_ID, S3_TEST_SECRET
from tests.services import PROJECT_ROOT

TARGETS = ("local", "preprod", "prod")
IMAGE = "mtm-ci-analytics"  # not the user's mangetamain-analytics tags: CI must not replace them
IMAGE_USER_UID = 10001
# What the image's user may write: its two volumes and the temporary folders (read-only root otherwise).
WRITABLE = ("/srv/mangetamain/data", "/srv/mangetamain/logs", "/tmp", "/var/tmp", "/run/lock", "/var/lock", "/dev")


def _docker_daemon() -> bool:
    return (
        shutil.which("docker") is not None
        and subprocess.run(["docker", "info"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    )


USE_DOCKER = _docker_daemon()
pytestmark = pytest.mark.skipif(
    os.environ.get("MTM_IMAGE_TESTS") == "0" or not (USE_DOCKER or (shutil.which("buildah") and os.geteuid() == 0)),
    reason="image tests need a docker daemon, or buildah as root (apt-get install buildah debootstrap); "
    "MTM_IMAGE_TESTS=0 skips them",
)
# As deploy/build-images: buildah's configured storage driver unless BUILDAH_STORAGE_DRIVER names one.
STORAGE = ["--storage-driver", os.environ["BUILDAH_STORAGE_DRIVER"]] if os.environ.get("BUILDAH_STORAGE_DRIVER") else []


def _inspect(tag: str) -> dict:
    """The image's Docker-format config (User, Env, Healthcheck…) and its layers."""
    if USE_DOCKER:
        image = json.loads(
            subprocess.run(["docker", "image", "inspect", tag], check=True, capture_output=True, text=True).stdout
        )[0]
        return {"config": image["Config"], "layers": image["RootFS"]["Layers"], "size": image["Size"]}
    image = json.loads(
        subprocess.run(
            ["buildah", *STORAGE, "inspect", "--type", "image", tag], check=True, capture_output=True, text=True
        ).stdout
    )
    return {
        "config": image["Docker"]["config"],
        "layers": image["OCIv1"]["rootfs"]["diff_ids"],
        "size": sum(layer.get("size", 0) for layer in image["OCIv1"].get("layers", [])) or None,
    }


@contextmanager
def _container(tag: str, env: dict[str, str], command: list[str], log: Path) -> Iterator[subprocess.Popen]:
    """``command`` in a container of ``tag`` on the host's network, as the image's user."""
    variables = [arg for name, value in env.items() for arg in ("-e", f"{name}={value}")]
    with log.open("wb") as output:
        if USE_DOCKER:
            name = f"mtm-test-{os.getpid()}-{time.monotonic_ns()}"
            process = subprocess.Popen(
                [
                    "docker",
                    "run",
                    "--rm",
                    "--name",
                    name,
                    "--network",
                    "host",
                    "--read-only",
                    "--tmpfs",
                    "/tmp",
                    *variables,
                    tag,
                    *command,
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
            )
            try:
                yield process
            finally:
                subprocess.run(
                    ["docker", "stop", "-t", "20", name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
                process.wait(timeout=60)
            return
        container = subprocess.run(
            ["buildah", *STORAGE, "from", "--pull-never", tag], check=True, capture_output=True, text=True
        ).stdout.strip()
        process = subprocess.Popen(
            ["buildah", *STORAGE, "run", "--isolation", "chroot", *variables, container, "--", *command],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            services._stop(process, timeout=60)
            subprocess.run(["buildah", *STORAGE, "rm", container], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _run(tag: str, command: list[str], tmp_path: Path) -> str:
    """Run ``command`` to the end in a fresh container of ``tag``; its output."""
    log = tmp_path / f"run-{time.monotonic_ns()}.log"
    with _container(tag, {}, command, log) as process:
        process.wait(timeout=300)
    output = log.read_text(errors="replace")
    assert process.returncode == 0, f"{command} exited with {process.returncode}:\n{output[-3000:]}"
    return output


@pytest.fixture(scope="module")
def images() -> dict[str, str]:
    """Every target built by deploy/build-images; its figures are printed (``-s`` shows them)."""
    started = time.monotonic()
    result = subprocess.run(
        [str(PROJECT_ROOT / "deploy" / "build-images"), *TARGETS],
        cwd=PROJECT_ROOT,
        env={**os.environ, "IMAGE_NAME": IMAGE},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"build-images failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    print(
        f"\nbuild-images {' '.join(TARGETS)}: {time.monotonic() - started:.0f} s\n"
        + result.stdout[result.stdout.find("== images") :]
    )
    return {target: f"{IMAGE}:{target}" for target in TARGETS}


def test_targets_differ_only_in_settings_and_run_as_a_non_root_user_with_a_readiness_check(images):
    inspected = {target: _inspect(tag) for target, tag in images.items()}
    for target, image in inspected.items():
        config = image["config"]
        assert config["User"] == "mangetamain"
        assert "/readyz" in " ".join(config["Healthcheck"]["Test"])
        assert f"APP_ENV={target}" in config["Env"]
        assert {"/srv/mangetamain/data", "/srv/mangetamain/logs"} <= set(config["Volumes"])
    # Same layers below the environment's settings: building the second and third target costs no
    # new dependency layer, and what runs in preprod is what runs in prod.
    local, preprod, prod = (inspected[target]["layers"] for target in TARGETS)
    shared = os.path.commonprefix([local, preprod, prod])  # noqa: RUF071  (lists of layers, not paths)
    assert len(shared) >= max(len(local), len(preprod), len(prod)) - 1
    assert inspected["prod"]["config"]["Cmd"] == inspected["local"]["config"]["Cmd"]


def test_the_image_holds_runtime_dependencies_only_and_its_user_writes_only_to_its_volumes(images, tmp_path):
    tag = images["prod"]
    checks = """
import importlib, importlib.metadata as metadata, os
from app.stats import LAZY_MODULES
for name in (*LAZY_MODULES, "boto3", "pyarrow.parquet", "pyarrow.csv", "app.wsgi"):
    importlib.import_module(name)
installed = sorted(d.metadata["Name"].lower() for d in metadata.distributions())
print("uid", os.getuid())
print("packages", " ".join(installed))
"""
    output = _run(tag, ["python", "-c", checks], tmp_path)
    assert f"uid {IMAGE_USER_UID}" in output
    packages = set(output.split("packages ", 1)[1].split())
    assert {"dash", "duckdb", "pandas", "gunicorn", "redis", "boto3"} <= packages
    assert not packages & {"pytest", "playwright", "moto", "ruff", "pip"}, "development tools in the image"
    # find reports the folders it may not read (/root…) with a non-zero status: only its list counts.
    writable = _run(
        tag,
        ["sh", "-c", "find / -xdev \\( -path /proc -o -path /sys \\) -prune -o -writable -print 2>/dev/null; true"],
        tmp_path,
    ).split()
    assert {"/srv/mangetamain/data", "/srv/mangetamain/logs", "/tmp"} <= set(writable)
    unexpected = [
        path for path in writable if not any(path == root or path.startswith(root + "/") for root in WRITABLE)
    ]
    assert not unexpected, f"the image's user can write outside its volumes: {unexpected[:20]}"


def test_the_prod_image_serves_the_overview_from_s3_and_redis_behind_nginx(
    images, generated_csv, s3_server, s3_bucket, page, tmp_path
):
    uri = f"s3://{s3_bucket}/foodcom"
    ingest(generated_csv, uri, s3=s3_server, progress=False)
    port = services.free_port()
    with services.redis_server() as redis_url:
        env = {
            "DATA_URI": uri,
            "S3_ENDPOINT_URL": s3_server.endpoint_url,
            "AWS_REGION": s3_server.region,
            "AWS_ACCESS_KEY_ID": S3_TEST_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": S3_TEST_SECRET,
            "CACHE_REDIS_URL": redis_url,
            "WEB_CONCURRENCY": "2",
        }
        command = ["gunicorn", "--config", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "app.wsgi:server"]
        log = tmp_path / "container.log"
        with _container(images["prod"], env, command, log) as server:
            try:
                services.wait_for_http(f"http://127.0.0.1:{port}/livez", timeout=120, process=server)
                with services.nginx_proxy(f"127.0.0.1:{port}", tmp_path / "nginx") as proxied:
                    with urllib.request.urlopen(f"{proxied}/readyz", timeout=30) as response:
                        readiness = json.load(response)
                    assert readiness["status"] == "ready", readiness
                    page.goto(proxied + "/")
                    wait_for_charts(page, 3)
                    assert page.locator("#env-badge").inner_text() == "PROD"
                    assert page.locator("#demo-badge").is_visible()  # generated data: marked synthetic
                    assert page.locator("#kpi-recipes .kpi-value").inner_text().replace(",", "").isdigit()
            except Exception:
                print(log.read_text(errors="replace")[-4000:])
                raise
