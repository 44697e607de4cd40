#!/usr/bin/env bash
# Serves the built dist/ on http://127.0.0.1:${PORT:-8080}/ with a plain static server, the
# way any static host would serve it.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8080}
echo
echo "Layercake is served at http://127.0.0.1:$port/  (Ctrl+C stops the server)"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory dist
