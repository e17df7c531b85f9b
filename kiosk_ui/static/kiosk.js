// The kiosk: present the card (MRZ + card file), then frames, then show the gate's decision.
"use strict";

const $ = (id) => document.getElementById(id);
const captured = [];
let transactionId = null;

function gateHeaders() {
  sessionStorage.setItem("gateKey", $("gate-key").value);
  return { "X-Gate-Key": $("gate-key").value };
}

function base64(buffer) {
  let binary = "";
  new Uint8Array(buffer).forEach((b) => { binary += String.fromCharCode(b); });
  return btoa(binary);
}

function showStatus(status) {
  transactionId = status.transaction_id;
  $("gate-label").textContent = status.gate_id;
  if (status.decision === null) {
    show($("face-step"), true);
    return;
  }
  show($("face-step"), false);
  show($("result"), true);
  $("decision").textContent = status.decision;
  $("decision").className = `decision ${status.decision}`;
  $("guidance").textContent = status.guidance;
}

async function guarded(action) {
  $("error").textContent = "";
  try { await action(); } catch (error) { $("error").textContent = error.message; }
}

async function present() {
  const file = $("card-file").files[0];
  if (!file) throw new Error("choose the card file");
  const body = JSON.stringify({
    document_number: $("document-number").value.trim().toUpperCase(),
    birth_date: $("birth-date").value.trim(), expiry_date: $("expiry-date").value.trim(),
    card: base64(await file.arrayBuffer()),
  });
  showStatus(await api("/kiosk/transactions", {
    method: "POST", headers: { ...gateHeaders(), "Content-Type": "application/json" }, body,
  }));
}

async function startCamera() {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 1280, height: 960 } });
  $("video").srcObject = stream;
  show($("video"), true);
  show($("snap"), true);
}

function snap() {
  const video = $("video");
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext("2d").drawImage(video, 0, 0);
  canvas.toBlob((blob) => {
    captured.push(blob);
    const img = document.createElement("img");
    img.src = URL.createObjectURL(blob);
    $("thumbs").appendChild(img);
  }, "image/jpeg", 0.92);
}

async function submit() {
  const form = new FormData();
  captured.forEach((blob, n) => form.append("frames", blob, `camera-${n}.jpg`));
  Array.from($("frames").files).forEach((file) => form.append("frames", file, file.name));
  if (!form.has("frames")) throw new Error("capture or choose at least one frame");
  showStatus(await api(`/kiosk/transactions/${encodeURIComponent(transactionId)}/frames`, {
    method: "POST", headers: gateHeaders(), body: form,
  }));
}

function reset() {
  transactionId = null;
  captured.length = 0;
  $("thumbs").replaceChildren();
  ["document-number", "birth-date", "expiry-date", "card-file", "frames"].forEach((id) => { $(id).value = ""; });
  show($("result"), false);
  show($("face-step"), false);
}

$("gate-key").value = sessionStorage.getItem("gateKey") || "";
$("present").addEventListener("click", () => guarded(present));
$("camera").addEventListener("click", () => guarded(startCamera));
$("snap").addEventListener("click", snap);
$("submit").addEventListener("click", () => guarded(submit));
$("next").addEventListener("click", reset);
