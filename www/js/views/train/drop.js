// Where image files come in: a drop zone (files or whole folders dragged onto it), and two
// pickers, one for files (several at once) and one for a folder. Each gives `onFiles` the files
// with their paths (a file in a folder inside the one given is labelled by that folder's name).

import { element, text } from '../../ui/dom.js';
import { filesOfDrop, filesOfInput } from '../../own-data/ingest.js';

/** @param {{onFiles: (files: {file: File, path: string}[], truncated?: boolean) => void}} options */
export function buildDropZone({ onFiles }) {
  const files = Object.assign(element('input'), { type: 'file', multiple: true, accept: 'image/*', id: 'own-files', hidden: true });
  const folder = Object.assign(element('input'), { type: 'file', id: 'own-folder', hidden: true });
  folder.webkitdirectory = true;
  const chooseFiles = Object.assign(text('button', '', 'own.chooseFiles'), { type: 'button' });
  const chooseFolder = Object.assign(text('button', '', 'own.chooseFolder'), { type: 'button' });
  chooseFiles.addEventListener('click', () => files.click());
  chooseFolder.addEventListener('click', () => folder.click());
  for (const input of [files, folder]) {
    input.addEventListener('change', () => {
      const chosen = filesOfInput(input);
      input.value = '';
      if (chosen.length > 0) onFiles(chosen);
    });
  }

  const zone = element('div', 'drop-zone', text('p', 'drop-title', 'own.dropTitle'), text('p', 'help', 'own.dropHelp'), element('div', 'controls', chooseFiles, chooseFolder), files, folder);
  zone.addEventListener('dragover', (event) => {
    if (![...(event.dataTransfer?.types ?? [])].includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    zone.dataset.over = 'true';
  });
  zone.addEventListener('dragleave', () => delete zone.dataset.over);
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    delete zone.dataset.over;
    // The items are readable only during the event: filesOfDrop takes them now, reads folders after.
    filesOfDrop(event.dataTransfer).then(({ files: dropped, truncated }) => {
      if (dropped.length > 0 || truncated) onFiles(dropped, truncated);
    });
  });
  return { element: zone };
}
