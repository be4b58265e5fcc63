// Search suggestions and the SPARQL page's example picker. No framework, no network
// beyond this server: suggestions come from /api/search, rendered with textContent.
"use strict";

function suggestBox(input) {
  const list = document.getElementById("suggestions");
  let timer = null;
  let latest = 0;
  function hide() { list.hidden = true; list.replaceChildren(); }
  async function fetchHits() {
    const text = input.value.trim();
    if (!text) { hide(); return; }
    const ticket = ++latest;
    const url = input.dataset.suggest + "?limit=8&q=" + encodeURIComponent(text);
    let body;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) { hide(); return; }
      body = await response.json();
    } catch (e) { hide(); return; }
    if (ticket !== latest) return;
    list.replaceChildren();
    for (const hit of body.hits) {
      const kind = hit.iri.split("/id/")[1].split("/")[0];
      const a = document.createElement("a");
      a.href = "/id/" + kind + "/" + encodeURIComponent(hit.key);
      a.textContent = hit.label;
      const tag = document.createElement("span");
      tag.className = "kind";
      tag.textContent = hit.kind;
      a.append(" ", tag);
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      li.append(a);
      list.append(li);
    }
    list.hidden = body.hits.length === 0;
  }
  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(fetchHits, 150); });
  input.addEventListener("keydown", (event) => {
    const items = [...list.querySelectorAll("a")];
    if (!items.length) return;
    const at = items.findIndex((a) => a.classList.contains("active"));
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = event.key === "ArrowDown" ? Math.min(at + 1, items.length - 1) : Math.max(at - 1, 0);
      items.forEach((a) => a.classList.remove("active"));
      items[next].classList.add("active");
    } else if (event.key === "Enter" && at >= 0) {
      event.preventDefault();
      window.location.href = items[at].href;
    }
  });
  document.addEventListener("click", (event) => { if (!list.contains(event.target) && event.target !== input) hide(); });
}

function examplePicker(select) {
  const texts = document.querySelectorAll("#example-texts pre");
  const area = document.getElementById("query");
  select.addEventListener("change", () => { area.value = texts[Number(select.value)].textContent; });
}

document.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("q");
  if (input) suggestBox(input);
  const select = document.getElementById("examples");
  if (select) examplePicker(select);
});
