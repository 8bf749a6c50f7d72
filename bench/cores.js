// Before TensorFlow.js loads: `?cores=N` makes the page report N logical cores. TF.js's threaded
// wasm build starts min(4, hardwareConcurrency / 2) threads, so on a 2-core machine it would use
// one; reporting 4 gives it 2, the thread count our worker pool gets here. The real figure is kept
// in `realHardwareConcurrency` and printed in BENCHMARKS.md.
window.realHardwareConcurrency = navigator.hardwareConcurrency;
const reportedCores = Number(new URLSearchParams(location.search).get('cores'));
if (reportedCores > 0) {
  Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => reportedCores, configurable: true });
}
