// Progressive enhancement for compare pages: lets a reader pick two to four items and see
// only those columns. Without JavaScript the full table stays as it is.
const MIN = 2;
const MAX = 4;

for (const figure of document.querySelectorAll("[data-compare-picker]")) {
  const table = figure.querySelector("table");
  if (!table) continue;
  const headers = [...table.querySelectorAll("thead th[scope=col]")];
  if (headers.length <= MIN) continue;
  setUp(figure, table, headers);
}

function setUp(figure, table, headers) {
  const given = document.querySelector("[data-compare-choices]");
  if (given) return wire(figure, table, headers, given);
  const fieldset = document.createElement("fieldset");
  fieldset.className = "compare-picker";
  const legend = document.createElement("legend");
  legend.textContent = `Choose ${MIN} to ${MAX} to compare side by side`;
  fieldset.append(legend);
  const boxes = headers.map((th, index) => {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = String(index);
    box.dataset.comparePick = th.dataset.item || String(index);
    label.append(box, " ", th.textContent.trim());
    fieldset.append(label);
    return box;
  });
  const status = document.createElement("p");
  status.className = "compare-picker-status";
  status.setAttribute("role", "status");
  fieldset.append(status);
  figure.before(fieldset);
  listen(figure, table, headers, fieldset, boxes, status);
}

// The picker compare.html renders (hidden until scripts run): each box names its item by URL,
// matched to the column whose header links there.
function wire(figure, table, headers, fieldset) {
  const hrefs = headers.map((th) => th.querySelector("a")?.getAttribute("href"));
  const boxes = [...fieldset.querySelectorAll("input[data-compare-url]")];
  for (const box of boxes) box.value = String(hrefs.indexOf(box.dataset.compareUrl));
  const status = fieldset.querySelector(".compare-picker-status");
  listen(figure, table, headers, fieldset, boxes.filter((b) => b.value !== "-1"), status);
}

function listen(figure, table, headers, fieldset, boxes, status) {
  // The page's own words for the unfiltered state, where it has them (compare.html).
  const first = status.textContent.trim();
  // The page's language: data-text-KEY on the fieldset (compare.html), else English.
  const say = (key, english) => (fieldset.dataset["text" + key[0].toUpperCase() + key.slice(1)] || english)
    .replace("{n}", String(boxes.filter((b) => b.checked).length))
    .replace("{total}", String(headers.length))
    .replace("{max}", String(MAX));
  const update = () => {
    const chosen = boxes.filter((b) => b.checked).map((b) => Number(b.value));
    const filtering = chosen.length >= MIN;
    for (const row of table.rows) {
      // Column 0 holds the row labels; item i is cell i + 1.
      [...row.cells].slice(1).forEach((cell, i) => {
        cell.hidden = filtering && !chosen.includes(i);
      });
    }
    for (const box of boxes) box.disabled = !box.checked && chosen.length >= MAX;
    status.textContent = filtering
      ? say("comparing", `Comparing {n} of {total}.`) + (chosen.length >= MAX ? " " + say("limit", `You can compare up to {max} at a time.`) : "")
      : first || `Showing all ${headers.length}. Pick at least ${MIN} to compare them side by side.`;
    figure.dataset.comparing = filtering ? String(chosen.length) : "all";
  };
  fieldset.addEventListener("change", update);
  update();
}
