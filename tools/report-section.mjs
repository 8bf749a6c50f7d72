// Writes one verb's section of a Markdown report (BENCHMARKS.md) between the markers
// `<!-- NAME:start -->` and `<!-- NAME:end -->`, leaving the rest of the file as it was; a file
// without the markers gets the section at its end.
//
//   await writeSection('BENCHMARKS.md', 'lighthouse', markdown);

import { readFile, writeFile } from 'node:fs/promises';

/**
 * @param {string} path the report
 * @param {string} name the section's marker name
 * @param {string} text the section's Markdown, heading included
 */
export async function writeSection(path, name, text) {
  const markdown = await readFile(path, 'utf8').catch(() => '# Benchmarks\n');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const section = `${start}\n${text.trim()}\n${end}`;
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end, from);
  const updated =
    from >= 0 && to >= 0
      ? markdown.slice(0, from) + section + markdown.slice(to + end.length)
      : `${markdown.trimEnd()}\n\n${section}\n`;
  await writeFile(path, updated);
}
