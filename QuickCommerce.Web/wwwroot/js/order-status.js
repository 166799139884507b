// Keeps an open order page current until live events (SignalR) arrive: asks for the order's status
// every 10 s while the page is visible and re-renders the page when it changed. Backs off while the
// network is down, so a phone on 2G is not kept busy.
(function () {
  const page = document.querySelector('[data-order-id]');
  if (!page) {
    return;
  }

  const id = page.dataset.orderId;
  const shown = page.dataset.orderStatus;
  let delay = 10000;

  async function check() {
    if (document.visibilityState === 'visible') {
      try {
        const response = await fetch(`/api/v1/orders/${id}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
        if (response.ok) {
          const details = await response.json();
          if (details.order.status !== shown) {
            window.location.reload();
            return;
          }
          delay = 10000;
        }
      } catch {
        delay = Math.min(delay * 2, 120000);
      }
    }
    setTimeout(check, delay);
  }

  setTimeout(check, delay);
})();
