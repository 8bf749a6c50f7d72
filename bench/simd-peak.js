// What this machine's WebAssembly can do at best: a tiny wasm module, assembled here byte by byte,
// whose loop does nothing but f32x4.mul and f32x4.add on independent accumulators (so that no
// instruction waits for another's result). The engine's own kernel is built from the same two
// instructions (wasm SIMD has no fused multiply-add), so its GFLOP/s compare directly. Its
// relaxed-SIMD build (the training worker's, where the browser has it) uses f32x4.relaxed_madd
// instead, one fused instruction; `fused: true` measures that loop.

/** Bytes of `(func (export "run") (param $n i32) (result f32))` running `n` iterations of
 * `acc[i] = acc[i] * m + a` for `accumulators` f32x4 accumulators (fused: f32x4.relaxed_madd). */
function peakModule(accumulators, fused) {
  const uleb = (value) => {
    const bytes = [];
    do {
      let byte = value & 0x7f;
      value >>>= 7;
      if (value) byte |= 0x80;
      bytes.push(byte);
    } while (value);
    return bytes;
  };
  const section = (id, body) => [id, ...uleb(body.length), ...body];
  const f32x4Splat = (x) => {
    const lane = new Uint8Array(new Float32Array([x]).buffer);
    return [0xfd, 0x0c, ...lane, ...lane, ...lane, ...lane]; // v128.const
  };
  const [LOCAL_GET, LOCAL_SET, F32X4_MUL, F32X4_ADD, F32X4_RELAXED_MADD] = [0x20, 0x21, [0xfd, 0xe6, 0x01], [0xfd, 0xe4, 0x01], [0xfd, 0x85, 0x02]];
  // Locals: 0 is $n; 1…accumulators are the accumulators; then m and a.
  const m = accumulators + 1;
  const a = accumulators + 2;

  const code = [];
  for (let i = 1; i <= accumulators; i++) code.push(...f32x4Splat(1 + i / 64), LOCAL_SET, i);
  code.push(...f32x4Splat(0.999), LOCAL_SET, m, ...f32x4Splat(0.001), LOCAL_SET, a);
  code.push(0x02, 0x40, 0x03, 0x40); // block, loop
  code.push(LOCAL_GET, 0, 0x45, 0x0d, 1); // br_if $exit (n == 0)
  for (let i = 1; i <= accumulators; i++) {
    if (fused) code.push(LOCAL_GET, i, LOCAL_GET, m, LOCAL_GET, a, ...F32X4_RELAXED_MADD, LOCAL_SET, i);
    else code.push(LOCAL_GET, i, LOCAL_GET, m, ...F32X4_MUL, LOCAL_GET, a, ...F32X4_ADD, LOCAL_SET, i);
  }
  code.push(LOCAL_GET, 0, 0x41, 1, 0x6b, LOCAL_SET, 0, 0x0c, 0, 0x0b, 0x0b); // n -= 1; br $loop; end; end
  // Return the sum of the accumulators' first lanes, so that no work is dead.
  code.push(LOCAL_GET, 1, 0xfd, 0x1f, 0);
  for (let i = 2; i <= accumulators; i++) code.push(LOCAL_GET, i, 0xfd, 0x1f, 0, 0x92); // f32.add
  code.push(0x0b);

  const locals = [1, ...uleb(accumulators + 2), 0x7b]; // one run of v128 locals
  const body = [...locals, ...code];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 1, 0x7d]), // type: (i32) -> f32
    ...section(3, [1, 0]), // one function of type 0
    ...section(7, [1, 3, ...new TextEncoder().encode('run'), 0x00, 0]), // export "run"
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/**
 * The best GFLOP/s of one thread doing f32x4 multiply-adds, over a few accumulator counts.
 * @param {{fused?: boolean}} [options] fused: with f32x4.relaxed_madd (the browser must have it)
 * @returns {Promise<{gflops: number, accumulators: number}>}
 */
export async function measureSimdPeak({ fused = false } = {}) {
  let best = { gflops: 0, accumulators: 0 };
  for (const accumulators of [4, 8, 12]) {
    const { instance } = await WebAssembly.instantiate(peakModule(accumulators, fused));
    const run = instance.exports.run;
    const iterations = 200_000;
    const flopsPerCall = iterations * accumulators * 4 * 2; // 4 lanes, a multiply and an add
    for (let call = 0; call < 20; call++) run(iterations); // let V8 tier up to optimised code
    for (let trial = 0; trial < 15; trial++) {
      const start = performance.now();
      run(iterations);
      const gflops = flopsPerCall / ((performance.now() - start) * 1e6);
      if (gflops > best.gflops) best = { gflops, accumulators };
    }
  }
  return best;
}
