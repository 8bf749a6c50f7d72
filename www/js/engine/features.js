// What this browser's WebAssembly can run, asked before the module is fetched.

/**
 * Whether this browser has WebAssembly's relaxed SIMD, so that the page can run the module built
 * with it (www/pkg/relaxed/: the decoder's hidden layers sixteen 8-bit products an instruction, the
 * training's multiply-adds fused). Asked of a tiny module, `(func (result v128) (f32x4.relaxed_madd
 * (v128.const 0) (v128.const 0) (v128.const 0)))`: a browser without it refuses to validate it, as
 * it would the whole relaxed build. (www/sw.js asks the same of its own copy of these bytes.)
 * @returns {boolean}
 */
export function hasRelaxedSimd() {
  const zero = [0xfd, 0x0c, ...new Array(16).fill(0)]; // v128.const 0
  const body = [0x00, ...zero, ...zero, ...zero, 0xfd, 0x85, 0x02, 0x0b]; // no locals; f32x4.relaxed_madd; end
  return WebAssembly.validate(
    new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
      0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
      0x0a, body.length + 2, 0x01, body.length, ...body, // code section
    ]),
  );
}
