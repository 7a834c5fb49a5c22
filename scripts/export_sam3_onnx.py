#!/usr/bin/env python3
"""Export SAM3's grounding pipeline to one ONNX graph with the Sam3.Raster model contract.

    images     float32 [B, 3, 1008, 1008]   RGB, (x/255 - 0.5) / 0.5
    token_ids  int64   [P, 32]              CLIP BPE ids (`sam3r tokenize` prints them)
  ->
    pred_logits         float32 [B*P, Q, 1]
    pred_boxes          float32 [B*P, Q, 4]      (cx, cy, w, h) normalized
    pred_masks          float32 [B*P, Q, Hm, Wm] mask logits (288 x 288 in SAM3)
    presence_logit_dec  float32 [B*P, 1]
  Row k = b*P + p pairs image b with prompt p.

Usage (needs the facebookresearch/sam3 package, torch >= 2.7 and access to the SAM3 checkpoint):

    python scripts/export_sam3_onnx.py --out sam3.onnx [--checkpoint sam3.pt] [--opset 18] [--device cuda]
    sam3r model inspect sam3.onnx

What it does: wraps `model.backbone.forward_image`, the text encoder run from token ids (what
`VETextEncoder.forward` does after its own tokenizer), and `model.forward_grounding` with a
FindStage whose img_ids/text_ids enumerate every (image, prompt) pair; exports with dynamic B and
P; then runs ONNX Runtime and eager PyTorch on random inputs and prints the max abs difference of
every output.

CAVEAT: this script has NOT been run by the project: the machine it was written on has neither
torch nor SAM3 weights. It follows sam3's public code (sam3/model/sam3_image_processor.py,
vl_combiner.py, text_encoder_ve.py) as of late 2025; if SAM3's internals moved, adapt
`Sam3Grounding.forward` and keep the contract above. Exporting a 1008 px ViT with dynamic shapes
may need `--dynamo` (torch.export) on recent torch; the legacy TorchScript exporter is the default.
"""

from __future__ import annotations

import argparse
import sys

CONTRACT_INPUTS = ["images", "token_ids"]
CONTRACT_OUTPUTS = ["pred_logits", "pred_boxes", "pred_masks", "presence_logit_dec"]
PATCH = 1008
TOKENS = 32


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, help="ONNX file to write")
    p.add_argument("--checkpoint", default=None, help="SAM3 checkpoint (default: build_sam3_image_model's download)")
    p.add_argument("--opset", type=int, default=18, help="ONNX opset (>= 18)")
    p.add_argument("--device", default="cuda" if _cuda() else "cpu")
    p.add_argument("--dynamo", action="store_true", help="use torch.export (dynamic_shapes) instead of TorchScript (dynamic_axes)")
    p.add_argument("--check-batch", type=int, default=2, help="B for the parity check")
    p.add_argument("--check-prompts", type=int, default=3, help="P for the parity check")
    return p.parse_args()


def _cuda() -> bool:
    try:
        import torch

        return torch.cuda.is_available()
    except ImportError:
        return False


def build_wrapper(checkpoint: str | None, device: str):
    import torch
    from sam3.model.data_misc import FindStage
    from sam3.model_builder import build_sam3_image_model

    kwargs = {"device": device}
    if checkpoint:
        kwargs["checkpoint_path"] = checkpoint
    try:
        model = build_sam3_image_model(**kwargs)
    except TypeError:  # older builders take no device / checkpoint keyword
        model = build_sam3_image_model()
    model = model.to(device).eval()

    class Sam3Grounding(torch.nn.Module):
        """images [B,3,1008,1008] + token_ids [P,32] -> the four contract outputs with B*P rows."""

        def __init__(self, sam3):
            super().__init__()
            self.sam3 = sam3

        def encode_text(self, token_ids):
            # VETextEncoder.forward after tokenization (text_encoder_ve.py), from ids instead of strings.
            te = self.sam3.backbone.language_backbone
            inputs_embeds = te.encoder.token_embedding(token_ids)  # [P, 32, width]
            _, text_memory = te.encoder(token_ids)  # [P, 32, width]
            padding = (token_ids != 0).ne(True)  # True where padded, as PyTorch attention expects
            text_memory = te.resizer(text_memory.transpose(0, 1))  # [32, P, d_model]
            return {
                "language_features": text_memory,
                "language_mask": padding,
                "language_embeds": inputs_embeds.transpose(0, 1),
            }

        def forward(self, images, token_ids):
            b = images.shape[0]
            p = token_ids.shape[0]
            backbone_out = self.sam3.backbone.forward_image(images)
            backbone_out.update(self.encode_text(token_ids))
            # Row k = b*P + p: image index repeats P times, prompt index cycles.
            img_ids = torch.arange(b, device=images.device).repeat_interleave(p)
            text_ids = torch.arange(p, device=images.device).repeat(b)
            find_stage = FindStage(
                img_ids=img_ids,
                text_ids=text_ids,
                input_boxes=None,
                input_boxes_mask=None,
                input_boxes_label=None,
                input_points=None,
                input_points_mask=None,
            )
            try:
                geometric_prompt = self.sam3._get_dummy_prompt(num_prompts=b * p)
            except TypeError:  # versions that size the dummy prompt from the find stage
                geometric_prompt = self.sam3._get_dummy_prompt(find_stage)
            out = self.sam3.forward_grounding(
                backbone_out=backbone_out,
                find_input=find_stage,
                geometric_prompt=geometric_prompt,
                find_target=None,
            )
            return tuple(out[name] for name in CONTRACT_OUTPUTS)

    return Sam3Grounding(model).eval()


