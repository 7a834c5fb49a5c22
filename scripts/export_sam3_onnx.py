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

Usage (needs torch >= 2.7 with torch.export, onnx, onnxscript, onnxruntime, pillow, the
facebookresearch/sam3 package and its checkpoint):

    python scripts/export_sam3_onnx.py --out sam3/sam3.onnx \
        --image sam3-repo/assets/images/truck.jpg --prompt truck
    sam3r model inspect sam3/sam3.onnx

It writes sam3.onnx (the graph) and its weights beside it as ONNX external data (sam3.onnx.data;
the model is ~3.3 GB in float32, over protobuf's 2 GB limit): keep the two files in one folder.

Steps: build SAM3 on --device; run it once eagerly (fills SAM3's shape caches with real tensors);
export with the dynamo exporter (torch.export, dynamic B and P, min 1, from an example with B = 2,
P = 3) under the six export patches below (each says which upstream function and why); check the graph's signature; compare ONNX Runtime with
eager PyTorch (patches removed) on random inputs at several (B, P) with per-output tolerances;
then run ONNX Runtime on a real image and prompt and compare the decoded detections with
Sam3Processor's. Any failed check exits 1.

RUN STATUS -- read this first. This script has NOT been run: the machine it was written on has no
torch, no sam3 package, no weights and no GPU. What HAS been run: `python3 -m py_compile` and
`--help` (without torch installed; imports are lazy), by the project's tests. Everything else was
checked on paper against facebookresearch/sam3 at commit 99d02f28c8d34610ab35559b72642b01f10fdb1e
(2026-01-27): every patched function below exists there with the construct the comment names.
The tolerances are starting values, not measured. Expect to adjust them, and possibly a patch,
on the first real run; keep the contract above.
"""

from __future__ import annotations

import argparse
import contextlib
import sys

CONTRACT_INPUTS = ["images", "token_ids"]
CONTRACT_OUTPUTS = ["pred_logits", "pred_boxes", "pred_masks", "presence_logit_dec"]
PATCH = 1008
TOKENS = 32
# SAM3's ViT has stride 14: a 1008 px image gives 72 x 72 features (TransformerDecoder's
# resolution=1008, stride=14 in sam3/model_builder.py::_create_transformer_decoder).
FEATURES = PATCH // 14

# The example batch: torch.export specializes any dimension whose example size is 0 or 1, so both
# must be >= 2, and different, so that no relation between B and P is inferred from the example.
EXAMPLE_B, EXAMPLE_P = 2, 3

# max |onnx - eager| <= atol + rtol * |eager|, per output. Starting values (not measured).
TOLERANCES = {
    "pred_logits": (5e-2, 1e-2),
    "pred_boxes": (5e-3, 0.0),  # normalized: 5e-3 of 1008 px is 5 px
    "pred_masks": (2.5e-1, 2e-2),
    "presence_logit_dec": (5e-2, 1e-2),
}
# Mask logits far from 0 differ most in absolute terms; what matters is the mask they give.
MASK_SIGN_AGREEMENT = 0.995
# Against Sam3Processor (decoded detections on the real image).
PROCESSOR_SCORE_ATOL = 2e-2
PROCESSOR_BOX_ATOL_PX = 3.0
PROCESSOR_MASK_IOU = 0.95


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, help="ONNX graph to write; its weights go to OUT.data beside it")
    p.add_argument("--checkpoint", default=None, help="SAM3 checkpoint (default: build_sam3_image_model's Hugging Face download)")
    p.add_argument("--opset", type=int, default=18, help="ONNX opset (>= 18)")
    p.add_argument("--device", default="auto", choices=["auto", "cuda", "cpu"],
                   help="where to build, export and check (auto: cuda when available). cpu works through the build patches below")
    p.add_argument("--image", default=None, help="a real RGB image for the check against Sam3Processor (e.g. sam3's assets/images/truck.jpg)")
    p.add_argument("--prompt", default=None, help="the text prompt for that image (e.g. truck)")
    p.add_argument("--threshold", type=float, default=0.5, help="confidence threshold of the processor check")
    p.add_argument("--skip-processor-check", action="store_true", help="skip the Sam3Processor comparison (then --image is not needed)")
    args = p.parse_args(argv)
    if args.opset < 18:
        p.error("--opset must be >= 18 (the dynamo exporter's minimum)")
    if not args.skip_processor_check and (args.image is None or args.prompt is None):
        p.error("--image and --prompt are needed for the Sam3Processor check (or pass --skip-processor-check)")
    return args


def fail(message: str) -> None:
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


# ---------------------------------------------------------------------------------------------
# Build patches: only for --device cpu, active while the model is built (and after, for caches).
# ---------------------------------------------------------------------------------------------

@contextlib.contextmanager
def cpu_build_patches(device):
    """SAM3's builder creates CUDA tensors whatever device is asked for; redirect them to `device`."""
    from sam3.model import decoder as decoder_mod
    from sam3.model import position_encoding as pe_mod

    # sam3/model/decoder.py::TransformerDecoder.__init__ calls _get_coords(..., device="cuda") to
    # fill compilable_cord_cache when resolution and stride are given (SAM3 gives 1008, 14).
    original_coords = decoder_mod.TransformerDecoder._get_coords

    def coords_on_device(H, W, device_=None):
        return original_coords(H, W, device)

    # sam3/model/position_encoding.py::PositionEmbeddingSine.__init__ precomputes its cache with
    # torch.zeros(..., device="cuda") when precompute_resolution is given (_create_vision_backbone
    # passes 1008). Build without it, then fill the same four sizes on `device`.
    original_init = pe_mod.PositionEmbeddingSine.__init__

    def init_on_device(self, *args, precompute_resolution=None, **kwargs):
        original_init(self, *args, precompute_resolution=None, **kwargs)
        if precompute_resolution is not None:
            import torch

            for stride in (4, 8, 16, 32):
                side = precompute_resolution // stride
                self.forward(torch.zeros((1, 1, side, side), device=device))
                self.cache[(side, side)] = self.cache[(side, side)].clone().detach()

    decoder_mod.TransformerDecoder._get_coords = staticmethod(coords_on_device)
    pe_mod.PositionEmbeddingSine.__init__ = init_on_device
    try:
        yield
    finally:
        decoder_mod.TransformerDecoder._get_coords = staticmethod(original_coords)
        pe_mod.PositionEmbeddingSine.__init__ = original_init


def move_plain_caches(model, device) -> None:
    """Tensors SAM3 keeps in plain attributes are not moved by Module.to(); move them."""
    import torch

    for module in model.modules():
        # sam3/model/decoder.py::TransformerDecoder: compilable_cord_cache is a tuple of tensors,
        # coord_cache a dict of them; neither is a registered buffer.
        cached = getattr(module, "compilable_cord_cache", None)
        if isinstance(cached, tuple):
            module.compilable_cord_cache = tuple(t.to(device) for t in cached)
        if isinstance(getattr(module, "coord_cache", None), dict):
            module.coord_cache = {k: tuple(t.to(device) for t in v) for k, v in module.coord_cache.items()}
        # sam3/model/position_encoding.py::PositionEmbeddingSine.cache: a dict of tensors.
        cache = getattr(module, "cache", None)
        if isinstance(cache, dict) and all(isinstance(v, torch.Tensor) for v in cache.values()):
            module.cache = {k: v.to(device) for k, v in cache.items()}


# ---------------------------------------------------------------------------------------------
# Export patches: active only while torch.export traces; the eager references run upstream code.
# ---------------------------------------------------------------------------------------------

def _tracing() -> bool:
    import torch

    exporting = getattr(torch.compiler, "is_exporting", lambda: False)
    return bool(exporting() or torch.compiler.is_compiling())


@contextlib.contextmanager
def export_patches(model):
    import torch
    from sam3.model import decoder as decoder_mod
    from sam3.model import geometry_encoders as geo_mod
    from sam3.model import maskformer_segmentation as seg_mod
    from sam3.model import position_encoding as pe_mod

    undo = []

    def patch(owner, name, value):
        undo.append((owner, name, getattr(owner, name)))
        setattr(owner, name, value)

    # 1. sam3/model/maskformer_segmentation.py::SegmentationHead._embed_pixels branches on
    #    `backbone_feats[0].shape[0] > 1` (one image: broadcast its features over the queries;
    #    several: index them by image id). Under torch.export that branch is a guard on B, which
    #    conflicts with B's min = 1, and the traced graph would hold one branch only. Always index
    #    by image id (for one image this gives the same values). The pixel decoder is called
    #    directly: upstream wraps it in activation checkpointing (act_ckpt=True in
    #    _create_segmentation_head), a training-memory device with no effect on values.
    original_embed = seg_mod.SegmentationHead._embed_pixels

    def embed_pixels_by_image_id(self, backbone_feats, image_ids, encoder_hidden_states):
        if not self.use_encoder_inputs:
            return original_embed(self, backbone_feats, image_ids, encoder_hidden_states)
        ids = image_ids.to(backbone_feats[0].device)
        per_query = [feat[ids].to(self.device) for feat in backbone_feats]
        last = backbone_feats[-1]
        visual = encoder_hidden_states.permute(1, 2, 0)[..., : last.shape[-2] * last.shape[-1]]
        per_query[-1] = visual.reshape(-1, *last.shape[1:])
        return self.pixel_decoder(per_query)

    patch(seg_mod.SegmentationHead, "_embed_pixels", embed_pixels_by_image_id)

    # 2. sam3/model/decoder.py::TransformerDecoder.forward passes the feature size to
    #    _get_rpb_matrix as (spatial_shapes[0, 0], spatial_shapes[0, 1]): 0-d tensors (spatial_shapes
    #    is built with torch.tensor in sam3/model/encoder.py). _get_rpb_matrix compares them with
    #    its int-keyed caches (compilable_stored_size, coord_cache) and asserts shapes against them:
    #    tensor-vs-int comparisons that are data-dependent under export. The contract fixes the image
    #    at 1008 px, so the size is the constant 72 x 72 the decoder's cache was built for: pass it.
    original_rpb = decoder_mod.TransformerDecoder._get_rpb_matrix

    def rpb_with_constant_size(self, reference_boxes, feat_size):
        assert self.compilable_stored_size == (FEATURES, FEATURES), self.compilable_stored_size
        return original_rpb(self, reference_boxes, (FEATURES, FEATURES))

    patch(decoder_mod.TransformerDecoder, "_get_rpb_matrix", rpb_with_constant_size)

    # 3. sam3/model/geometry_encoders.py::SequenceGeometryEncoder._encode_boxes runs its ROI-pool
    #    branch even for zero boxes: `scale.pin_memory().to(..., non_blocking=True)` (pinned host
    #    memory: needs CUDA, not traceable) and torchvision.ops.roi_align over
    #    `boxes_xyxy...unbind(0)`, a Python list as long as the (dynamic) batch. The contract
    #    prompts no boxes (_get_dummy_prompt: zero boxes), so the pooled term is empty: skip it.
    original_boxes = geo_mod.SequenceGeometryEncoder._encode_boxes

    def encode_boxes_without_empty_pool(self, boxes, boxes_mask, boxes_labels, img_feats):
        if boxes.shape[0] != 0 or self.boxes_pool_project is None:
            return original_boxes(self, boxes, boxes_mask, boxes_labels, img_feats)
        pool = self.boxes_pool_project
        self.boxes_pool_project = None
        try:
            return original_boxes(self, boxes, boxes_mask, boxes_labels, img_feats)
        finally:
            self.boxes_pool_project = pool

    patch(geo_mod.SequenceGeometryEncoder, "_encode_boxes", encode_boxes_without_empty_pool)

    # 4. sam3/model/position_encoding.py::PositionEmbeddingSine.forward stores every new shape in
    #    self.cache. The 72 x 72 features are not among the precomputed sizes (1008 / 4, 8, 16, 32),
    #    so the first call during tracing would store a traced tensor that later eager runs (the
    #    parity check) reuse. The eager warm-up before export fills the cache with a real tensor;
    #    this patch also drops anything stored while tracing.
    original_pe = pe_mod.PositionEmbeddingSine.forward

    def pe_without_traced_cache(self, x):
        key = (x.shape[-2], x.shape[-1])
        known = key in self.cache
        out = original_pe(self, x)
        if not known and _tracing():
            self.cache.pop(key, None)
        return out

    patch(pe_mod.PositionEmbeddingSine, "forward", pe_without_traced_cache)

    # 5. bf16 under autocast: nothing in sam3/model at the commit above runs under autocast on the
    #    image path (decoder.py::TransformerDecoderLayer.forward_ffn only *disables* it); the
    #    `addmm_act` fused op named in issue 20 is not in that commit. The contract is float32, so
    #    the export runs with autocast off and refuses a model holding non-float32 parameters.
    bad = sorted({str(p.dtype) for p in model.parameters() if p.dtype != torch.float32})
    if bad:
        fail(f"the model holds {', '.join(bad)} parameters; the contract is float32")

    # 6. sam3/model/geometry_encoders.py::concat_padded_sequences checks at run time that both
    #    padding masks are right-padded (torch._assert_async(is_right_padded(mask))): a check on
    #    tensor values, which the traced graph would have to carry as an assertion op. The prompts
    #    of the contract are built right-padded (no boxes, no points); drop the check while tracing.
    patch(geo_mod.torch, "_assert_async", lambda *args, **kwargs: None)

    # Not patched: the decoder's box-RPB bias is built as [bs, heads, nq, HW], flattened to 3D for
    # nn.MultiheadAttention (decoder.py::TransformerDecoder.forward, memory_mask.flatten(0, 1)),
    # which reshapes it to 4D again. No construct in that path was found that torch.export cannot
    # trace with a symbolic bs; if the export fails there, this is the place for a sixth patch.
    try:
        yield
    finally:
        for owner, name, value in reversed(undo):
            setattr(owner, name, value)


# ---------------------------------------------------------------------------------------------

def resolve_device(requested: str) -> str:
    import torch

    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        fail("--device cuda: torch sees no CUDA device")
    return requested


def build_model(checkpoint, device):
    import torch
    from sam3.model_builder import build_sam3_image_model

    kwargs = {"device": device, "eval_mode": True}
    if checkpoint:
        kwargs["checkpoint_path"] = checkpoint
    with cpu_build_patches(device) if device == "cpu" else contextlib.nullcontext():
        model = build_sam3_image_model(**kwargs)
    model = model.to(device).eval()
    move_plain_caches(model, device)
    # Upstream turns TF32 on for Ampere+ (model_builder.py::_setup_tf32); the references must be float32.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    return model


def build_wrapper(model):
    import torch
    from sam3.model.data_misc import FindStage

    class Sam3Grounding(torch.nn.Module):
        """images [B,3,1008,1008] + token_ids [P,32] -> the four contract outputs with B*P rows."""

        def __init__(self, sam3):
            super().__init__()
            self.sam3 = sam3

        def encode_text(self, token_ids):
            # What text_encoder_ve.py::VETextEncoder.forward does after its tokenizer, from ids.
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
            # Row k = b*P + p: the image index repeats P times, the prompt index cycles.
            img_ids = torch.arange(b, device=images.device).repeat_interleave(p)
            text_ids = torch.arange(p, device=images.device).repeat(b)
            find_stage = FindStage(
                img_ids=img_ids, text_ids=text_ids, input_boxes=None, input_boxes_mask=None,
                input_boxes_label=None, input_points=None, input_points_mask=None,
            )
            out = self.sam3.forward_grounding(
                backbone_out=backbone_out,
                find_input=find_stage,
                geometric_prompt=self.sam3._get_dummy_prompt(num_prompts=b * p),
                find_target=None,
            )
            return tuple(out[name] for name in CONTRACT_OUTPUTS)

    return Sam3Grounding(model).eval()


def sample_inputs(b: int, p: int, device: str, seed: int = 0):
    import torch

    generator = torch.Generator().manual_seed(seed)
    images = (torch.rand(b, 3, PATCH, PATCH, generator=generator) * 2 - 1).to(device)
    token_ids = torch.zeros(p, TOKENS, dtype=torch.long)
    words = [[736], [1901], [2307], [320, 1125, 539, 320, 2368]]  # red, green, building, a photo of a cat
    for i in range(p):
        ids = [49406] + words[i % len(words)] + [49407]
        token_ids[i, : len(ids)] = torch.tensor(ids)
    return images, token_ids.to(device)


def export(wrapper, path: str, opset: int, device: str) -> None:
    import torch

    example = sample_inputs(EXAMPLE_B, EXAMPLE_P, device)
    # Eager warm-up: SAM3's shape caches get real tensors, not traced ones. no_grad, not
    # inference_mode: inference tensors cached here would be refused as constants by the export.
    with torch.no_grad():
        wrapper(*example)
    batch = torch.export.Dim("B", min=1, max=64)
    prompts = torch.export.Dim("P", min=1, max=64)
    with export_patches(wrapper.sam3), torch.no_grad(), torch.autocast(device_type=device, enabled=False):
        program = torch.onnx.export(
            wrapper,
            example,
            dynamo=True,
            opset_version=opset,
            input_names=CONTRACT_INPUTS,
            output_names=CONTRACT_OUTPUTS,
            dynamic_shapes={"images": {0: batch}, "token_ids": {0: prompts}},
        )
    # Always external data: ~3.3 GB of float32 weights cannot sit inside one protobuf (2 GB).
    program.save(path, external_data=True)
    print(f"wrote {path} (weights beside it: {', '.join(weight_files(path)) or 'none?'})")


def weight_files(path: str):
    import onnx

    model = onnx.load(path, load_external_data=False)
    return sorted({e.value for t in model.graph.initializer for e in t.external_data if e.key == "location"})


def check_signature(path: str) -> None:
    import onnxruntime as ort

    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    inputs = {i.name: i.shape for i in session.get_inputs()}
    outputs = [o.name for o in session.get_outputs()]
    if list(inputs) != CONTRACT_INPUTS or outputs != CONTRACT_OUTPUTS:
        fail(f"graph signature: inputs {list(inputs)}, outputs {outputs}")
    for name in CONTRACT_INPUTS:
        if isinstance(inputs[name][0], int):
            fail(f"input {name}: the first dimension is fixed ({inputs[name][0]}), not dynamic")
    print(f"signature OK: {inputs}")


def ort_session(path: str, device: str):
    import onnxruntime as ort

    providers = ["CUDAExecutionProvider", "CPUExecutionProvider"] if device == "cuda" else ["CPUExecutionProvider"]
    return ort.InferenceSession(path, providers=providers)


def parity(wrapper, session, device: str, b: int, p: int) -> bool:
    import numpy as np
    import torch

    images, token_ids = sample_inputs(b, p, device, seed=b * 100 + p)
    with torch.inference_mode():
        eager = [t.float().cpu().numpy() for t in wrapper(images, token_ids)]
    onnx_out = session.run(CONTRACT_OUTPUTS, {"images": images.cpu().numpy(), "token_ids": token_ids.cpu().numpy()})
    ok = True
    for name, e, o in zip(CONTRACT_OUTPUTS, eager, onnx_out):
        if e.shape != o.shape or e.shape[0] != b * p:
            print(f"  {name}: shape eager {e.shape}, onnx {o.shape}, expected {b * p} rows")
            ok = False
            continue
        atol, rtol = TOLERANCES[name]
        excess = float(np.max(np.abs(e - o) - (atol + rtol * np.abs(e)))) if e.size else -1.0
        diff = float(np.max(np.abs(e - o))) if e.size else 0.0
        line = f"  {name:20s} {list(o.shape)} max |eager - onnx| {diff:.3e} (atol {atol}, rtol {rtol})"
        good = excess <= 0
        if name == "pred_masks" and e.size:
            agreement = float(np.mean((e > 0) == (o > 0)))
            line += f", mask sign agreement {agreement:.5f} (>= {MASK_SIGN_AGREEMENT})"
            good = good or agreement >= MASK_SIGN_AGREEMENT
        print(line + ("" if good else "  <-- FAIL"))
        ok = ok and good
    return ok


def decode(logits, boxes, masks, presence, height, width, threshold):
    """Sam3Processor._forward_grounding's decoding (sam3_image_processor.py), for one row."""
    import torch
    import torch.nn.functional as F

    scores = (logits.sigmoid() * presence.sigmoid().unsqueeze(1)).squeeze(-1)
    keep = scores > threshold
    cx, cy, w, h = boxes[keep].unbind(-1)
    xyxy = torch.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], dim=-1)
    xyxy = xyxy * torch.tensor([width, height, width, height], dtype=xyxy.dtype)
    up = F.interpolate(masks[keep].unsqueeze(1), (height, width), mode="bilinear", align_corners=False)
    return scores[keep], xyxy, up.sigmoid().squeeze(1) > 0.5


