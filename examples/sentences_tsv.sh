#!/usr/bin/env bash
# How a document was segmented: line number and sentence, leaving out web furniture.
# Columns of `inspect --format tsv`: table doc label index line paragraph kind start end text
set -euo pipefail
compare inspect "$@" --format tsv | awk -F'\t' 'NR > 1 && $7 != "boilerplate" { print $5 "\t" $10 }'
