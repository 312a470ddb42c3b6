"use strict";
(() => {
  const body = document.querySelector("#units tbody");
  const rows = Array.from(body.rows);
  const shown = document.getElementById("shown");
  const sort = document.getElementById("sort");
  let filter = "all";
  function show() {
    let count = 0;
    for (const row of rows) {
      row.hidden = filter !== "all" && row.dataset[filter] !== "1";
      count += row.hidden ? 0 : 1;
    }
    shown.textContent = count + " of " + rows.length + " units shown";
    for (const button of document.querySelectorAll("button[data-filter]")) {
      button.setAttribute("aria-pressed", String(button.dataset.filter === filter));
    }
  }
  function order(byConfidence) {
    const key = (row) => byConfidence && row.dataset.confidence !== undefined
      ? [0, Number(row.dataset.confidence), Number(row.dataset.order)]
      : [1, 0, Number(row.dataset.order)];
    const sorted = rows.slice().sort((a, b) => {
      const x = key(a), y = key(b);
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    });
    body.append(...sorted);
    sort.setAttribute("aria-pressed", String(byConfidence));
  }
  for (const button of document.querySelectorAll("button[data-filter]")) {
    button.addEventListener("click", () => { filter = button.dataset.filter; show(); });
  }
  sort.addEventListener("click", () => order(sort.getAttribute("aria-pressed") !== "true"));
})();
