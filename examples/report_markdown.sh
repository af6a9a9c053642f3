#!/usr/bin/env bash
# A Markdown report written atomically to a file (default report.md), for pasting into notes or an issue.
# Usage: report_markdown.sh OUT.md [A B ...]
set -euo pipefail
out=${1:-report.md}
shift || true
compare report "$@" --format markdown -o "$out"
echo "wrote $out" >&2
