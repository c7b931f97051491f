#!/usr/bin/env bash
# Issue 18's GPU check: bf16 SFT on 1 and 2 GPUs (accelerate DDP), HF vs vLLM generation, evaluation with
# [models] device_map = "auto" and [eval] engine = "hf" / "vllm", tokens/s and GPU memory. Needs no network
# (it builds a small random model locally). Run from the repository root:
#     bash bench/gpu_check.sh [out-dir]
# Uses $PYTHON if set, else .venv/bin/python if present, else python3. Prints one JSON line per step.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  if [ -x .venv/bin/python ]; then PY=.venv/bin/python; else PY=python3; fi
fi
OUT="${1:-${TMPDIR:-/tmp}/xlt-gpu-check}"
export PYTHONPATH="$PWD/src${PYTHONPATH:+:$PYTHONPATH}"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1 TOKENIZERS_PARALLELISM=false
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader
exec "$PY" bench/gpu_check.py all --out "$OUT"
