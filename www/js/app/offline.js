// The published page (tools/dist.mjs marks it) works offline: it registers the service worker
// (sw.js), offers a newer version when one has installed (the tab keeps its own until the person
// accepts; then it reloads on the new files), and "Save offline" fetches every file the
// page may need later (the other models, the judges, the test images, the training data), its total
// size stated on the button first. The page served for development registers nothing.

import { t, formatBytes } from '../i18n/i18n.js';

/**
 * @param {{button: HTMLButtonElement, showMessage: (key: string, params?: object) => void,
 *          offerUpdate: (accept: () => void) => void}} ui
 *   showMessage: a message of the tables in the status line; offerUpdate: shows the update offer
 */
export async function startOffline({ button, showMessage, offerUpdate }) {
  if (document.documentElement.dataset.published !== 'true' || !('serviceWorker' in navigator) || !window.caches) return null;
  const registration = await navigator.serviceWorker.register('sw.js', { updateViaCache: 'none' });

  // A newer version waits until the person accepts it; the page then reloads on its files.
  const offer = (worker) => {
    if (!navigator.serviceWorker.controller) return; // the first version: nothing to replace
    offerUpdate(() => {
      navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
      worker.postMessage({ type: 'skip-waiting' });
    });
  };
  if (registration.waiting) offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed') offer(worker);
    });
  });
  // Look for a newer version whenever the person comes back to the tab.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') registration.update().catch(() => {});
  });

  await navigator.serviceWorker.ready;
  const offline = await (await fetch('offline.json')).json();
  const runtime = `vae-playground-${offline.version}-runtime`;
  /** The files "Save offline" would fetch: those this version has not stored yet. */
  const missing = async () => {
    const cache = await caches.open(runtime);
    const stored = await Promise.all(offline.optional.map((file) => cache.match(new URL(file.path, document.baseURI).href)));
    return offline.optional.filter((_, i) => !stored[i]);
  };
  const refresh = async () => {
    const left = await missing();
    const bytes = left.reduce((sum, file) => sum + file.bytes, 0);
    button.hidden = false;
    button.disabled = left.length === 0;
    button.dataset.text = left.length === 0 ? 'offline.ready' : 'offline.make';
    button.textContent = t(button.dataset.text, { size: formatBytes(bytes) });
    button.dataset.bytes = String(bytes);
    return left;
  };
  button.addEventListener('click', async () => {
    const left = await refresh();
    const total = left.reduce((sum, file) => sum + file.bytes, 0);
    button.disabled = true;
    let received = 0;
    try {
      for (const file of left) {
        showMessage('offline.storing', { received: formatBytes(received), total: formatBytes(total) });
        const response = await fetch(file.path);
        if (!response.ok) throw new Error(`${file.path}: HTTP ${response.status}`);
        await response.arrayBuffer(); // the worker keeps its copy as it passes
        received += file.bytes;
      }
      showMessage('offline.stored', { total: formatBytes(total) });
    } catch (error) {
      showMessage('offline.failed', { reason: error.message });
    }
    await refresh();
  });
  document.addEventListener('languagechange', () => refresh().catch(() => {}));
  await refresh();
  return { registration, version: offline.version, label: offline.label };
}