def sample_inputs(b: int, p: int, device: str):
    import torch

    images = torch.rand(b, 3, PATCH, PATCH, device=device) * 2 - 1
    token_ids = torch.zeros(p, TOKENS, dtype=torch.long, device=device)
    words = [[736], [1901], [2307], [320, 1125, 539, 320, 2368]]  # red, green, building, a photo of a cat
    for i in range(p):
        ids = [49406] + words[i % len(words)] + [49407]
        token_ids[i, : len(ids)] = torch.tensor(ids)
    return images, token_ids


def export(wrapper, path: str, opset: int, device: str, dynamo: bool) -> None:
    import torch

    if opset < 18:
        sys.exit("--opset must be >= 18")
    example = sample_inputs(1, 2, device)
    with torch.inference_mode():
        if dynamo:
            B = torch.export.Dim("B", min=1, max=64)
            P = torch.export.Dim("P", min=1, max=64)
            torch.onnx.export(
                wrapper, example, path, dynamo=True, opset_version=opset,
                input_names=CONTRACT_INPUTS, output_names=CONTRACT_OUTPUTS,
                dynamic_shapes={"images": {0: B}, "token_ids": {0: P}},
            )
        else:
            torch.onnx.export(
                wrapper, example, path, opset_version=opset,
                input_names=CONTRACT_INPUTS, output_names=CONTRACT_OUTPUTS,
                dynamic_axes={
                    "images": {0: "B"},
                    "token_ids": {0: "P"},
                    "pred_logits": {0: "BP"},
                    "pred_boxes": {0: "BP"},
                    "pred_masks": {0: "BP"},
                    "presence_logit_dec": {0: "BP"},
                },
            )
    print(f"wrote {path}")


def parity(wrapper, path: str, device: str, b: int, p: int) -> float:
    import numpy as np
    import onnxruntime as ort
    import torch

    images, token_ids = sample_inputs(b, p, device)
    with torch.inference_mode():
        eager = [t.float().cpu().numpy() for t in wrapper(images, token_ids)]
    providers = ["CUDAExecutionProvider", "CPUExecutionProvider"] if device.startswith("cuda") else ["CPUExecutionProvider"]
    session = ort.InferenceSession(path, providers=providers)
    onnx_out = session.run(CONTRACT_OUTPUTS, {"images": images.cpu().numpy(), "token_ids": token_ids.cpu().numpy()})
    worst = 0.0
    for name, e, o in zip(CONTRACT_OUTPUTS, eager, onnx_out):
        if e.shape != o.shape:
            sys.exit(f"{name}: shape differs: eager {e.shape}, onnx {o.shape}")
        if e.shape[0] != b * p:
            sys.exit(f"{name}: expected {b * p} rows (B*P), found {e.shape[0]}")
        diff = float(np.max(np.abs(e - o))) if e.size else 0.0
        worst = max(worst, diff)
        print(f"{name:20s} shape {list(o.shape)}  max |eager - onnx| = {diff:.3e}")
    return worst


def main() -> None:
    args = parse_args()
    wrapper = build_wrapper(args.checkpoint, args.device)
    export(wrapper, args.out, args.opset, args.device, args.dynamo)
    worst = parity(wrapper, args.out, args.device, args.check_batch, args.check_prompts)
    print(f"parity (B={args.check_batch}, P={args.check_prompts}): max abs diff {worst:.3e}")
    print(f"next: sam3r model inspect {args.out}")


if __name__ == "__main__":
    main()
