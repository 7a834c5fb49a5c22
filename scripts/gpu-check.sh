#!/usr/bin/env bash
# On a machine with an NVIDIA GPU: first reports what ONNX Runtime's CUDA execution provider
# (Microsoft.ML.OnnxRuntime.Gpu 1.31) needs and what is missing, then runs the heavy contract model
# at SAM3's 200 queries on CUDA (batch 1/4/8 x prompts 1/4; images/s with pred_masks gathered on
# the device and with the whole tensor copied to the host; peak GPU memory) and `sam3r run` on a
# synthetic scene, and prints one table (bench `gpu`, see bench/Sam3.Raster.Bench/GpuBenchmark.cs).
#
#   scripts/gpu-check.sh            # device cuda:0, scene 20000², 10 timed runs per cell
#   DEVICE=cuda:1 SIZE=8000 REPS=5 scripts/gpu-check.sh
#
# Exit status: 0 done; 1 no NVIDIA GPU or driver; 2 CUDA/cuDNN libraries missing; 3 the CUDA
# provider would not load; 124 the benchmark ran past BENCH_TIMEOUT (s, default 3600). Every probe
# runs under `timeout`, so a machine without a GPU gets its answer in seconds, never a hang.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
device="${DEVICE:-cuda:0}"
size="${SIZE:-20000}"
reps="${REPS:-10}"
bench_timeout="${BENCH_TIMEOUT:-3600}"
gpu_index="${device#cuda}"; gpu_index="${gpu_index#:}"; gpu_index="${gpu_index:-0}"

status() { printf '| %-34s | %-8s | %s |\n' "$1" "$2" "$3"; }

echo "## What the CUDA execution provider needs (ONNX Runtime 1.31 GPU, CUDA 13 build)"
echo
echo "| requirement | status | where / why |"
echo "|---|---|---|"

missing=0
no_driver=0
# 1. The driver: nvidia-smi answers and lists the GPU; libcuda.so.1 comes with it.
if ! command -v nvidia-smi >/dev/null 2>&1; then
  status "NVIDIA driver (nvidia-smi)" "MISSING" "nvidia-smi is not on PATH: no NVIDIA driver installed, or no GPU on this machine"
  no_driver=1
elif ! gpu="$(timeout 20 nvidia-smi -i "$gpu_index" --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1)"; then
  status "NVIDIA driver (nvidia-smi)" "MISSING" "nvidia-smi failed or did not answer in 20 s: $(echo "$gpu" | head -n 1)"
  no_driver=1
else
  status "NVIDIA driver (nvidia-smi)" "ok" "GPU $gpu_index: $gpu (CUDA 13 needs driver ≥ 580)"
fi

# 2. The libraries the provider loads: CUDA 13 runtime, cuBLAS, cuRAND, cuDNN 9, the driver's libcuda.
# On the loader's path = LD_LIBRARY_PATH or the ldconfig cache; elsewhere = found but dlopen will not see it.
loader_path() {
  local name="$1" d
  local -a dirs=()
  IFS=: read -ra dirs <<< "${LD_LIBRARY_PATH:-}"
  for d in "${dirs[@]}"; do
    [[ -n "$d" && -e "$d/$name" ]] && { echo "$d/$name"; return 0; }
  done
  ldconfig -p 2>/dev/null | awk -v n="$name" '$1 == n { print $NF; found = 1; exit } END { exit !found }'
}
elsewhere() {
  local name="$1"
  timeout 20 find /usr/local /opt /usr/lib "${HOME:-/root}/.local" -name "$name" 2>/dev/null | head -n 1
}
for lib in libcuda.so.1 libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcurand.so.10 libcudnn.so.9; do
  case "$lib" in
    libcuda.so.1) what="driver API ($lib)" ;;
    libcudnn.so.9) what="cuDNN 9 ($lib)" ;;
    *) what="CUDA 13 ($lib)" ;;
  esac
  if where="$(loader_path "$lib")"; then
    status "$what" "ok" "$where"
  elif where="$(elsewhere "$lib")" && [[ -n "$where" ]]; then
    status "$what" "MISSING" "found at $where but not on the loader's path: export LD_LIBRARY_PATH=$(dirname "$where"):\$LD_LIBRARY_PATH"
    missing=1
  else
    status "$what" "MISSING" "not installed (CUDA 13 toolkit / cuDNN 9 for CUDA 13, or the pip wheels nvidia-*-cu13 with their lib/ on LD_LIBRARY_PATH)"
    missing=1
  fi
done
echo
if [[ "$no_driver" != 0 ]]; then
  echo "gpu-check: no NVIDIA GPU or driver here; nothing to benchmark." >&2
  exit 1
fi
if [[ "$missing" != 0 ]]; then
  echo "gpu-check: the CUDA execution provider cannot load until the libraries marked MISSING are on the loader's path." >&2
  exit 2
fi

# 3. Build, then ask the loader about the provider library itself (it names anything the list above missed).
echo "building the benchmark (Release)…" >&2
if ! dotnet build "$root/bench/Sam3.Raster.Bench/Sam3.Raster.Bench.csproj" -c Release --nologo -v q -clp:"ErrorsOnly;NoSummary" >&2; then
  echo "gpu-check: the build failed" >&2
  exit 4
fi
out="$root/bench/Sam3.Raster.Bench/bin/Release/net10.0/linux-x64"
unresolved="$(ldd "$out/libonnxruntime_providers_cuda.so" 2>&1 | awk '/not found/ { print $1 }' | tr '\n' ' ')"
if [[ -n "$unresolved" ]]; then
  echo "gpu-check: libonnxruntime_providers_cuda.so still cannot resolve: $unresolved" >&2
  exit 2
fi

# 4. The benchmark: one table. It exits 3 with the provider's reason if CUDA does not load after all.
echo "## Heavy contract model, 200 queries, on $device"
echo
timeout --kill-after=30 "$bench_timeout" dotnet "$out/Sam3.Raster.Bench.dll" gpu --device "$device" --queries 200 --reps "$reps" --size "$size"
rc=$?
[[ "$rc" == 124 ]] && echo "gpu-check: the benchmark ran past ${bench_timeout} s and was stopped" >&2
exit "$rc"
