#!/usr/bin/env bash
# The fingerprint figures of docs/fingerprint-evaluation.md: every matcher on every extractor's minutiae,
# over the eight FVC2002/2004 B sets, each run writing its calibration to models/calibration/. Templates
# are cached under $EGATE_HOME/cache/finger (first extraction on 2 cores: mindtct ~1 min, gabor-mindtct
# ~3 min, LEADER ~10 min); after that each run only matches (bozorth3 ~1 min, MCC ~3 min).
# Reports and DET plots land in $OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-eval-out}
mkdir -p "$OUT"
for extractor in mindtct gabor-mindtct leader; do
  for matcher in bozorth3 mcc mcc-lsa; do
    uv run egate-lab eval finger --extractor "$extractor" --matcher "$matcher" --calibrate \
      --report "$OUT/$matcher-$extractor.json" --plot "$OUT/$matcher-$extractor.png"
  done
done
# interoperability: the SecuGen ISO/IEC 19794-2 templates, alone and against our LEADER extraction
uv run egate-lab eval finger --extractor secugen --matcher mcc --report "$OUT/mcc-secugen.json"
uv run egate-lab eval finger --extractor leader --gallery-extractor secugen --matcher mcc --report "$OUT/mcc-leader-secugen.json"
