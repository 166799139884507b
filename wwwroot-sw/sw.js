// QuickCommerce service worker: a stub for now. The offline layer (page cache, IndexedDB outbox
// of orders, messages, rider status and inventory changes, replayed with idempotency keys)
// is built here by the offline issue. Plain ES, no build step.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// ---------------------------------------------------------------------------------------------
// Web Push: order alerts. The server (WebPushSender) sends {title, body, link}; showing a
// notification for every push is required (userVisibleOnly). One notification per link (order
// page): a newer status replaces the older one and alerts again.
// ---------------------------------------------------------------------------------------------
self.addEventListener('push', (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { body: event.data ? event.data.text() : '' };
  }

  const link = message.link || '/';
  const options = { body: message.body || '', data: { link } };
  if (message.link) {
    // renotify needs a tag; alerts without a link each stand alone.
    options.tag = message.link;
    options.renotify = true;
  }

  event.waitUntil(self.registration.showNotification(message.title || 'QuickCommerce', options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL((event.notification.data && event.notification.data.link) || '/', self.location.origin);

  // Only our own pages: a link from elsewhere would make the alert a way to open any site.
  if (target.origin !== self.location.origin) {
    return;
  }

  event.waitUntil((async () => {
    const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const tab = open.find((client) => new URL(client.url).pathname === target.pathname);
    if (tab) {
      return tab.focus();
    }

    return self.clients.openWindow(target.href);
  })());
});
