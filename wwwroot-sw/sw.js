// QuickCommerce service worker: a stub for now. The offline layer (page cache, IndexedDB outbox
// of orders, messages, rider status and inventory changes, replayed with idempotency keys)
// is built here by the offline issue. Plain ES, no build step.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
