// Small helpers shared by the kiosk and officer pages: every call goes to the gate API over HTTP.
"use strict";

async function api(path, { method = "GET", headers = {}, body } = {}) {
  const response = await fetch(path, { method, headers, body });
  const type = response.headers.get("content-type") || "";
  const data = type.includes("application/json") ? await response.json() : await response.blob();
  if (!response.ok) {
    const detail = data && data.detail ? (typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail))
      : response.statusText;
    throw new Error(`${response.status}: ${detail}`);
  }
  return data;
}

function show(element, visible) { element.classList.toggle("hidden", !visible); }

function text(tag, content, className) {
  const node = document.createElement(tag);
  node.textContent = content;
  if (className) node.className = className;
  return node;
}

function row(...cells) {
  const tr = document.createElement("tr");
  cells.forEach((c) => tr.appendChild(text("td", c === null || c === undefined ? "—" : String(c))));
  return tr;
}
