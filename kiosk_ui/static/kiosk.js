// The traveller's kiosk: wait for a card on the gate's reader, guide the face capture from the gate's codes,
// show the result calmly, then forget everything. The kiosk authenticates by its device cookie.
"use strict";

const $ = (id) => document.getElementById(id);
const BUDGET_S = 10;
const ATTEMPTS = 2; // the budget, then one retry
const FRAME_EVERY_MS = 300;
const RESULT_MS = 6000;
const FAILURE_MS = 5000;
const POLL_WAIT_S = 2;
const MIN_LUMA = 16; // a black or half-initialised frame is never sent
const DECIDING_AFTER_MS = 400; // a frame answered later than this: the gate is deciding, say so
const SCREENS = ["attract", "reading", "capture", "deciding", "result", "failure"];
const BY_STATUS = { 401: "NOT_PROVISIONED", 404: "NOT_FOUND", 409: "CONFLICT", 413: "UPLOAD_TOO_LARGE",
                    415: "UNSUPPORTED_MEDIA_TYPE", 422: "INVALID_REQUEST", 503: "SERVICE_UNAVAILABLE" };
const CAMERA_ERRORS = ["NotAllowedError", "NotFoundError", "NotReadableError", "OverconstrainedError", "AbortError"];
const state = { run: 0, tid: null, stream: null, decision: null, code: null, failure: null, timer: null,
                countdown: null, deadline: 0 };
let canvas = document.createElement("canvas");

class HttpError extends Error {
  constructor(status, code) { super(`HTTP ${status} ${code}`); this.status = status; this.code = code; }
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

async function call(path, options = {}) {
  const response = await fetch(path, { credentials: "same-origin", cache: "no-store", ...options });
  if (!response.ok) {
    let code = "";
    try { code = (await response.json()).code || ""; } catch (_) { /* not JSON */ }
    throw new HttpError(response.status, code);
  }
  return response.json();
}

function errorKey(error) { // the gate sends a code (KioskProblem), never a sentence: the catalogue words it
  if (error instanceof HttpError) {
    const known = (code) => code && I18N.catalogues.vi && `error.${code}` in I18N.catalogues.vi;
    if (known(error.code)) return `error.${error.code}`;
    if (known(BY_STATUS[error.status])) return `error.${BY_STATUS[error.status]}`;
    return "error.GENERIC";
  }
  return error && CAMERA_ERRORS.includes(error.name) ? "error.CAMERA" : "error.GENERIC";
}

function screen(name) { SCREENS.forEach((id) => $(id).classList.toggle("hidden", id !== name)); }

function announce(text) { $("announce").textContent = text; }

function render() { // the dynamic texts, in the current language
  $("guidance").textContent = state.code ? t(state.code) : "";
  $("guidance").dataset.code = state.code || "";
  const icon = guideIcon(state.code);
  $("guidance-icon").innerHTML = icon;
  $("guidance-icon").classList.toggle("hidden", !icon);
  const left = Math.max(0, Math.ceil((state.deadline - performance.now()) / 1000));
  $("countdown").textContent = state.tid && state.deadline ? t("capture.countdown", { s: left }) : "";
  $("result-title").textContent = state.decision ? t(`result.${state.decision}.title`) : "";
  $("result-text").textContent = state.decision ? t(`result.${state.decision}.text`) : "";
  $("failure-text").textContent = state.failure ? t(state.failure) : "";
}

function stopCamera() {
  if (state.stream) state.stream.getTracks().forEach((track) => track.stop());
  state.stream = null;
  $("video").srcObject = null;
  canvas.width = 0;
  canvas = document.createElement("canvas");
}

function reset() { // back to the attract screen with nothing of the traveller left
  clearTimeout(state.timer);
  clearInterval(state.countdown);
  stopCamera();
  Object.assign(state, { run: state.run + 1, tid: null, decision: null, code: null, failure: null, timer: null,
                         countdown: null, deadline: 0 });
  $("countdown-bar").style.width = "0";
  $("result-icon").innerHTML = "";
  performance.clearResourceTimings(); // the transaction's URLs
  setLanguage("vi");
  render();
  announce("");
  screen("attract");
  waitForCard(state.run);
}

function showResult(decision) {
  clearInterval(state.countdown);
  stopCamera();
  Object.assign(state, { decision, code: null, deadline: 0 });
  $("result-icon").className = `result-icon ${decision}`;
  $("result-icon").innerHTML = RESULT_ICONS[decision] || "";
  render();
  screen("result");
  announce(`${t(`result.${decision}.title`)}. ${t(`result.${decision}.text`)}`);
  state.timer = setTimeout(reset, RESULT_MS);
}

function showFailure(key) {
  stopCamera();
  Object.assign(state, { failure: key, code: null, deadline: 0 });
  render();
  screen("failure");
  announce(t(key));
  state.timer = setTimeout(reset, FAILURE_MS);
}

async function waitForCard(run) {
  while (run === state.run) {
    try {
      const current = await call(`/kiosk/current?wait=${POLL_WAIT_S}`);
      if (run !== state.run) return;
      if (current.decision) { showResult(current.decision); return; }
      if (current.stage === "capture") { await capture(run, current.transaction_id); return; }
      if (current.stage === "waiting") { screen("attract"); continue; }
      if ($("reading").classList.contains("hidden")) { screen("reading"); announce(t("reading")); }
      if (current.stage !== "reading") await sleep(300); // the gate's document step is still running
    } catch (error) {
      if (run === state.run) showFailure(errorKey(error));
      return;
    }
  }
}

async function grab(video) {
  if (video.readyState < 2 || !video.videoWidth || !video.videoHeight) return null;
  const probe = document.createElement("canvas");
  probe.width = 32; probe.height = 18;
  const small = probe.getContext("2d", { willReadFrequently: true });
  small.drawImage(video, 0, 0, 32, 18);
  const pixels = small.getImageData(0, 0, 32, 18).data;
  let luma = 0;
  for (let i = 0; i < pixels.length; i += 4) luma += 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2];
  if (luma / (pixels.length / 4) < MIN_LUMA) return null;
  canvas.width = video.videoWidth; canvas.height = video.videoHeight;
  canvas.getContext("2d").drawImage(video, 0, 0);
  return new Promise((resolve) => { canvas.toBlob(resolve, "image/jpeg", 0.92); });
}

