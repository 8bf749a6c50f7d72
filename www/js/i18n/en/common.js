// English text shared by every view: the page's frame, loading and errors, the models.
// `{name}` marks a placeholder that `t()` fills in.

export default {
  'page.title': 'VAE playground: draw a digit, see its latent code',
  'page.heading': 'VAE playground',
  'page.lede':
    'Draw a digit. The encoder maps it to a Gaussian q(z|x) = N(μ, σ²): the ring on the map, centred at μ with radius σ. ' +
    'The decoder turns any point z back into an image. Everything runs in your browser; nothing is sent anywhere.',
  'page.description':
    'Draw a digit and watch a variational autoencoder encode it as a circle in latent space, decode any point, sample variants and read its loss. Rust and WebAssembly, in your browser.',
  'page.noscript': 'This page needs JavaScript: the model runs in your browser as WebAssembly.',
  'page.footer':
    'A variational autoencoder in Rust, compiled to WebAssembly with its weights inside. Equation numbers refer to the article this demo follows.',
  'latent.name': 'z{sub}',
  'status.loading': 'Loading…',
  'status.downloading': 'Downloading the model… {received}',
  'status.downloadingOf': 'Downloading the model… {received} of {total}',
  'status.progressLabel': 'Download progress',
  'status.ready': 'Ready in {ms} ms: the {size} module, with the default model inside.',
  'status.modelDownloading': 'Downloading {model}… {received} of {total}',
  'status.modelReady': '{model} is ready ({size}, downloaded in {ms} ms).',
  'status.modelFailed': '{model} could not be downloaded ({reason}). The previous model stays open; try again.',
  'status.linkProblem': 'The link asked for {what}, which this page does not have; it is shown as close as it can.',
  'status.noWasm':
    'This browser cannot run WebAssembly, which the model needs. Try a current Firefox, Chrome, Edge or Safari.',
  'status.oldBrowser':
    'This browser is too old for this page (it needs JavaScript modules and WebAssembly). Try a current Firefox, Chrome, Edge or Safari.',
  'status.fetchFailed':
    'The model could not be downloaded ({reason}). Check the connection and reload the page.',
  'status.startFailed': 'The model could not be started: {reason}',
  'status.error': 'Something went wrong: {reason}',
  'nav.label': 'Views',
  'nav.play': 'Playground',
  'nav.compare': 'Compare',
  'nav.walk': 'The maths, step by step',
  'nav.train': 'Train',
  'language.label': 'Language',
  'model.legend': 'Model',
  'model.download': '{name}: downloads {size} when chosen',
  'model.option.mnist-2d': 'MNIST 2-D',
  'model.option.mnist-16d': 'MNIST 16-D',
  'model.option.fashion-2d': 'Fashion 2-D',
  'model.hint.mnist': 'Draw a digit from 0 to 9.',
  'model.hint.fashion-mnist':
    'Draw a piece of clothing: a shirt, trousers, a shoe, a bag. This model only knows Fashion-MNIST.',
  'model.dataset.mnist': 'MNIST handwritten digits',
  'model.dataset.fashion-mnist': 'Fashion-MNIST clothing',
  'model.heading': 'About this model',
  'model.term.dataset': 'Trained on',
  'model.term.latent': 'Latent size',
  'model.term.encoder': 'Encoder',
  'model.term.decoder': 'Decoder',
  'model.term.likelihood': 'Decoder likelihood',
  'model.term.parameters': 'Parameters',
  'model.term.weights': 'Weights in the module',
  'model.term.testLoss': 'Test loss (−ELBO)',
  'model.term.epochs': 'Training epochs',
  'model.latent': '{n} dimensions',
  'model.encoder': '{widths} (μ and log σ²)',
  'model.likelihood.bernoulli': 'Bernoulli (binary cross-entropy)',
  'model.likelihood.gaussian': 'Gaussian, σ = {sigma} (squared error (14))',
  'model.weights': '{kb} KB ({format})',
  'model.testLoss': '{total} nats = {rec} reconstruction + {kl} KL',
  'model.unknown': 'not recorded',
  'export.reconstruction': 'reconstruction',
  'export.samples': 'samples',
  'export.decoded': 'decoded-z',
};