def processor_check(model, session, device: str, image_path: str, prompt: str, threshold: float) -> bool:
    import numpy as np
    import torch
    from PIL import Image
    from sam3.model.sam3_image_processor import Sam3Processor
    from torchvision.transforms import v2

    image = Image.open(image_path).convert("RGB")
    processor = Sam3Processor(model, device=device, confidence_threshold=threshold)
    state = processor.set_text_prompt(prompt, processor.set_image(image))
    ref_scores = state["scores"].float().cpu()
    ref_boxes = state["boxes"].float().cpu()
    ref_masks = state["masks"].squeeze(1).cpu()

    # The same preprocessing as the processor, then the graph alone.
    pixels = processor.transform(v2.functional.to_image(image).to(device)).unsqueeze(0)
    tokens = model.backbone.language_backbone.tokenizer([prompt], context_length=TOKENS)
    out = session.run(CONTRACT_OUTPUTS, {"images": pixels.cpu().numpy(), "token_ids": tokens.cpu().numpy().astype(np.int64)})
    logits, boxes, masks, presence = (torch.from_numpy(o)[0:1] for o in out)
    scores, xyxy, binary = decode(logits[0], boxes[0], masks[0], presence[0], image.height, image.width, threshold)

    print(f"  Sam3Processor kept {len(ref_scores)}, ONNX Runtime kept {len(scores)} ('{prompt}' on {image_path})")
    if len(scores) != len(ref_scores):
        return False
    if len(scores) == 0:
        print("  nothing found by either: choose an image and prompt with objects, or the check proves little")
        return False
    score_diff = float((scores - ref_scores).abs().max())
    box_diff = float((xyxy - ref_boxes).abs().max())
    inter = (binary & ref_masks).flatten(1).sum(1).float()
    union = (binary | ref_masks).flatten(1).sum(1).clamp(min=1).float()
    worst_iou = float((inter / union).min())
    print(f"  max score diff {score_diff:.3e} (<= {PROCESSOR_SCORE_ATOL}), max box diff {box_diff:.2f} px "
          f"(<= {PROCESSOR_BOX_ATOL_PX}), worst mask IoU {worst_iou:.4f} (>= {PROCESSOR_MASK_IOU})")
    return score_diff <= PROCESSOR_SCORE_ATOL and box_diff <= PROCESSOR_BOX_ATOL_PX and worst_iou >= PROCESSOR_MASK_IOU


def main(argv=None) -> None:
    args = parse_args(argv)
    import torch

    if tuple(int(v) for v in torch.__version__.split(".")[:2]) < (2, 7):
        fail(f"torch {torch.__version__}: the dynamo exporter with dynamic shapes needs torch >= 2.7")
    device = resolve_device(args.device)
    model = build_model(args.checkpoint, device)
    wrapper = build_wrapper(model)
    export(wrapper, args.out, args.opset, device)
    check_signature(args.out)

    session = ort_session(args.out, device)
    ok = True
    # (1, 1) exercises the dims' minimum, which the example (2, 3) did not show the exporter.
    for b, p in [(EXAMPLE_B, EXAMPLE_P), (1, 1), (3, 2)]:
        print(f"parity B={b} P={p}:")
        ok = parity(wrapper, session, device, b, p) and ok
    if not args.skip_processor_check:
        print("Sam3Processor check:")
        ok = processor_check(model, session, device, args.image, args.prompt, args.threshold) and ok
    if not ok:
        fail("the exported graph does not match SAM3 within the tolerances above")
    print(f"all checks passed; next: sam3r model inspect {args.out}")


if __name__ == "__main__":
    main()
