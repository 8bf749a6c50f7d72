// English text of the comparison view: a plain autoencoder's point against a VAE's circle, with
// the judge's figures. Which sentence shows is chosen by the figures (views/compare/wording.js).

export default {
  'compare.heading': 'A point or a circle',
  'compare.lede':
    'A plain autoencoder maps a digit to one point; a VAE maps it to a circle of radius σ and, through the KL term (19), packs the circles around the prior {=prior}. Both sides decode the same latent points, and a judge, a classifier of the ten classes, reads every decode: the figures below are what it measured, not what the theory promises.',
  'compare.newDraws': 'New draws',
  'compare.seedNote': 'Every row: {count} points from seed {seed}.',
  'compare.inputHint': 'Draw in the playground and your drawing appears on both maps, with its circles judged.',
  'compare.leftLabel': 'Model on the left',
  'compare.rightLabel': 'Model on the right',
  'compare.loading': 'Downloading… {received} of {total} MB',
  'compare.table.caption':
    'What the judge reads in the decodes of {count} latent points per row (seed {seed}): the share it gives one class with confidence ≥ 0.9, then its mean confidence. Marked: the row where the two models differ most.',
  'compare.table.measure': 'Latent points decoded',
  'compare.table.priorShare': 'Prior draws {=zeps}: one clear class',
  'compare.table.priorClasses': 'Prior draws: how many different classes, in effect',
  'compare.table.boxShare': 'Spread evenly over the box of the test codes: one clear class',
  'compare.table.midpointShare': 'Midpoints between test codes of different classes: one clear class',
  'compare.table.circle1': 'Your input’s 1σ circle: your reconstruction’s class',
  'compare.table.circle2': 'Your input’s 2σ circle: your reconstruction’s class',
  'compare.table.circle4': 'Your input’s 4σ circle: your reconstruction’s class',
  'compare.verdict.similar':
    'The judge reads one clear class in about as many prior draws on both sides: {leftShare} for {left}, {rightShare} for {right}.',
  'compare.verdict.different':
    'The judge reads one clear class in more of {better}’s prior draws: {betterShare}, against {worseShare} for {worse}.',
  'compare.most.none':
    'No row differs by more than 5 points (or a tenth of the classes): on these figures the two models decode alike.',
  'compare.most.priorShare': 'Of all the rows, that is where they differ most.',
  'compare.most.priorClasses':
    'Where they differ most is what the prior draws become: {ahead}’s spread over {aheadValue} of the {classes} classes in effect, {behind}’s over only {behindValue} (the bars under each map).',
  'compare.most.boxShare':
    'Where they differ most is the box of the test codes: one clear class in {aheadValue} of {ahead}’s points, {behindValue} of {behind}’s.',
  'compare.most.midpointShare':
    'Where they differ most is between classes: one clear class in {aheadValue} of {ahead}’s midpoints, {behindValue} of {behind}’s.',
  'compare.most.circle1':
    'Where they differ most is your input’s 1σ circle: {aheadValue} of {ahead}’s points decode to your reconstruction’s class, {behindValue} of {behind}’s.',
  'compare.most.circle2':
    'Where they differ most is your input’s 2σ circle: {aheadValue} of {ahead}’s points decode to your reconstruction’s class, {behindValue} of {behind}’s.',
  'compare.most.circle4':
    'Where they differ most is your input’s 4σ circle: {aheadValue} of {ahead}’s points decode to your reconstruction’s class, {behindValue} of {behind}’s.',
  'compare.judgeNote':
    'The judge is a classifier trained by the same trainer on the same split, right on {accuracy} of the {images} test {nouns}; “one clear class” means it is at least {confident} sure.',
  'compare.priorTile': 'Prior draw {n}',
  'compare.priorsLabel': 'The first {n} prior draws decoded, with what the judge reads in each',
  'compare.priorsCaption': 'decode(ε) for the first {n} draws {=epsprior}, also on the map',
  'compare.priorsCaptionJudged':
    'decode(ε) for the first {n} of the {count} prior draws (seed {seed}), also on the map: {clear} of {n} read as one clear class',
  'compare.barsCaption':
    'The class the judge reads in each of the {count} prior draws: {effective} different {nouns} in effect, of {classes}.',
  'compare.reconLabel': 'Reconstruction of your drawing',
  'compare.noInput': 'No drawing yet',
  'compare.reconCaption': 'decode(μ) of your drawing',
  'compare.mapLabel': 'Latent map: your drawing at μ = ({mu}), σ = ({sigma}); dots: the prior draws shown.',
  'compare.mapLabelEmpty': 'Latent map with the test digits and the prior draws shown; no drawing yet.',
  'compare.note.pointFew':
    'A point: its σ is fixed at ({sigma}), so its 1σ, 2σ and 4σ circles are the point itself and decode to one image. {share} of its test codes lie between z₁ = {x0} and {x1}, z₂ = {y0} and {y1}; draws from {=prior} stay near the origin and become only {effective} different {nouns} in effect, of {classes}.',
  'compare.note.pointMany':
    'A point: its σ is fixed at ({sigma}), so its 1σ, 2σ and 4σ circles are the point itself and decode to one image. {share} of its test codes lie between z₁ = {x0} and {x1}, z₂ = {y0} and {y1}, and draws from {=prior} still become {effective} different {nouns} in effect, of {classes}.',
  'compare.note.vae.noInput':
    'A circle of radius σ around every code, packed around {=prior} by the KL term (19): its prior draws become {effective} different {nouns} in effect, of {classes}. Draw in the playground to see your input’s circles judged.',
  'compare.note.vae.stays':
    'A circle of radius σ = ({sigma}): the judge reads your reconstruction’s class, {class}, in {same2} of the points on its 2σ circle and {same4} on its 4σ circle: at least nine in ten points of each circle decode to your {noun}.',
  'compare.note.vae.reaches4':
    'A circle of radius σ = ({sigma}): up to 2σ it decodes to your reconstruction’s class, {class} ({same2} of the points); at 4σ only {same4} do, so the circle reaches other {nouns}.',
  'compare.note.vae.reaches2':
    'A circle of radius σ = ({sigma}): only {same2} of the points on its 2σ circle and {same4} on its 4σ circle keep your reconstruction’s class, {class}: your input lies near other {nouns}.',
  'compare.note.beta.noInput':
    'β = {beta} weighs the KL term (19) {beta} times, so the circles are wider and overlap more: its prior draws become {effective} different {nouns} in effect, of {classes}. Draw in the playground to see your input’s circles judged.',
  'compare.note.beta.stays':
    'β = {beta} widens the circles (σ = ({sigma})), and still the judge reads your reconstruction’s class, {class}, in {same2} of the 2σ circle and {same4} of the 4σ circle.',
  'compare.note.beta.reaches4':
    'β = {beta} widens the circles (σ = ({sigma})): up to 2σ the circle decodes to your reconstruction’s class, {class} ({same2}); at 4σ only {same4} do, so it reaches other {nouns}.',
  'compare.note.beta.reaches2':
    'β = {beta} widens the circles (σ = ({sigma})) until they overlap: only {same2} of the 2σ circle and {same4} of the 4σ circle keep your reconstruction’s class, {class}.',
};
