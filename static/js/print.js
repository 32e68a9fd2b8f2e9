// Print buttons, without inline script (the Content-Security-Policy allows no inline code).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
