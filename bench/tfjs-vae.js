// The VAE of the training benchmark in TensorFlow.js: 784-H-(2+2) encoder, 2-H-784 decoder, ReLU,
// the reparameterisation z = μ + σ·ε, the negative ELBO (12) with the Bernoulli cross-entropy on
// logits and the KL in closed form (19), and Adam (tf.train.adam, the same defaults as ours).
//
// The gradient is written out with tf ops (the same backpropagation as src/nn/vae.rs), because
// the classic build of tfjs-core that a page without a bundler can load registers no gradient
// functions (tf.grads fails with "gradient function not found"); the union package that has them
// is not a dependency. Hand-written backward ops are also the fastest way TF.js can train this.

/* global tf */

let models = 0;

/** He-initialised dense layer variables, named `{model}.{name}.weight` and `….bias`. */
function dense(name, inputs, outputs) {
  return {
    weight: tf.variable(tf.randomNormal([inputs, outputs], 0, Math.sqrt(2 / inputs)), true, `${models}.${name}.weight`),
    bias: tf.variable(tf.zeros([outputs]), true, `${models}.${name}.bias`),
  };
}

export class TfjsVae {
  constructor(hidden, latent, learningRate) {
    this.latent = latent;
    models++;
    this.model = models;
    this.layers = [dense('e1', 784, hidden), dense('e2', hidden, 2 * latent), dense('d1', latent, hidden), dense('d2', hidden, 784)];
    this.optimizer = tf.train.adam(learningRate);
  }

  /** One Adam step on `x (batch, 784)`; returns the batch's mean negative ELBO (a scalar tensor). */
  step(x) {
    const [e1, e2, d1, d2] = this.layers;
    const n = x.shape[0];
    const L = this.latent;
    const gradients = {};
    const loss = tf.tidy(() => {
      // Forward.
      const h1 = tf.relu(tf.add(tf.matMul(x, e1.weight), e1.bias));
      const encoded = tf.add(tf.matMul(h1, e2.weight), e2.bias);
      const mu = tf.slice(encoded, [0, 0], [n, L]);
      const logvar = tf.slice(encoded, [0, L], [n, L]);
      const sigma = tf.exp(tf.mul(logvar, 0.5));
      const epsilon = tf.randomNormal([n, L]);
      const z = tf.add(mu, tf.mul(sigma, epsilon));
      const h2 = tf.relu(tf.add(tf.matMul(z, d1.weight), d1.bias));
      const logits = tf.add(tf.matMul(h2, d2.weight), d2.bias);
      // Cross-entropy with logits, stable: max(l, 0) − l·x + log(1 + exp(−|l|)); KL (19).
      const bce = tf.sum(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, x)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))));
      const kl = tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.exp(logvar), tf.square(mu)), tf.add(1, logvar))));
      // Backward, for the batch mean.
      const gLogits = tf.div(tf.sub(tf.sigmoid(logits), x), n);
      const keep = (name, value) => {
        gradients[`${this.model}.${name}`] = tf.keep(value);
      };
      // Products with a transposed operand as transpose + plain matMul: the wasm backend runs a
      // plain matMul on XNNPACK, a transposed one on a slower kernel of its own.
      const matMulT = (a, b, transposeA, transposeB) => tf.matMul(transposeA ? tf.transpose(a) : a, transposeB ? tf.transpose(b) : b);
      keep('d2.weight', matMulT(h2, gLogits, true, false));
      keep('d2.bias', tf.sum(gLogits, 0));
      const gH2 = tf.mul(matMulT(gLogits, d2.weight, false, true), tf.step(h2));
      keep('d1.weight', matMulT(z, gH2, true, false));
      keep('d1.bias', tf.sum(gH2, 0));
      const gZ = matMulT(gH2, d1.weight, false, true);
      const gMu = tf.add(gZ, tf.div(mu, n));
      const gLogvar = tf.add(tf.mul(gZ, tf.mul(tf.mul(epsilon, sigma), 0.5)), tf.div(tf.mul(tf.sub(tf.exp(logvar), 1), 0.5), n));
      const gEncoded = tf.concat([gMu, gLogvar], 1);
      keep('e2.weight', matMulT(h1, gEncoded, true, false));
      keep('e2.bias', tf.sum(gEncoded, 0));
      const gH1 = tf.mul(matMulT(gEncoded, e2.weight, false, true), tf.step(h1));
      keep('e1.weight', matMulT(x, gH1, true, false));
      keep('e1.bias', tf.sum(gH1, 0));
      return tf.div(tf.add(bce, kl), n);
    });
    this.optimizer.applyGradients(gradients);
    tf.dispose(Object.values(gradients));
    return loss;
  }
}
