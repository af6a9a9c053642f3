#!/usr/bin/env bash
# One self-contained HTML page comparing two accounts (default report.html): the texts side by side with
# every finding highlighted and linked to its twin; open it from disk, send it, print it. No network needed.
# Usage: html_report.sh OUT.html [A B ...]
set -euo pipefail
out=${1:-report.html}
shift || true
compare report "$@" --format html -o "$out"
echo "wrote $out ($(wc -c < "$out") bytes): open it in a browser, e.g. xdg-open $out" >&2
