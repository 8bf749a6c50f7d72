// The VAE of the training benchmark in TensorFlow.js, as a web developer would write it with
// tfjs-core: 784-H-(2+2) encoder, 2-H-784 decoder, ReLU, the reparameterisation z = μ + σ·ε, the
// negative ELBO (12) with the Bernoulli cross-entropy on logits and the KL in closed form (19),
// and Adam (tf.train.adam, the same defaults as ours).

/* global tf */

/** He-initialised dense layer variables. */
function dense(inputs, outputs) {
  return {
    weight: tf.variable(tf.randomNormal([inputs, outputs], 0, Math.sqrt(2 / inputs))),
    bias: tf.variable(tf.zeros([outputs])),
  };
}

export class TfjsVae {
  constructor(hidden, latent, learningRate) {
    this.latent = latent;
    this.layers = [dense(784, hidden), dense(hidden, 2 * latent), dense(latent, hidden), dense(hidden, 784)];
    this.optimizer = tf.train.adam(learningRate);
  }

  /** The batch's mean negative ELBO. `x: (batch, 784)` */
  #loss(x) {
    const [e1, e2, d1, d2] = this.layers;
    const n = x.shape[0];
    const h = tf.relu(tf.add(tf.matMul(x, e1.weight), e1.bias));
    const encoded = tf.add(tf.matMul(h, e2.weight), e2.bias);
    const mu = tf.slice(encoded, [0, 0], [n, this.latent]);
    const logvar = tf.slice(encoded, [0, this.latent], [n, this.latent]);
    const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), tf.randomNormal([n, this.latent])));
    const g = tf.relu(tf.add(tf.matMul(z, d1.weight), d1.bias));
    const logits = tf.add(tf.matMul(g, d2.weight), d2.bias);
    // Cross-entropy with logits, stable: max(l, 0) − l·x + log(1 + exp(−|l|)).
    const bce = tf.sum(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, x)), tf.log(tf.add(1, tf.exp(tf.neg(tf.abs(logits)))))));
    const kl = tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.exp(logvar), tf.square(mu)), tf.add(1, logvar))));
    return tf.div(tf.add(bce, kl), n);
  }

  /** One Adam step on `x (batch, 784)`. */
  step(x) {
    this.optimizer.minimize(() => this.#loss(x), false);
  }
}
