"""ONNX graphs of a shipped model, for ONNX Runtime Web in the browser benchmark.

    bench/.venv/bin/python bench/make-onnx.py models/mnist-2d.safetensors --out bench/onnx

For each half of the VAE (encoder, decoder) it writes two graphs of the same network:

- `{name}-{half}-f32.onnx`: the int8 weights dequantized (q · scale) as f32, each layer
  MatMul + Add, Relu between layers, Sigmoid after the decoder's last: what a web developer
  exports from a float model.
- `{name}-{half}-int8.onnx`: our own int8 weights and per-column scales, each layer as
  onnxruntime's `quantize_dynamic` writes one: DynamicQuantizeLinear on the activations (uint8,
  one scale and zero point per call), MatMulInteger with the int8 weights (zero point 0: ours are
  symmetric), then the int32 sums as f32 times (activation scale × column scales), + bias.
  onnxruntime fuses this chain into its DynamicQuantizeMatMul kernel.

Both take `x (batch, inputs)` float32 and give `y (batch, outputs)` float32; the batch is dynamic.
The safetensors file is read here without the `safetensors` package: an 8-byte little-endian header
length, a JSON header, then the raw tensors (src/weights/format.rs writes it).
"""

import argparse
import json
import struct
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# onnxruntime-web 1.30 runs opset 17 and IR version 8 graphs (and newer); older is the safer file.
OPSET = 17
IR_VERSION = 8

DTYPES = {"F32": np.float32, "I8": np.int8, "F16": np.float16, "U8": np.uint8}


def read_safetensors(path):
    """{name: array} and the metadata of a safetensors file."""
    data = Path(path).read_bytes()
    (header_length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_length])
    start = 8 + header_length
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        dtype = DTYPES[entry["dtype"]]
        tensors[name] = np.frombuffer(data[start + begin : start + end], dtype=dtype).reshape(entry["shape"])
    return tensors, header.get("__metadata__", {})


def layers_of(tensors, metadata, half):
    """The dense layers of one half: [(q (in, out) int8, scales (out), bias (out))], widths checked."""
    if json.loads(metadata.get("weight_format", '"f32"')) != "int8":
        raise SystemExit("only int8 weights files are supported: the int8 graph uses the stored int8 values")
    config = json.loads(metadata["config"])
    if half == "encoder":
        widths = [config["input_dim"], *config["encoder_hidden"], 2 * config["latent_dim"]]
    else:
        widths = [config["latent_dim"], *config["decoder_hidden"], config["input_dim"]]
    layers = []
    for i, (inputs, outputs) in enumerate(zip(widths, widths[1:])):
        q = tensors[f"{half}.{i}.weight"]
        scales = tensors[f"{half}.{i}.weight_scale"].astype(np.float32)
        bias = tensors[f"{half}.{i}.bias"].astype(np.float32)
        if q.dtype != np.int8 or q.shape != (inputs, outputs) or scales.shape != (outputs,) or bias.shape != (outputs,):
            raise SystemExit(f"{half}.{i}: expected int8 weights ({inputs}, {outputs}), found {q.dtype} {q.shape}")
        layers.append((q, scales, bias))
    return layers


def f32_graph(layers, last_activation, name):
    nodes, initializers = [], []
    h = "x"
    for i, (q, scales, bias) in enumerate(layers):
        w = (q.astype(np.float32) * scales[None, :]).astype(np.float32)  # (in, out)
        initializers += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(bias, f"b{i}")]
        nodes += [
            helper.make_node("MatMul", [h, f"w{i}"], [f"mm{i}"]),
            helper.make_node("Add", [f"mm{i}", f"b{i}"], [f"pre{i}"]),
        ]
        h = activation(nodes, f"pre{i}", i, len(layers), last_activation)
    return model_of(nodes, initializers, layers, name)


def int8_graph(layers, last_activation, name):
    nodes, initializers = [], []
    h = "x"
    for i, (q, scales, bias) in enumerate(layers):
        initializers += [
            numpy_helper.from_array(q, f"q{i}"),  # (in, out) int8, our stored values
            numpy_helper.from_array(scales, f"scale{i}"),  # (out)
            numpy_helper.from_array(bias, f"b{i}"),  # (out)
        ]
        nodes += [
            helper.make_node("DynamicQuantizeLinear", [h], [f"xq{i}", f"xs{i}", f"xz{i}"]),
            helper.make_node("MatMulInteger", [f"xq{i}", f"q{i}", f"xz{i}"], [f"acc{i}"]),
            helper.make_node("Cast", [f"acc{i}"], [f"accf{i}"], to=TensorProto.FLOAT),
            helper.make_node("Mul", [f"xs{i}", f"scale{i}"], [f"s{i}"]),
            helper.make_node("Mul", [f"accf{i}", f"s{i}"], [f"mm{i}"]),
            helper.make_node("Add", [f"mm{i}", f"b{i}"], [f"pre{i}"]),
        ]
        h = activation(nodes, f"pre{i}", i, len(layers), last_activation)
    return model_of(nodes, initializers, layers, name)


def activation(nodes, pre, i, count, last_activation):
    """ReLU between layers; after the last, Sigmoid or nothing. Returns the layer's output name."""
    last = i == count - 1
    out = "y" if last else f"h{i}"
    if last and last_activation is None:
        nodes.append(helper.make_node("Identity", [pre], [out]))
    else:
        nodes.append(helper.make_node("Relu" if not last else last_activation, [pre], [out]))
    return out


def model_of(nodes, initializers, layers, name):
    inputs, outputs = layers[0][0].shape[0], layers[-1][0].shape[1]
    graph = helper.make_graph(
        nodes,
        name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", inputs])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", outputs])],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="vae-playground bench")
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model, full_check=True)
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("models", nargs="+", help="safetensors files with int8 weights")
    parser.add_argument("--out", required=True, help="folder for the .onnx files")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for path in args.models:
        tensors, metadata = read_safetensors(path)
        name = Path(path).name.removesuffix(".safetensors")
        for half, last_activation in [("encoder", None), ("decoder", "Sigmoid")]:
            layers = layers_of(tensors, metadata, half)
            for kind, make in [("f32", f32_graph), ("int8", int8_graph)]:
                file = out / f"{name}-{half}-{kind}.onnx"
                onnx.save(make(layers, last_activation, f"{name}-{half}-{kind}"), file)
                print(f"    {file} ({file.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
