// Keeps the header's inbox count current on pages where live events flow (js/live.js dispatches
// them): an "inbox" event carries the new unread count; after a reconnect, when some may have been
// missed, the count is asked for again. Where no live client is loaded no event ever arrives, and
// the count rendered with the page simply stays.
(function () {
  const badges = document.querySelectorAll('[data-inbox-unread]');
  if (badges.length === 0) {
    return;
  }

  function show(value) {
    const count = Number(value);
    if (!Number.isInteger(count) || count < 0) {
      return;
    }
    badges.forEach((badge) => {
      badge.dataset.inboxUnread = String(count);
      badge.textContent = String(count);
      badge.hidden = count === 0;
    });
  }

  async function refetch() {
    try {
      const response = await fetch('/api/v1/inbox?limit=1', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (response.ok) {
        show((await response.json()).unread);
      }
    } catch (error) {
      // Offline again: the next reconnect asks again, and the count stays as it was meanwhile.
      console.debug('inbox count not refreshed', error);
    }
  }

  document.addEventListener('qc:live', (event) => {
    const message = event.detail;
    if (message && message.type === 'inbox' && message.data && message.data.unread !== undefined) {
      show(message.data.unread);
    }
  });
  document.addEventListener('qc:live-resync', refetch);
})();
