// Fills the shop's latitude/longitude fields from the phone's location (merchant sign-up, store settings).
(function () {
  const button = document.querySelector('[data-fill-location]');
  if (!button || !('geolocation' in navigator)) {
    return;
  }

  button.hidden = false;
  button.addEventListener('click', () => {
    navigator.geolocation.getCurrentPosition((position) => {
      document.getElementById('latitude').value = position.coords.latitude.toFixed(6);
      document.getElementById('longitude').value = position.coords.longitude.toFixed(6);
    });
  });
})();
