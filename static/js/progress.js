// A progress bar that follows a background job by asking the server every second.
// Without JavaScript the page refreshes itself instead (a <noscript> refresh in the page).
(function () {
  const box = document.getElementById("pack-progress");
  if (!box || box.dataset.finished === "yes") return;
  const bar = document.getElementById("progress-bar");
  const text = document.getElementById("progress-text");
  function show(state) {
    bar.max = state.total || 1;
    bar.value = state.done;
    bar.textContent = state.percent + "%";
    text.textContent = state.message;
    state.packs.forEach((pack) => {
      const item = document.querySelector('[data-pack="' + pack.id + '"] .pack-state');
      if (item) item.textContent = pack.label;
    });
    return state.finished || state.stalled;
  }
  function poll() {
    fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((state) => {
        if (!show(state)) window.setTimeout(poll, 1000);
      })
      .catch(() => window.setTimeout(poll, 3000));
  }
  window.setTimeout(poll, 500);
})();
