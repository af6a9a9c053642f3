#!/usr/bin/env bash
# Line numbers of the passages two accounts share: A-line, B-line, score, kind (tab-separated).
set -euo pipefail
compare align "$@" --json \
  | jq -r '.pairs[] | [.a.line, .b.line, .score, .kind] | @tsv'
