#!/usr/bin/env bash
# Divergences between two accounts: type, confidence, and the conflicting words from each side with lines.
set -euo pipefail
compare report "$@" --section divergences --json \
  | jq -r '.divergences[]
           | [.type, .score,
              ([.evidence[] | select(.side == "a") | "\(.line): \(.text)"] | join("; ")),
              ([.evidence[] | select(.side == "b") | "\(.line): \(.text)"] | join("; "))]
           | @tsv'
