// Keeps an open order page current: when a live event says this order changed (or the live
// connection came back after a drop and may have missed one), asks for the order and re-renders
// the page if its status moved. A slow check every 60 s covers a page whose live connection is
// down for long; it backs off further while the network is down.
(function () {
  const page = document.querySelector('[data-order-id]');
  if (!page) {
    return;
  }

  const id = page.dataset.orderId;
  const shown = page.dataset.orderStatus;
  let delay = 60000;
  let timer = null;

  async function check() {
    clearTimeout(timer);
    try {
      const response = await fetch(`/api/v1/orders/${id}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (response.ok) {
        const details = await response.json();
        if (details.order.status !== shown) {
          window.location.reload();
          return;
        }
        delay = 60000;
      }
    } catch {
      delay = Math.min(delay * 2, 300000);
    }
    timer = setTimeout(check, delay);
  }

  document.addEventListener('qc:live', (event) => {
    const message = event.detail;
    if (message.type === 'order.status' && message.data.orderId === id && message.data.status !== shown) {
      check();
    }
  });
  document.addEventListener('qc:live-resync', check);
  timer = setTimeout(check, delay);
})();
