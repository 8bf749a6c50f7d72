// English text of the walk through the maths: the article's road from information to the
// reparameterisation trick, one step per idea, each with a figure computed by the wasm module.
// Equation numbers are those of the article (docs/MATH.md); the formulas are the same in every language.

export default {
  'walk.heading': 'The maths, step by step',
  'walk.lede':
    'The article this demo follows builds the variational autoencoder from the information in a coin toss up to the reparameterisation trick. Walk the same road: each step has one idea, one figure, and numbers computed live by the same Rust code that runs the model.',
  'walk.contents': 'Steps',
  'walk.stepLabel': 'Step {n}',
  'walk.equationsLabel': 'The equations of this step',
  'walk.eqLink': '({n})',
  'walk.eqLinkLabel': 'Equation {n}',

  'walk.eq.1': 'I(x) = −log₂ p(x)',
  'walk.eq.2': 'H(p) = −Σₓ p(x) log p(x)',
  'walk.eq.3': 'KL(p‖q) = Σₓ p(x) log( p(x) / q(x) )',
  'walk.eq.4': 'p(z|x) = p(x|z) p(z) / p(x)',
  'walk.eq.5': 'p(x) = Σ_z p(x|z) p(z)',
  'walk.eq.6': 'sin x ≈ x − x³/3! + x⁵/5! − …',
  'walk.eq.7': 'KL(q(z)‖p(z|x)) = Σ_z q(z) log( q(z) / p(z|x) ) = Σ_z q(z) log( q(z) p(x) / (p(x|z) p(z)) )',
  'walk.eq.8': '= Σ_z q(z) [log q(z) − log p(x|z) − log p(z)] + log p(x)',
  'walk.eq.9': 'log p(x) = KL(q(z)‖p(z|x)) + Σ_z q(z) [log p(x|z) + log p(z) − log q(z)]',
  'walk.eq.10': 'Σ_z q(z|x) log p(x|z) + Σ_z q(z|x) log( p(z) / q(z|x) )',
  'walk.eq.11': 'Σ_z q(z|x) log( p(z) / q(z|x) ) = −KL(q(z|x)‖p(z))',
  'walk.eq.12': 'ELBO = E_q(z|x)[log p(x|z)] − KL(q(z|x)‖p(z))',
  'walk.eq.13': 'N(x; μ, σ²) = exp( −(x − μ)² / (2σ²) ) / (√(2π) σ)',
  'walk.eq.14': 'log p(x|x′) = −Σᵢ (xᵢ − x′ᵢ)² / (2σ²) + const',
  'walk.eq.15': 'KL = E_q[ −log σ − (z − μ)²/(2σ²) + z²/2 ],  E_q[(z − μ)²] = σ²,  E_q[z²] = σ² + μ²',
  'walk.eq.16': 'T = (z − μ) / σ',
  'walk.eq.17': 'E[T] = 0,  var(T) = 1',
  'walk.eq.18': 'KL = ½(σ² + μ² − 1) − log σ',
  'walk.eq.19': 'KL = −½ Σⱼ (1 + log σⱼ² − μⱼ² − σⱼ²)',
  'walk.eq.reparam': 'z = μ + σ ⊙ ε,  ε ~ N(0, I)',

  // input shared by steps 5, 6, 8 and 9
  'walk.input.drawing': 'Your drawing from the playground',
  'walk.input.test': 'Test digit {n} ({name})',
  'walk.input.none': 'No drawing yet: draw one in the playground, or take a test digit.',
  'walk.input.useTest': 'Use a test digit',
  'walk.input.nextTest': 'Another test digit',
  'walk.input.loading': 'Loading the test digits…',
  'walk.input.failed': 'The test digits could not be loaded: {reason}',
  'walk.input.label': 'The input these steps use',

  // step 1
  'walk.s1.title': 'Information and entropy',
  'walk.s1.text':
    'A surprising outcome tells you more. The information of an outcome is −log₂ of its probability (1): a fair coin’s toss carries 1 bit. Entropy is the information you expect per toss (2); it is largest when the coin is fair and zero when the result is certain.',
  'walk.s1.bias': 'Probability of heads',
  'walk.s1.readout': 'Heads carries {heads} bits, tails {tails} bits; entropy {entropy} bits per toss.',
  'walk.s1.figure': 'The entropy of a coin against its probability of heads; the chosen coin, p = {p}, has {entropy} bits.',

  // step 2
  'walk.s2.title': 'KL divergence',
  'walk.s2.text':
    'How different are two systems? KL divergence (3) weighs, by the first system’s probabilities, how much more surprising the second finds each outcome. Read a die as “face 1 / face 2” and it cannot match a coin; read it as “odd / even” and a fair coin and the die are the same system: KL = 0. Swap the two and the number changes: KL is not symmetric.',
  'walk.s2.bias': 'The coin’s probability of heads',
  'walk.s2.reading': 'Read the die as',
  'walk.s2.faces': 'face 1 / face 2 (the other faces count as “neither”)',
  'walk.s2.parity': 'odd / even',
  'walk.s2.readout': 'KL(coin ‖ die) = {forward} bits; KL(die ‖ coin) = {backward} bits.',
  'walk.s2.infinite': '∞',
  'walk.s2.infiniteNote': 'Infinite: the die shows faces the coin calls impossible.',
  'walk.s2.figure': 'Bars of the coin’s (p = {p}) and the die’s probabilities for each outcome; KL(coin ‖ die) = {forward} bits.',
  'walk.s2.outcome.face1': 'heads · face 1',
  'walk.s2.outcome.face2': 'tails · face 2',
  'walk.s2.outcome.neither': 'faces 3–6',
  'walk.s2.outcome.odd': 'heads · odd',
  'walk.s2.outcome.even': 'tails · even',
  'walk.s2.coin': 'coin',
  'walk.s2.die': 'die',

  // step 3
  'walk.s3.title': 'Hidden causes and Bayes',
  'walk.s3.text':
    'Three coins come up heads with probability 1/2, 1/3 and 1/4. One is picked at random (a hidden cause z, 1/3 each) and tossed 10,000 times; you see only the number of heads x. Bayes (4) turns what each coin would make of x into a belief about which coin it was; the evidence p(x) (5) sums over every cause. With a continuous, many-dimensional z that sum becomes an integral nobody can compute, which is why the VAE approximates.',
  'walk.s3.heads': 'Heads in 10,000 tosses',
  'walk.s3.readout': 'p(z|x): coin ½ {a}, coin ⅓ {b}, coin ¼ {c}; log p(x) = {evidence} nats.',
  'walk.s3.figure': 'The posterior over the three coins after {heads} heads: {a}, {b}, {c}.',
  'walk.s3.coin.0': 'coin ½',
  'walk.s3.coin.1': 'coin ⅓',
  'walk.s3.coin.2': 'coin ¼',

  // step 4
  'walk.s4.title': 'Approximation',
  'walk.s4.text':
    'When the exact thing is out of reach, take something simple and tune it until it is close. The article’s example (6): near 0, sin x is x − x³/3! + x⁵/5! − …; each term added brings the curve closer, and Lagrange’s bound says how close at least. The VAE does the same with q(z|x): a simple Gaussian tuned to approximate the true p(z|x).',
  'walk.s4.terms': 'Terms of the series',
  'walk.s4.x': 'x',
  'walk.s4.readout': 'At x = {x}: the series gives {approx}, sin x = {exact}; error {error}, at most {bound}.',
  'walk.s4.figure': 'sin x (grey) and its Taylor series with {terms} terms (blue) from −2π to 2π; the marked x is {x}.',

  // step 5
  'walk.s5.title': 'The evidence lower bound',
  'walk.s5.text':
    'Write the gap between q(z|x) and the true posterior as a KL (7)–(8) and rearrange (9): log p(x) equals that KL plus a sum (10), whose second part is minus the KL from the prior (11): the ELBO (12). The KL is never negative, so the ELBO lies below log p(x), and making q better raises it. Here is your input: the two terms of (12), and log p(x) itself, estimated by drawing K points from q(z|x) and weighting each by p(x|z)p(z)/q(z|x). As K grows the estimate rises towards log p(x); what separates it from the ELBO is the KL of (9).',
  'walk.s5.samples': 'Samples K',
  'walk.s5.readout':
    'E[log p(x|z)] = {rec}, KL = {kl}, ELBO = {elbo}; from the same K = {k} draws, ELBO ≈ {sampled} and log p(x) ≈ {logpx}: the gap, the KL of (9), is {gap} nats.',
  'walk.s5.figure': 'The estimates of log p(x) (blue) and of the ELBO (orange) from the first K draws, K from 1 to {k}: log p(x) never falls below the ELBO of the same draws. Dashed: the ELBO (12) with the KL in closed form, {elbo} nats.',
  'walk.s5.elboClosed': 'ELBO (12), KL in closed form',
  'walk.s5.axisK': 'K',
  'walk.s5.elboLine': 'ELBO',
  'walk.s5.logpxLine': 'log p(x) ≈',

  // step 6
  'walk.s6.title': 'A Gaussian decoder means squared error',
  'walk.s6.text':
    'The decoder is deterministic: the same z always gives the same x′. If each pixel of x is x′ plus Gaussian noise of spread σ (13), the reconstruction term becomes a sum of squared differences over 2σ² (14). σ sets the exchange rate: a small σ makes every pixel of error expensive and the KL term nearly free; a large σ does the opposite.',
  'walk.s6.sigma': 'Decoder noise σ',
  'walk.s6.readout':
    'Σ(x − x′)² = {sq}; divided by 2σ² with σ = {sigma}: {term} nats, against KL {kl} nats: the reconstruction is {share} of the loss.',
  'walk.s6.figure': 'Left: (x − x′)² for each pixel of your input. Right: the squared-error term, {term} nats, beside the KL, {kl} nats.',
  'walk.s6.barTerm': '(14)',
  'walk.s6.barKl': 'KL (19)',

  // step 7
  'walk.s7.title': 'KL in closed form',
  'walk.s7.text':
    'The second term of (12) needs no sampling. With q = N(μ, σ²) and the prior N(0, 1), the expectation (15) simplifies through T = (z − μ)/σ (16)–(17) to ½(σ² + μ² − 1) − log σ (18), which the encoder computes from log σ² as (19). Check it: average log q(z) − log p(z) over draws from q and watch the estimate settle on the closed form.',
  'walk.s7.mu': 'μ',
  'walk.s7.logvar': 'log σ²',
  'walk.s7.draws': 'Draws',
  'walk.s7.readout': 'Closed form (19): {closed} nats. Monte Carlo with {n} draws: {estimate} ± {se} nats.',
  'walk.s7.figure': 'The Monte-Carlo estimate with ±2 standard errors against the number of draws (log scale), and the closed form {closed} as a line.',

  // step 8
  'walk.s8.title': 'The reparameterisation trick',
  'walk.s8.text':
    'To sample z from q(z|x) and still train by gradients, draw the randomness outside the network: ε from N(0, I), then z = μ + σ·ε. The encoder forges a coin with given odds; drawing ε is tossing it. Draw again and again: each z lands inside the circle around μ and decodes to a variant of your input.',
  'walk.s8.draw': 'Draw ε again',
  'walk.s8.readout': 'μ = ({mu}), σ = ({sigma}), ε = ({eps}), z = μ + σ·ε = ({z}).',
  'walk.s8.figure':
    'The network: x goes into the encoder, which gives μ = ({mu}) and σ = ({sigma}); ε = ({eps}) is drawn; z = ({z}) goes into the decoder, which gives x′. On the right, the draws so far in the latent plane.',
  'walk.s8.x': 'x',
  'walk.s8.encoder': 'encoder',
  'walk.s8.decoder': 'decoder',
  'walk.s8.xprime': 'x′',
  'walk.s8.epsilon': 'ε ~ N(0, I)',

  // step 9
  'walk.s9.title': 'A point or a circle',
  'walk.s9.text':
    'A plain autoencoder sends your input to one point; a VAE sends it to a whole region around μ of radius σ, and every point of it must decode to your digit. The KL term packs these regions around the origin, so the space between digits decodes to digits too. Move along the circle’s radius and watch the decoded image stay yours.',
  'walk.s9.radius': 'Distance from μ, in σ',
  'walk.s9.readout': 'z = ({z}), {r} σ from μ; the circle’s KL (19) is {kl} nats.',
  'walk.s9.readoutAe': 'z = ({z}), {r} σ from μ; the autoencoder {ae} maps your input to the single point ({point}).',
  'walk.s9.figure': 'The latent map of {model}: the test digits as dots, your input’s 1σ and 2σ rings around μ, and the point z at {r} σ.',
  'walk.s9.figureAe': 'The latent map of the autoencoder {ae}: its test digits, and your input at the single point ({point}).',
  'walk.s9.decoded': 'decode(z)',

  'walk.end.title': 'Now play',
  'walk.end.text': 'Everything above runs in the playground with your own drawing: the map, the circle, the samples, and the loss (12), (14), (19).',
  'walk.end.link': 'Back to the playground with your drawing',
};
