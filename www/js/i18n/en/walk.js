// English text of the walk through the maths: the article's road from information to the
// reparameterisation trick, one step per idea, each with a figure computed by the wasm module.
// Equation numbers are those of the article (docs/MATH.md); the equations themselves, and the
// formulas placed with {=name}, are in js/maths/tex.js, the same in every language.

export default {
  'walk.heading': 'The maths, step by step',
  'walk.lede':
    'The article this demo follows builds the variational autoencoder from the information in a coin toss up to the reparameterisation trick. Walk the same road: each step has one idea, one figure, and numbers computed live by the same Rust code that runs the model.',
  'walk.contents': 'Steps',
  'walk.stepLabel': 'Step {n}',
  'walk.equationsLabel': 'The equations of this step',
  'walk.eqLink': '({n})',
  'walk.eqLinkLabel': 'Equation {n}',


  // input shared by steps 5, 6, 8 and 9
  'walk.input.drawing': 'Your drawing from the playground',
  'walk.input.test': 'Test digit {n} ({name})',
  'walk.input.none': 'No drawing yet: draw one in the playground, or take a test digit.',
  'walk.input.arrival': 'Test digit {n} ({name}): you have not drawn yet, so every step uses it. Draw in the playground and your drawing takes its place.',
  'walk.input.useTest': 'Use a test digit',
  'walk.input.nextTest': 'Another test digit',
  'walk.input.loading': 'Loading the test digits…',
  'walk.input.failed': 'The test digits could not be loaded: {reason}',
  'walk.input.label': 'The input these steps use',

  // step 1
  'walk.s1.title': 'Information and entropy',
  'walk.s1.text':
    'A surprising outcome tells you more. The information of an outcome of probability p is {=information} bits (1): a fair coin’s toss carries 1 bit. Entropy is the information you expect per toss (2); it is largest when the coin is fair and zero when the result is certain.',
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
  'walk.s2.readout': 'KL of the die from the coin: {forward} bits; of the coin from the die: {backward} bits.',
  'walk.s2.infinite': '∞',
  'walk.s2.infiniteNote': 'Infinite: the die shows faces the coin calls impossible.',
  'walk.s2.figure': 'Bars of the coin’s (p = {p}) and the die’s probabilities for each outcome; the KL of the die from the coin is {forward} bits.',
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
    'Three coins come up heads with probability 1/2, 1/3 and 1/4. One is picked at random (a hidden cause z, 1/3 each) and tossed 10,000 times; you see only the number of heads x. Bayes (4) turns what each coin would make of x into a belief about which coin it was; the evidence {=px} (5) sums over every cause. With a continuous, many-dimensional z that sum becomes an integral nobody can compute, which is why the VAE approximates.',
  'walk.s3.heads': 'Heads in 10,000 tosses',
  'walk.s3.readout': 'The posterior {=pzx}: coin ½ {a}, coin ⅓ {b}, coin ¼ {c}; {=logpx} is {evidence} nats.',
  'walk.s3.figure': 'The posterior over the three coins after {heads} heads: {a}, {b}, {c}.',
  'walk.s3.coin.0': 'coin ½',
  'walk.s3.coin.1': 'coin ⅓',
  'walk.s3.coin.2': 'coin ¼',

  // step 4
  'walk.s4.title': 'Approximation',
  'walk.s4.text':
    'When the exact thing is out of reach, take something simple and tune it until it is close. The article’s example (6): near 0, sin x is {=sinSeries}; each term added brings the curve closer, and Lagrange’s bound says how close at least. The VAE does the same with {=qzx}: a simple Gaussian tuned to approximate the true {=pzx}.',
  'walk.s4.terms': 'Terms of the series',
  'walk.s4.x': 'x',
  'walk.s4.readout': 'At x = {x}: the series gives {approx}, sin x = {exact}; error {error}, at most {bound}.',
  'walk.s4.figure': 'sin x (grey) and its Taylor series with {terms} terms (blue) from −2π to 2π; the marked x is {x}.',

  // step 5
  'walk.s5.title': 'The evidence lower bound',
  'walk.s5.text':
    'Write the gap between {=qzx} and the true posterior as a KL (7)–(8) and rearrange (9): {=logpx} equals that KL plus a sum (10), whose second part is minus the KL from the prior (11): the ELBO (12). The KL is never negative, so the ELBO lies below {=logpx}, and making q better raises it. Here is your input: the two terms of (12), and {=logpx} itself, estimated by drawing K points from {=qzx} and weighting each by {=importanceWeight}. One run of K draws is noisy; what it gives on average rises with K from the ELBO towards {=logpx}, and the figure shows that average.',
  'walk.s5.samples': 'Samples K',
  'walk.s5.again': 'New draws (seed {seed})',
  'walk.s5.readout':
    '{=expectedLogLikelihood} = {rec}, KL = {kl}, ELBO = {elbo} nats. Averaged over {groups} groups of K = {k} draws, the estimate of {=logpx} is {mean} ± {se} nats: {gap} above the ELBO, the KL of (9) it closes.',
  'walk.s5.trend.rises':
    'On average the estimate rises with K: from {first} at K = 1 (the ELBO, sampled) to {last} at K = {kmax}, means over groups of the {draws} draws of seed {seed}, with a band of two standard errors. One run (grey) wanders around it.',
  'walk.s5.trend.flat':
    'On average the estimate moves by only {spread} nats from K = 1 to K = {kmax} (means over groups of the {draws} draws of seed {seed}): here {=qzx} is already close to the true posterior, so the ELBO is nearly {=logpx}.',
  'walk.s5.figure':
    'The mean estimate of {=logpx} from K draws (blue, with a band of two standard errors), K from 1 to {kmax}, over the {draws} draws of seed {seed}: {first} at K = 1, {last} at K = {kmax}. Grey: one run, the first K draws. Dashed: the ELBO (12) with the KL in closed form, {elbo} nats.',
  'walk.s5.meanLine': 'mean estimate of {=logpx} from K draws',
  'walk.s5.runLine': 'one run: the first K draws',
  'walk.s5.elboClosed': 'ELBO (12), KL in closed form',

  // step 6
  'walk.s6.title': 'A Gaussian decoder means squared error',
  'walk.s6.text':
    'The decoder is deterministic: the same z always gives the same x′. If each pixel of x is x′ plus Gaussian noise of spread σ (13), the reconstruction term becomes a sum of squared differences over 2σ² (14). σ sets the exchange rate: a small σ makes every pixel of error expensive and the KL term nearly free; a large σ does the opposite.',
  'walk.s6.sigma': 'Decoder noise σ',
  'walk.s6.readout':
    'The sum of squared differences is {sq}; divided by 2σ² with σ = {sigma}: {term} nats, against KL {kl} nats: the reconstruction is {share} of the loss.',
  'walk.s6.figure': 'Left: {=squaredDifference} for each pixel of your input. Right: the squared-error term, {term} nats, beside the KL, {kl} nats.',
  'walk.s6.barTerm': '(14)',
  'walk.s6.barKl': 'KL (19)',

  // step 7
  'walk.s7.title': 'KL in closed form',
  'walk.s7.text':
    'The second term of (12) needs no sampling. With {=gaussianQ} and the prior {=priorOne}, the expectation (15) simplifies through {=tOfZ} (16)–(17) to {=klClosed} (18), which the encoder computes from log σ² as (19). Check it: average {=logWeight} over draws from q and watch the estimate settle on the closed form: the band of two standard errors closes around it as the draws add up.',
  'walk.s7.mu': 'μ',
  'walk.s7.logvar': 'log σ²',
  'walk.s7.draws': 'Draws',
  'walk.s7.readout': 'Closed form (19): {closed} nats. Monte Carlo with {n} draws: {estimate} ± {se} nats.',
  'walk.s7.figure': 'The Monte-Carlo estimate with ±2 standard errors against the number of draws (log scale), and the closed form {closed} as a line.',

  // step 8
  'walk.s8.title': 'The reparameterisation trick',
  'walk.s8.text':
    'To sample z from {=qzx} and still train by gradients, draw the randomness outside the network: ε from {=prior}, then {=reparam}. The encoder forges a coin with given odds; drawing ε is tossing it. Draw again and again: each z lands inside the circle around μ and decodes to a variant of your input.',
  'walk.s8.draw': 'Draw ε again',
  'walk.s8.readout': 'μ = ({mu}), σ = ({sigma}), ε = ({eps}), so {=reparam} = ({z}).',
  'walk.s8.figure':
    'The network: x goes into the encoder, which gives μ = ({mu}) and σ = ({sigma}); ε = ({eps}) is drawn; z = ({z}) goes into the decoder, which gives x′. On the right, the draws so far in the latent plane.',
  'walk.s8.x': 'x',
  'walk.s8.encoder': 'encoder',
  'walk.s8.decoder': 'decoder',
  'walk.s8.xprime': 'x′',
  'walk.s8.epsilon': '{=epsprior}',

  // step 9
  'walk.s9.title': 'A point or a circle',
  'walk.s9.text':
    'A plain autoencoder sends your input to one point; a VAE sends it to a whole region around μ of radius σ, and is trained to decode every point of it to your input. Here both are drawn at the same zoom, close enough to see the VAE’s 1σ, 2σ and 4σ ellipses, with the decodes along the radius read by the judge; the sentence below says how much of each circle still decodes to your input’s class.',
  'walk.s9.radius': 'Distance from μ, in σ',
  'walk.s9.vaeTitle': '{model}: a circle',
  'walk.s9.pointTitle': '{model}: a point',
  'walk.s9.tile': '{k}σ from μ',
  'walk.s9.probe': 'decode(z), {r}σ from μ',
  'walk.s9.probe.plain': 'z = ({z}), {r}σ from μ along z₁.',
  'walk.s9.probe.clear': 'z = ({z}), {r}σ from μ along z₁: the judge reads {class}, {p} sure.',
  'walk.s9.probe.unsure': 'z = ({z}), {r}σ from μ along z₁: the judge reads no clear class (at most {class}, {p} sure).',
  'walk.s9.readout.stays':
    'The judge reads your reconstruction as {class}, and so are {same1}, {same2} and {same4} of {count} points on the 1σ, 2σ and 4σ circles of {model} (seed {seed}): at least nine in ten points of each circle, out to 4σ, decode to your {noun}.',
  'walk.s9.readout.reaches4':
    'The judge reads your reconstruction as {class}; on the circles of {model} so are {same1} of {count} points at 1σ and {same2} at 2σ, but only {same4} at 4σ (seed {seed}): the 4σ circle reaches other {nouns}.',
  'walk.s9.readout.reaches2':
    'The judge reads your reconstruction as {class}; on the circles of {model} so are only {same1} of {count} points at 1σ, {same2} at 2σ and {same4} at 4σ (seed {seed}): your input lies close to other {nouns}.',
  'walk.s9.point.same':
    '{model} puts your input at the single point ({point}). Its σ is fixed at ({sigma}): 4σ from μ is {reach} away, and its decodes along the radius are one and the same image. Trained with ε = 0, it only ever learned to decode the point itself.',
  'walk.s9.point.differs':
    '{model} puts your input at the single point ({point}). Its σ is fixed at ({sigma}): even 4σ from μ is only {reach} away, yet its decodes there differ by {change} per pixel.',
  'walk.s9.figure':
    'The latent map of {model} from μ − {half} to μ + {half}: test digits nearby as dots, your input’s 1σ and 2σ ellipses (σ = {sigma}), its 4σ ellipse dashed, and the point {r}σ from μ.',
  'walk.s9.figurePoint': 'The latent map of {model} at the same zoom (μ ± {half}) around its code of your input, ({point}): a single point.',
  'walk.s9.failed': 'The circles could not be judged: {reason}',

  'walk.end.title': 'Now play',
  'walk.end.text': 'Everything above runs in the playground with your own drawing: the map, the circle, the samples, and the loss (12), (14), (19).',
  'walk.end.link': 'Back to the playground with your drawing',
};
