#!/usr/bin/env bash
# Build the image of one environment: deploy/build-image.sh local|preprod|prod [TAG]
#
# 1. The locked runtime dependencies (`uv export --no-dev`) are downloaded as wheels on this host
#    into deploy/wheels/, environment markers stripped: the host's Python and Debian's 3.11.2 may
#    evaluate them differently (async-timeout is needed below 3.11.3). Downloads use the host's
#    certificates; the image build needs neither network access to the package index nor them.
# 2. Without a registry, the base debian:bookworm-slim is made locally with debootstrap (once).
# 3. buildah (or docker when buildah is absent) builds the target, in Docker format so the
#    HEALTHCHECK is kept.
set -euo pipefail
target="${1:?usage: deploy/build-image.sh local|preprod|prod [TAG]}"
tag="${2:-mangetamain-analytics:$target}"
case "$target" in local|preprod|prod) ;; *) echo "unknown target $target" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
export UV_PYTHON_DOWNLOADS=never

echo "== wheelhouse (deploy/wheels)"
mkdir -p deploy/wheels
uv export --locked --no-dev --no-hashes --no-emit-project --format requirements-txt \
  | grep -v '^\s*#' | sed 's/ *;.*//' | grep -v '^$' | grep -v -E '^(colorama|tzdata|win32-setctime)==' \
  > deploy/wheels/requirements.txt
# pip in a throwaway environment: neither the project's venv nor Debian's Python need to have it.
uv run -q --no-project --with pip -- python -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
  --python-version 3.11 --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 \
  --platform manylinux_2_28_x86_64 --platform any --implementation cp \
  -d deploy/wheels -r deploy/wheels/requirements.txt
# Only the locked versions go into the image (an older download may still be in the folder).
uv run -q --no-project -- python - <<'PY'
from pathlib import Path
import re
wanted = {re.sub(r"[-_.]+", "_", line.split("==")[0]).lower() + "-" + line.split("==")[1].strip()
          for line in Path("deploy/wheels/requirements.txt").read_text().split("\n") if "==" in line}
for wheel in Path("deploy/wheels").glob("*.whl"):
    name, version = wheel.name.split("-")[:2]
    if f"{re.sub(r'[-_.]+', '_', name).lower()}-{version}" not in wanted:
        wheel.unlink()
PY

if command -v buildah >/dev/null; then
  storage=(--storage-driver "${BUILDAH_STORAGE_DRIVER:-vfs}")
  if ! buildah "${storage[@]}" inspect --type image debian:bookworm-slim >/dev/null 2>&1 \
     && ! buildah "${storage[@]}" pull -q docker.io/library/debian:bookworm-slim >/dev/null 2>&1; then
    echo "== base image debian:bookworm-slim from Debian's archive (debootstrap)"
    root="$(mktemp -d)"
    trap 'rm -rf "$root"' EXIT
    debootstrap --variant=minbase bookworm "$root/rootfs" "${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >/dev/null
    rm -rf "$root/rootfs/var/cache/apt/archives"/*.deb "$root/rootfs/var/lib/apt/lists"/*
    container="$(buildah "${storage[@]}" from scratch)"
    buildah "${storage[@]}" copy "$container" "$root/rootfs/" / >/dev/null
    buildah "${storage[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      --cmd /bin/bash "$container"
    buildah "${storage[@]}" commit -q "$container" docker.io/library/debian:bookworm-slim >/dev/null
    buildah "${storage[@]}" rm "$container" >/dev/null
  fi
  echo "== buildah bud --target $target -> $tag"
  buildah "${storage[@]}" bud --isolation chroot --pull-never --format docker --layers \
    --target "$target" -f deploy/Dockerfile -t "$tag" .
  buildah "${storage[@]}" images --format '{{.Name}}:{{.Tag}} {{.Size}}' "$tag"
else
  echo "== docker build --target $target -> $tag"
  docker build --target "$target" -f deploy/Dockerfile -t "$tag" .
fi
