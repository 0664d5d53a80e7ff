#!/bin/sh
# Install, build and run the main job: start the nea server side on loopback
# with the embedded SQLite database and run one client assessment against
# it, printing the verdict.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh deploy/install-deps.sh
sh deploy/build.sh build
exec sh deploy/demo.sh build
