#!/usr/bin/env bash
# Retrains the five shipped models with the settings of the README's Models table, then refreshes
# the loss fixture that the browser test compares against. About 25 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
train() { cargo run --release --bin train -- "$@"; }

train --dataset mnist --latent 2 --hidden 384,192 --epochs 100 --batch-size 64 --final-lr 1e-5 \
  --augment 0.5 --weight-format int8 --name mnist-2d --out models/mnist-2d.safetensors
train --dataset mnist --latent 16 --hidden 512,256 --epochs 200 --batch-size 64 --final-lr 1e-5 \
  --augment 0.3 --kl-warmup 10 --weight-format int8 --name mnist-16d --out models/mnist-16d.safetensors
train --dataset fashion-mnist --latent 2 --hidden 256,256 --epochs 40 --final-lr 1e-5 \
  --weight-format int8 --name fashion-2d --out models/fashion-2d.safetensors
# The point against the circle: the same trainer as a plain autoencoder (z = μ, no KL term) and as a
# β-VAE (KL weighted 4), narrower than the default model so that every model together stays small.
train --dataset mnist --latent 2 --hidden 256,128 --epochs 60 --batch-size 64 --final-lr 1e-5 \
  --augment 0.5 --deterministic --weight-format int8 --name mnist-ae-2d --out models/mnist-ae-2d.safetensors
train --dataset mnist --latent 2 --hidden 256,128 --epochs 60 --batch-size 64 --final-lr 1e-5 \
  --augment 0.5 --kl-weight 4 --weight-format int8 --name mnist-beta-2d --out models/mnist-beta-2d.safetensors

UPDATE_FIXTURES=1 cargo test --release --test loss_fixture
