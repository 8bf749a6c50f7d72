// Why a file could not join the set, in the page's own words and language. The module's refusals
// (`sniffImage`, `preprocessImage`) are clear English sentences; each kind becomes a string key of
// the tables (`own.reason.*`) with the numbers it quotes, and the module's sentence is kept as the
// detail (shown on hover). A refusal of an unknown kind keeps the module's sentence as it is.

/** [pattern on the module's message, key, names of the pattern's groups as parameters]. */
const SNIFF = [
  [/empty \(0 bytes\)/, 'own.reason.empty', []],
  [/^SVG images are not accepted/, 'own.reason.svg', []],
  [/^this is (.+), not an image/, 'own.reason.program', ['what']],
  [/^(\w+) images are not accepted/, 'own.reason.format', ['format']],
  [/not a PNG, JPEG, WebP or GIF image/, 'own.reason.unknown', []],
  [/(\w+) file is truncated/, 'own.reason.truncated', ['format']],
  [/(\w+) file's header is damaged/, 'own.reason.damaged', ['format']],
  [/is (\d+) × (\d+) pixels: a side of 0/, 'own.reason.zeroSide', ['width', 'height']],
  [/is (\d+) × (\d+) pixels: at most (\d+) pixels a side/, 'own.reason.tooLarge', ['width', 'height', 'most']],
  [/claims (\d+) × (\d+) pixels.*decompression bomb/, 'own.reason.bomb', ['width', 'height']],
];

/**
 * A worker's refusal as `{key, params, detail}`.
 * @param {'read' | 'sniff' | 'decode' | 'ink'} stage where the file was refused
 * @param {string} message the module's or the browser's message
 */
export function describeRefusal(stage, message) {
  const detail = String(message ?? '');
  if (stage === 'sniff') {
    for (const [pattern, key, names] of SNIFF) {
      const match = detail.match(pattern);
      if (match) return { key, params: Object.fromEntries(names.map((name, i) => [name, match[i + 1]])), detail };
    }
  }
  if (stage === 'decode') return { key: 'own.reason.undecodable', params: {}, detail };
  if (stage === 'ink' && /empty/i.test(detail)) return { key: 'own.reason.blank', params: {}, detail };
  if (stage === 'read') return { key: 'own.reason.read', params: { detail }, detail };
  return { key: 'own.reason.other', params: { detail }, detail };
}
