// English text of the comparison view: a plain autoencoder's point against a VAE's circle.

export default {
  'compare.heading': 'A point or a circle',
  'compare.lede':
    'A plain autoencoder maps a digit to one point; a VAE maps it to a circle of radius σ and, through the KL term (19), packs the circles around the prior N(0, I). Both sides decode the same prior draws z = ε.',
  'compare.newDraws': 'New prior draws',
  'compare.inputHint': 'Draw in the playground and your drawing appears on both maps.',
  'compare.leftLabel': 'Model on the left',
  'compare.rightLabel': 'Model on the right',
  'compare.loading': 'Downloading… {received} of {total} MB',
  'compare.priorsLabel': '{n} images decoded from the same prior draws z = ε',
  'compare.priorsCaption': 'decode(ε) for the same 8 draws ε ~ N(0, I), also on the map',
  'compare.reconLabel': 'Reconstruction of your drawing',
  'compare.noInput': 'No drawing yet',
  'compare.reconCaption': 'decode(μ) of your drawing',
  'compare.mapLabel': 'Latent map: your drawing at μ = ({mu}), σ = ({sigma}); dots: the prior draws.',
  'compare.mapLabelEmpty': 'Latent map with the test digits and the prior draws; no drawing yet.',
  'compare.note.autoencoder':
    'A point and nothing around it: the codes of the digits lie wherever training put them, so prior draws land in the gaps between them and decode to blurs and blends.',
  'compare.note.vae':
    'A circle of radius σ = ({sigma}): every point in it must decode to your digit, and the KL term keeps the circles around the origin, so prior draws decode to digits.',
  'compare.note.beta':
    'β = {beta}: the KL term weighs {beta} times as much, so the circles grow (σ = ({sigma})) and overlap more; prior draws are smooth digits, reconstructions blurrier.',
};
