#!/usr/bin/env bash
# The quotations two accounts share, one per line: match kind, score, line in A, line in B, the words in A.
set -euo pipefail
compare quotes "$@" --json \
  | jq -r '.shared[] | [.match, .score, .spans[0].line, .spans[1].line, (.spans[0].text | gsub("\\s+"; " "))] | @tsv'
