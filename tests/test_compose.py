"""The compose files: one shared file plus an override per environment, checked against the
Dockerfile, deploy/build-images and the nginx template they rely on.

Merged the way `docker compose -f compose.yaml -f compose.<env>.yaml` merges them (mappings key by
key, sequences extended); where the docker compose plugin exists, `docker compose config` validates
them too.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import yaml

from tests.services import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
ENVIRONMENTS = ("local", "preprod", "prod")
DOCKERFILE = (DEPLOY / "Dockerfile").read_text()


def _merge(base: object, override: object) -> object:
    if isinstance(base, dict) and isinstance(override, dict):
        return {
            key: _merge(base[key], override[key])
            if key in base and key in override
            else override.get(key, base.get(key))
            for key in {**base, **override}
        }
    if isinstance(base, list) and isinstance(override, list):
        return base + [item for item in override if item not in base]
    return override


def compose(env: str) -> dict:
    shared = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return _merge(shared, yaml.safe_load((DEPLOY / f"compose.{env}.yaml").read_text()))  # type: ignore[return-value]


def _image_volumes() -> set[str]:
    return set(re.findall(r'"(/[^"]+)"', re.search(r"^VOLUME \[(.*)\]$", DOCKERFILE, re.M).group(1)))


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_each_environment_runs_its_own_image_built_by_build_images(env):
    app = compose(env)["services"]["app"]
    assert (DEPLOY / app["build"]["context"]).resolve() == PROJECT_ROOT
    assert app["build"]["dockerfile"] == "deploy/Dockerfile"
    assert app["build"]["target"] == env
    assert re.search(rf"^FROM base AS {env}$", DOCKERFILE, re.M)
    assert re.search(rf"^ENV APP_ENV={env}\b", DOCKERFILE, re.M)
    # deploy/build-images tags <IMAGE_NAME or mangetamain-analytics>:<target>.
    assert 'name="${IMAGE_NAME:-mangetamain-analytics}"' in (DEPLOY / "build-images").read_text()
    assert app["image"] == f"mangetamain-analytics:{env}"


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_app_writes_only_to_its_volumes_and_logs_per_replica(env):
    app = compose(env)["services"]["app"]
    assert app["read_only"] is True and "/tmp" in app["tmpfs"]
    mounted = {volume.split(":")[1] for volume in app["volumes"]}
    # Every writable folder of the image is a volume (the root filesystem is read-only).
    assert mounted == (_image_volumes() if env == "local" else {"/srv/mangetamain/logs"})
    declared = set(compose(env).get("volumes", {}))
    assert {volume.split(":")[0] for volume in app["volumes"]} <= declared
    if app["deploy"]["replicas"] > 1:
        assert "{hostname}" in app["environment"]["LOG_DIR"]


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_services_start_in_order_of_health_and_the_proxy_reaches_every_replica(env):
    services = compose(env)["services"]
    assert services["proxy"]["depends_on"]["app"]["condition"] == "service_healthy"
    for name, service in services.items():
        for dependency, condition in service.get("depends_on", {}).items():
            if condition["condition"] == "service_healthy":
                # The app's healthcheck is the image's HEALTHCHECK on /readyz.
                has_check = "healthcheck" in services[dependency] or (
                    dependency == "app" and re.search(r"^HEALTHCHECK .*\n.*/readyz", DOCKERFILE, re.M)
                )
                assert has_check, f"{name} waits for {dependency}, which has no healthcheck"
    upstream_host, upstream_port = services["proxy"]["environment"]["APP_UPSTREAM"].split(":")
    assert upstream_host == "app"
    assert f'"0.0.0.0:{upstream_port}"' in DOCKERFILE and f"EXPOSE {upstream_port}" in DOCKERFILE
    template = services["proxy"]["volumes"][0].split(":")[0]
    assert (DEPLOY / template).resolve().is_file()
    redis_host = re.match(r"redis://([^:/]+)", services["app"]["environment"]["CACHE_REDIS_URL"]).group(1)
    assert redis_host in services
    assert services["app"]["deploy"]["replicas"] == (1 if env == "local" else 2)


@pytest.mark.parametrize("env", ("preprod", "prod"))
def test_secrets_come_from_an_env_file_that_git_ignores(env):
    app = compose(env)["services"]["app"]
    assert app["env_file"] == [f"../.env.{env}"]
    ignored = subprocess.run(["git", "check-ignore", "-q", f".env.{env}"], cwd=PROJECT_ROOT)
    assert ignored.returncode == 0, f".env.{env} would be committed"
    assert not any(key.startswith("AWS_") for key in app["environment"])


@pytest.mark.skipif(
    not shutil.which("docker") or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0,
    reason="the docker compose plugin is not installed",
)
@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_docker_compose_accepts_the_merged_files(env):
    env_file = PROJECT_ROOT / f".env.{env}"
    created = not env_file.exists()
    if created:
        env_file.write_text("DATA_URI=s3://bucket/foodcom\n")
    try:
        subprocess.run(
            [
                "docker",
                "compose",
                "-f",
                str(DEPLOY / "compose.yaml"),
                "-f",
                str(DEPLOY / f"compose.{env}.yaml"),
                "config",
                "-q",
            ],
            check=True,
        )
    finally:
        if created:
            env_file.unlink()