async function sendFrame(tid, blob) {
  const body = new FormData();
  body.append("frame", blob, "frame.jpg");
  try {
    return await call(`/kiosk/transactions/${encodeURIComponent(tid)}/frame`, { method: "POST", body });
  } catch (error) {
    if (error instanceof HttpError && [413, 415, 422].includes(error.status)) return null; // that frame only
    if (!(error instanceof HttpError) || error.status !== 409) throw error;
    return call(`/kiosk/transactions/${encodeURIComponent(tid)}`); // decided meanwhile (e.g. expired)
  }
}

function startCountdown() {
  state.deadline = performance.now() + BUDGET_S * 1000;
  $("countdown-bar").style.width = "100%";
  state.countdown = setInterval(() => {
    const share = Math.max(0, (state.deadline - performance.now()) / (BUDGET_S * 1000));
    $("countdown-bar").style.width = `${(share * 100).toFixed(1)}%`;
    render();
  }, 250);
}

async function guide(run, tid, video) { // true once decided (the result is shown)
  while (run === state.run && performance.now() < state.deadline) {
    const began = performance.now();
    const blob = await grab(video);
    if (blob) {
      const slow = setTimeout(() => {
        if (run === state.run) { screen("deciding"); announce(t("deciding")); }
      }, DECIDING_AFTER_MS);
      const verdict = await sendFrame(tid, blob).finally(() => clearTimeout(slow));
      if (run !== state.run) return false;
      if (verdict && verdict.decision) { showResult(verdict.decision); return true; }
      screen("capture");
      const codes = verdict ? verdict.codes : null;
      const code = codes && codes.length ? `guidance.${codes[0]}` : "guidance.UNKNOWN";
      if (verdict && code !== state.code
          && !(state.code === "capture.retry" && performance.now() < state.deadline - 8000)) {
        state.code = code;
        render();
      }
    }
    await sleep(Math.max(0, FRAME_EVERY_MS - (performance.now() - began)));
  }
  return false;
}

async function capture(run, tid) {
  state.tid = tid;
  state.code = "capture.starting";
  render();
  screen("capture");
  announce(t("capture.title"));
  const video = $("video");
  try {
    state.stream = await navigator.mediaDevices.getUserMedia({ audio: false, video: {
      facingMode: "user", width: { ideal: 1280 }, height: { ideal: 720 } } });
    video.srcObject = state.stream;
    await video.play();
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      if (attempt > 0) { // one more try, announced, before the referral
        clearInterval(state.countdown);
        state.code = "capture.retry";
        render();
        announce(t("capture.retry"));
      }
      startCountdown();
      if (await guide(run, tid, video)) return;
      if (run !== state.run) return;
    }
    clearInterval(state.countdown);
    stopCamera();
    screen("deciding");
    announce(t("deciding"));
    const finished = await call(`/kiosk/transactions/${encodeURIComponent(tid)}/finish`, { method: "POST" });
    if (run === state.run) showResult(finished.decision || "REFER");
  } catch (error) {
    if (run !== state.run) return;
    if (errorKey(error) === "error.CAMERA") {
      call(`/kiosk/transactions/${encodeURIComponent(tid)}/finish`, { method: "POST" }).catch(() => {});
    }
    showFailure(errorKey(error));
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  $("lang").addEventListener("click", () => {
    setLanguage(I18N.lang === "vi" ? "en" : "vi");
    render();
    announce(t("lang.name"));
  });
  try {
    await loadCatalogues();
  } catch (_) { /* the page's Vietnamese text stays */ }
  translatePage();
  reset();
});
