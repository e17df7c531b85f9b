#!/usr/bin/env bash
# The LFW figures of every face pipeline variant in the README (each run: ~7–30 min on 2 cores; embeddings
# are cached under $EGATE_HOME/cache, so a rerun only recomputes the scores). Reports land in $OUT.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-eval-out}
PAIRS=${EGATE_SHARED:-../shared}/data/faces/lfw/pairs.txt
mkdir -p "$OUT"
run() { name=$1; shift; uv run egate-lab eval face --pairs "$PAIRS" --all-pairs --report "$OUT/$name.json" --plot "$OUT/$name.png" "$@"; }
run hog                                   # face_recognition's default: HOG, 5-point landmarks, dlib ResNet
run hog-flip --flip                       # + mirrored-chip test-time augmentation
run cnn --detector cnn --upsample 0       # dlib's MMOD CNN detector
run yunet --detector yunet                # YuNet, boxes mapped to dlib's convention for the landmark model
run yunet-flip --detector yunet --flip
run onnx --embedder dlib-resnet-v1-onnx   # the ONNX port: identical figures expected
# Intel's face-reidentification-retail-0095, converted from OpenVINO IR on first use (needs ../shared)
run omz-yunet --embedder omz-face-reid-0095 --detector yunet          # YuNet's own five points
run omz-yunet-flip --embedder omz-face-reid-0095 --detector yunet --flip
run omz-hog --embedder omz-face-reid-0095                             # dlib's 5 points on the fitted template
run omz-hog-flip --embedder omz-face-reid-0095 --flip
