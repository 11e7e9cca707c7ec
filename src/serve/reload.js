// Continuum dev server: reloads the page after a rebuild and shows build errors over the
// last good page. Injected only by `continuum serve`, as a file (no inline script).
const overlayId = "continuum-error-overlay";

function showErrors(text) {
  let overlay = document.getElementById(overlayId);
  if (!text) {
    if (overlay) overlay.remove();
    return;
  }
  if (!overlay) {
    overlay = document.createElement("div");
    overlay.id = overlayId;
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-label", "Build errors");
    const title = document.createElement("p");
    title.className = "continuum-overlay-title";
    title.textContent = "The site has errors. You are seeing the last good version.";
    const pre = document.createElement("pre");
    overlay.append(title, pre);
    document.body.append(overlay);
  }
  overlay.querySelector("pre").textContent = text;
}

async function refreshErrors() {
  const response = await fetch("/__continuum/errors", { cache: "no-store" });
  showErrors((await response.text()).trim());
}

const events = new EventSource("/__continuum/events");
events.addEventListener("reload", () => location.reload());
events.addEventListener("errors", () => refreshErrors());
refreshErrors();
