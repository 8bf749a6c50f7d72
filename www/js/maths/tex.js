// The page's mathematics, once, in every language: the article's numbered equations (docs/MATH.md,
// by their numbers) and the formulas the text uses inline (by name), as TeX. tools/maths.mjs renders
// them to MathML at build time (js/maths/mathml.js, no script at run time); the string tables
// place an inline formula with `{=name}` and never spell one out (`tools/strings.mjs check`).

/** The article's numbered equations, MATH.md (1)–(19), and the reparameterisation trick. */
export const NUMBERED = {
  1: String.raw`I(x) = -\log_2 p(x)`,
  2: String.raw`H(p) = -\sum_x p(x) \log p(x)`,
  3: String.raw`\mathrm{KL}(p \,\|\, q) = \sum_x p(x) \log \frac{p(x)}{q(x)}`,
  4: String.raw`p(z \mid x) = \frac{p(x \mid z)\, p(z)}{p(x)}`,
  5: String.raw`p(x) = \sum_z p(x \mid z)\, p(z)`,
  6: String.raw`\sin x \approx x - \frac{x^3}{3!} + \frac{x^5}{5!} - \cdots`,
  7: String.raw`\mathrm{KL}\big(q(z) \,\|\, p(z \mid x)\big) = \sum_z q(z) \log \frac{q(z)}{p(z \mid x)} = \sum_z q(z) \log \frac{q(z)\, p(x)}{p(x \mid z)\, p(z)}`,
  8: String.raw`= \sum_z q(z) \big[\log q(z) - \log p(x \mid z) - \log p(z)\big] + \log p(x)`,
  9: String.raw`\log p(x) = \mathrm{KL}\big(q(z) \,\|\, p(z \mid x)\big) + \sum_z q(z) \big[\log p(x \mid z) + \log p(z) - \log q(z)\big]`,
  10: String.raw`\sum_z q(z \mid x) \log p(x \mid z) + \sum_z q(z \mid x) \log \frac{p(z)}{q(z \mid x)}`,
  11: String.raw`\sum_z q(z \mid x) \log \frac{p(z)}{q(z \mid x)} = -\mathrm{KL}\big(q(z \mid x) \,\|\, p(z)\big)`,
  12: String.raw`\mathrm{ELBO} = \mathbb{E}_{q(z \mid x)}\big[\log p(x \mid z)\big] - \mathrm{KL}\big(q(z \mid x) \,\|\, p(z)\big)`,
  13: String.raw`\mathcal{N}(x; \mu, \sigma^2) = \frac{1}{\sqrt{2\pi}\,\sigma} \exp\Big(-\frac{(x - \mu)^2}{2\sigma^2}\Big)`,
  14: String.raw`\log p(x \mid x') = -\sum_i \frac{(x_i - x'_i)^2}{2\sigma^2} + \text{const}`,
  15: String.raw`\mathrm{KL} = \mathbb{E}_q\Big[-\log \sigma - \frac{(z - \mu)^2}{2\sigma^2} + \frac{z^2}{2}\Big], \quad \mathbb{E}_q\big[(z - \mu)^2\big] = \sigma^2, \quad \mathbb{E}_q\big[z^2\big] = \sigma^2 + \mu^2`,
  16: String.raw`T = \frac{z - \mu}{\sigma}`,
  17: String.raw`\mathbb{E}[T] = 0, \quad \operatorname{var}(T) = 1`,
  18: String.raw`\mathrm{KL} = \tfrac{1}{2}\big(\sigma^2 + \mu^2 - 1\big) - \log \sigma`,
  19: String.raw`\mathrm{KL} = -\tfrac{1}{2} \sum_j \big(1 + \log \sigma_j^2 - \mu_j^2 - \sigma_j^2\big)`,
  reparam: String.raw`z = \mu + \sigma \odot \varepsilon, \quad \varepsilon \sim \mathcal{N}(0, I)`,
};

/** Formulas the text uses inline, by the name a string table gives them: `{=name}`. */
export const INLINE = {
  // distributions and their parts
  qzx: String.raw`q(z \mid x)`,
  pxz: String.raw`p(x \mid z)`,
  pzx: String.raw`p(z \mid x)`,
  px: String.raw`p(x)`,
  logpx: String.raw`\log p(x)`,
  prior: String.raw`\mathcal{N}(0, I)`,
  priorOne: String.raw`\mathcal{N}(0, 1)`,
  posterior: String.raw`q(z \mid x) = \mathcal{N}(\mu, \sigma^2)`,
  gaussianQ: String.raw`q = \mathcal{N}(\mu, \sigma^2)`,
  // draws
  epsprior: String.raw`\varepsilon \sim \mathcal{N}(0, I)`,
  zeps: String.raw`z = \varepsilon \sim \mathcal{N}(0, I)`,
  reparam: String.raw`z = \mu + \sigma \cdot \varepsilon`,
  sampleMu: String.raw`z = \mu`,
  samplePosterior: String.raw`z = \mu + T \sigma \varepsilon, \quad \varepsilon \sim \mathcal{N}(0, I)`,
  samplePrior: String.raw`z = T \varepsilon, \quad \varepsilon \sim \mathcal{N}(0, I)`,
  samplePoint: String.raw`z = c + T r \varepsilon, \quad \varepsilon \sim \mathcal{N}(0, I)`,
  zT: String.raw`z = T \varepsilon`,
  tOfZ: String.raw`T = (z - \mu) / \sigma`,
  // the loss and its terms
  klPrior: String.raw`\mathrm{KL}\big(q(z \mid x) \,\|\, \mathcal{N}(0, I)\big)`,
  reconstruction: String.raw`-\log p(x \mid z)`,
  squaredError: String.raw`\sum_i (x_i - x'_i)^2 / 2\sigma^2`,
  squaredDifference: String.raw`(x - x')^2`,
  expectedLogLikelihood: String.raw`\mathbb{E}\big[\log p(x \mid z)\big]`,
  klClosed: String.raw`\tfrac{1}{2}\big(\sigma^2 + \mu^2 - 1\big) - \log \sigma`,
  logWeight: String.raw`\log q(z) - \log p(z)`,
  importanceWeight: String.raw`p(x \mid z)\, p(z) / q(z \mid x)`,
  // information
  information: String.raw`-\log_2 p`,
  sinSeries: String.raw`x - x^3/3! + x^5/5! - \cdots`,
};
