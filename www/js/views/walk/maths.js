// The walk's door to the wasm module: every number its figures show comes through here, from the
// module's `walk*` functions (src/wasm/walk.rs, maths in src/explain/). The module is the one the
// engine loaded (an ES module is loaded once per URL), so nothing is downloaded again.

import * as wasm from '../../../pkg/vae_playground.js';

/** (1) bits of an outcome of probability p. */
export const information = (p) => wasm.walkInformation(p);
/** (2) entropy of a coin, bits. */
export const coinEntropy = (p) => wasm.walkCoinEntropy(p);
/** (2) entropy at n evenly spaced p from 0 to 1. @returns {Float64Array} */
export const entropyCurve = (n) => wasm.walkEntropyCurve(n);
/** (3) KL(p‖q) in bits. */
export const kl = (p, q) => wasm.walkKl(new Float64Array(p), new Float64Array(q));
/** (4)–(5) `{posterior, logLikelihood, logEvidence}`. */
export const threeCoins = (heads, tosses) => wasm.walkThreeCoins(heads, tosses);
/** (6) `{approximation, exact, error, bound}`. */
export const sinTaylor = (x, terms) => wasm.walkSinTaylor(x, terms);
/** (6) the truncated series at n points of [from, to]. @returns {Float64Array} */
export const sinTaylorCurve = (terms, from, to, n) => wasm.walkSinTaylorCurve(terms, from, to, n);
/** (13) N(x; μ, σ²). */
export const normalDensity = (x, mu, sigma) => wasm.walkNormalDensity(x, mu, sigma);
/** (15)–(19) `{closedForm, estimate, standardError, checkpoints, runningEstimate, runningStandardError}`. */
export const klMonteCarlo = (mu, logvar, draws, seed) => wasm.walkKlMonteCarlo(mu, logvar, draws, seed);
/** (7)–(12) for an open model (engine.js `Model`) and an image. */
export const evidence = (model, pixels, samples, seed) => wasm.walkEvidence(model.handle, pixels, samples, seed);
/** (14) for an image and a decoder σ. */
export const squaredError = (model, pixels, sigma) => wasm.walkSquaredError(model.handle, pixels, sigma);
/** x → μ, log σ² → z = μ + σ·ε → x′. */
export const networkPass = (model, pixels, seed) => wasm.walkNetworkPass(model.handle, pixels, seed);
