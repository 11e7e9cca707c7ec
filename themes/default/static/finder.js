// The location finder (docs/locations.md). Everything happens in this page: the ZIP code a
// reader types is looked up in a ZIP-centroid file of this site (one small file per first three
// digits), the browser's own geolocation is used only if the reader asks, and nothing is sent
// anywhere else. Without this script the page lists every location.

const EARTH_MILES = 3958.8;

/** Great-circle distance in miles between two [lat, lon] points (haversine). */
export function haversine([lat1, lon1], [lat2, lon2]) {
  const rad = (d) => (d * Math.PI) / 180;
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_MILES * Math.asin(Math.min(1, Math.sqrt(a)));
}

function setup(form) {
  const base = form.dataset.zipBase;
  const msg = (name, values = {}) =>
    (form.dataset[name] || "").replace(/\{(\w+)\}/g, (_, k) => (k in values ? String(values[k]) : ""));
  const list = document.getElementById("finder-list");
  const status = document.getElementById("finder-status");
  const zipInput = document.getElementById("finder-zip");
  const items = Array.from(list.children);
  const prefixes = new Map();
  let origin = null;

  // One file per ZIP prefix, fetched once, from this site only.
  async function centroid(zip) {
    const prefix = zip.slice(0, 3);
    if (!prefixes.has(prefix)) {
      prefixes.set(
        prefix,
        fetch(`${base}${prefix}.json`, { credentials: "same-origin" })
          .then((r) => (r.ok ? r.json() : {}))
          .catch(() => ({})),
      );
    }
    const table = await prefixes.get(prefix);
    const point = table[zip];
    return Array.isArray(point) ? point : null;
  }

  async function placeOf(item) {
    if (item.dataset.lat && item.dataset.lon) {
      return [Number(item.dataset.lat), Number(item.dataset.lon)];
    }
    return item.dataset.zip ? centroid(item.dataset.zip) : null;
  }

  function chosen(name) {
    const field = form.elements.namedItem(name);
    return field ? field.value : "";
  }

  function matches(item) {
    const words = (attr) => (item.dataset[attr] || "").split(" ").filter(Boolean);
    const level = chosen("level");
    const payment = chosen("payment");
    const population = chosen("population");
    const language = chosen("language");
    const tele = form.elements.namedItem("telehealth");
    if (level && !words("levels").includes(level)) return false;
    if (payment && !words("payment").includes(payment)) return false;
    if (population && !words("populations").includes(population)) return false;
    if (language && !(item.dataset.languages || "").split("|").includes(language)) return false;
    if (tele && tele.checked && item.dataset.telehealth !== "yes") return false;
    return true;
  }

  async function apply() {
    const rows = await Promise.all(
      items.map(async (item, order) => {
        const place = origin ? await placeOf(item) : null;
        const miles = origin && place ? haversine(origin, place) : null;
        return { item, order, miles };
      }),
    );
    rows.sort((a, b) => {
      if (a.miles === null || b.miles === null) {
        return (a.miles === null) - (b.miles === null) || a.order - b.order;
      }
      return a.miles - b.miles || a.order - b.order;
    });
    let shown = 0;
    for (const { item, miles } of rows) {
      const ok = matches(item);
      item.hidden = !ok;
      if (ok) shown += 1;
      const distance = item.querySelector(".finder-distance");
      if (distance) {
        distance.hidden = miles === null;
        distance.textContent = miles === null ? "" : msg("msgMiles", { n: miles.toFixed(1) });
      }
      list.appendChild(item);
    }
    if (shown === 0) {
      status.textContent = msg("msgNone");
    } else if (origin) {
      status.textContent = shown === 1 ? msg("msgResultsOne") : msg("msgResults", { n: shown });
    } else {
      status.textContent = msg("msgAll", { n: shown });
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const zip = zipInput.value.trim();
    if (!/^[0-9]{5}$/.test(zip)) {
      zipInput.setAttribute("aria-invalid", "true");
      status.textContent = msg("msgInvalid");
      return;
    }
    zipInput.removeAttribute("aria-invalid");
    status.textContent = msg("msgLoading");
    const point = await centroid(zip);
    if (!point) {
      origin = null;
      zipInput.setAttribute("aria-invalid", "true");
      status.textContent = msg("msgUnknown", { zip });
      return;
    }
    origin = point;
    await apply();
  });

  form.addEventListener("change", (event) => {
    if (event.target !== zipInput) apply();
  });

  const geo = document.getElementById("finder-geo");
  if (geo && "geolocation" in navigator) {
    geo.hidden = false;
    geo.addEventListener("click", () => {
      navigator.geolocation.getCurrentPosition(
        (position) => {
          origin = [position.coords.latitude, position.coords.longitude];
          apply();
        },
        () => {
          status.textContent = msg("msgGeoDenied");
        },
        { maximumAge: 600000, timeout: 15000 },
      );
    });
  }
}

const form = document.getElementById("finder-form");
if (form) setup(form);
