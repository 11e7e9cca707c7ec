// Continuum dev server: reloads the page after a rebuild and shows build errors over the
// last good page. Injected only by `continuum serve`, as a file (no inline script).
// The overlay lives in a shadow root with its own stylesheet, so the theme's styles (a `pre`
// rule, say) cannot make it unreadable.
const overlayTag = "continuum-error-overlay";

function showErrors(text) {
  let host = document.querySelector(overlayTag);
  if (!text) {
    if (host) host.remove();
    return;
  }
  if (!host) {
    host = document.createElement(overlayTag);
    const root = host.attachShadow({ mode: "open" });
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = "/__continuum/overlay.css";
    const box = document.createElement("div");
    box.className = "box";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "Build errors");
    // Scrollable, so reachable from the keyboard.
    box.tabIndex = 0;
    const title = document.createElement("p");
    title.className = "title";
    title.textContent = "The site has errors. You are seeing the last good version.";
    const pre = document.createElement("pre");
    box.append(title, pre);
    root.append(style, box);
    document.body.append(host);
  }
  host.shadowRoot.querySelector("pre").textContent = text;
}

async function refreshErrors() {
  const response = await fetch("/__continuum/errors", { cache: "no-store" });
  showErrors((await response.text()).trim());
}

const events = new EventSource("/__continuum/events");
events.addEventListener("reload", () => location.reload());
events.addEventListener("errors", () => refreshErrors());
refreshErrors();
