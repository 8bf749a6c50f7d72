// The vae-playground package in a page with no build step: load the module, encode a test digit,
// decode the digit's point μ in latent space, draw both. Install the package in this folder
// (`npm install vae-playground-<version>.tgz`) and serve the folder: the module fetches its .wasm
// from beside itself.
import init, { VaeModel } from './node_modules/vae-playground/vae_playground.js';

// A 7 from the test digits: 28 × 28 bytes row after row (0 paper … 255 ink), base64.
const DIGIT = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAHQ43N//+ZAAAAAAAAAAAAAAAAAAAAAAAALTl5vP39/v39/QAAAAAAAAAAAAAAAAAAAABvxvH9/v3917P9/aUAAAAAAAAAAAAAAAAAAAAA8v39/b90HBBP/f0oAAAAAAAAAAAAAAAAAAAAAEBycg0AAAAAjv7PDQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAGtn9jwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAJf+6iUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAADi/sUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAw8vxLAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAoP3JAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAALfH9cgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAADn9/XIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAS0/vIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA2/f10AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAjf39HAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAI39sQMAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAADN/jgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAa/v1RAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAGf796xYAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAADM5GcDAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==';

/** Draws 28 × 28 values in [0, 1] (1 is ink) as dark ink on white paper. */
function draw(canvas, pixels) {
  const context = canvas.getContext('2d');
  const cell = canvas.width / 28;
  for (let i = 0; i < 784; i++) {
    const grey = Math.round(255 * (1 - pixels[i]));
    context.fillStyle = `rgb(${grey} ${grey} ${grey})`;
    context.fillRect((i % 28) * cell, Math.floor(i / 28) * cell, cell, cell);
  }
}

const status = document.querySelector('#status');
const round = (values) => Array.from(values, (v) => v.toFixed(2)).join(', ');
try {
  await init(); // fetches and starts vae_playground_bg.wasm
  const model = new VaeModel('mnist-2d'); // the model compiled into the module
  const digit = Float32Array.from(atob(DIGIT), (c) => c.charCodeAt(0) / 255);
  const { mu, logvar } = model.encode(digit); // q(z|x) = N(μ, σ²), σ = exp(½ log σ²)
  const image = model.decode(mu); // 784 pixel probabilities at z = μ
  draw(document.querySelector('#digit'), digit);
  draw(document.querySelector('#decoded'), image);
  status.textContent = `μ = (${round(mu)}), σ = (${round(logvar.map((v) => Math.exp(0.5 * v)))})`;
  model.free(); // its weights leave wasm memory
  document.body.dataset.state = 'done';
} catch (error) {
  status.textContent = `The model could not run: ${error.message}`;
  document.body.dataset.state = 'failed';
  throw error; // to the console too
}
