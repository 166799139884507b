// Asks the browser for the customer's location and reloads the home page with it.
// Plain script, no framework: the home page must stay light on a 2G phone.
(function () {
  const section = document.querySelector('[data-locate-auto]');
  const button = document.querySelector('[data-locate]');
  const status = document.querySelector('[data-locate-status]');
  if (!section || !button || !('geolocation' in navigator)) {
    return;
  }

  button.hidden = false;

  function locate() {
    status.textContent = 'Finding your location…';
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const lat = position.coords.latitude.toFixed(5);
        const lng = position.coords.longitude.toFixed(5);
        window.location.assign(`/?lat=${lat}&lng=${lng}`);
      },
      () => {
        status.textContent = 'We could not get your location. Type your locality or pincode instead.';
      },
      { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
  }

  button.addEventListener('click', locate);
  if (section.dataset.locateAuto === 'true') {
    locate();
  }
})();
