// Fingers and irises from the desk's scanners: the clerk picks a finger (or an eye) and presses "scan";
// the server takes the image from its scanner port and answers NFIQ 2 (or the iris quality) against the
// minimum. Three tries, then an exception that a supervisor signs off here, with their own credentials.
"use strict";

const NFIQ2_MINIMUM = { 1: 30, 2: 30, 3: 20, 4: 10, 5: 10, 6: 30, 7: 30, 8: 20, 9: 10, 10: 10 };
const EXCEPTIONS = {
  finger: ["QUALITY_RETRIES_EXHAUSTED", "FINGER_MISSING", "FINGER_DAMAGED", "FINGER_BANDAGED"],
  iris: ["QUALITY_RETRIES_EXHAUSTED", "EYE_MISSING", "EYE_DAMAGED", "EYE_BANDAGED"],
};
const scan = { kind: "finger", slot: null, last: null };

function slotsOfKind() { return (desk.view ? desk.view.slots : []).filter((s) => s.slot.startsWith(`${scan.kind}:`)); }

function slotDone(s) { return s.accepted || Boolean(s.exception && s.exception.signed_off_by); }

function slotStatus(s) {
  if (s.accepted) return s.score !== null ? t("desk.scan.accepted_score", { score: Math.round(s.score) }) : t("desk.scan.accepted");
  if (s.exception) return s.exception.signed_off_by ? t("desk.scan.excepted") : t("desk.scan.exception_pending");
  if (s.attempts === 0) return t("desk.scan.not_captured");
  return s.tries_left === 0 ? t("desk.scan.no_tries_short") : t("desk.scan.tries_left", { n: s.tries_left });
}

function renderSlots() {
  const items = slotsOfKind().map((s) => {
    const item = el("li");
    const button = el("button", null, `slot${s.slot === scan.slot ? " selected" : ""}${slotDone(s) ? " done" : ""}`);
    button.type = "button";
    button.dataset.slot = s.slot;
    button.setAttribute("aria-pressed", String(s.slot === scan.slot));
    button.append(el("span", slotLabel(s.slot), "slot-name"), el("span", slotStatus(s), "slot-status"));
    button.addEventListener("click", () => { scan.slot = s.slot; scan.last = null; renderScan(); });
    item.append(button);
    return item;
  });
  $("slots").replaceChildren(...items);
}

function renderPanel() {
  const s = slotsOfKind().find((x) => x.slot === scan.slot);
  if (!s) return;
  const position = s.slot.split(":")[1];
  $("slot-title").textContent = slotLabel(s.slot);
  $("slot-minimum").textContent = scan.kind === "finger"
    ? t("desk.scan.minimum", { min: NFIQ2_MINIMUM[position] }) : t("desk.scan.iris_minimum");
  $("slot-scan").disabled = s.accepted || s.tries_left === 0 || Boolean(s.exception);
  const last = scan.last && scan.last.slot === s.slot ? scan.last : null;
  const result = $("slot-result");
  if (last) {
    const score = last.score === null ? "—" : Math.round(last.score);
    result.textContent = last.accepted ? t("desk.scan.result_ok", { score }) : refusedText(last);
  } else {
    result.textContent = slotStatus(s);
  }
  result.dataset.accepted = String(Boolean(s.accepted));
  renderCodes($("slot-codes"), last ? last.codes : s.codes);
  const select = $("exception-code");
  select.replaceChildren(...EXCEPTIONS[scan.kind].map((code) => option(code, codeMessage(code))));
  if (s.tries_left === 0) select.value = "QUALITY_RETRIES_EXHAUSTED";
  show($("exception-box"), !s.accepted && !s.exception);
  const pending = s.exception && !s.exception.signed_off_by;
  show($("signoff-box"), Boolean(pending));
  if (pending) $("signoff-pending").textContent = t("desk.signoff.pending", { reason: codeMessage(s.exception.code) });
  renderExceptionPhoto(s); // desk-xphoto.js
}

function refusedText(result) {
  if (result.tries_left === 0) return t("desk.scan.no_tries");
  return result.score === null ? t("desk.scan.result_refused", { n: result.tries_left })
    : t("desk.scan.result_low", { score: Math.round(result.score), n: result.tries_left });
}

function renderScan() {
  $("scan-title").textContent = t(scan.kind === "finger" ? "desk.scan.fingers_title" : "desk.scan.irises_title");
  $("scan-hint").textContent = t(scan.kind === "finger" ? "desk.scan.fingers_hint" : "desk.scan.irises_hint");
  renderSlots();
  renderPanel();
}

function nextOpenSlot() {
  const open = slotsOfKind().find((s) => !slotDone(s) && !s.exception);
  return open ? open.slot : (slotsOfKind()[0] || {}).slot;
}

function startScan(kind) {
  scan.kind = kind;
  scan.last = null;
  scan.slot = nextOpenSlot();
  if (!scan.slot) { if (kind === "finger") startScan("iris"); else openReview(); return; }
  renderScan();
  go("scan");
}

async function scanSlot() {
  const [kind, which] = scan.slot.split(":");
  const path = kind === "finger" ? `fingers/${which}` : `iris/${which}`;
  $("slot-scan").disabled = true;
  scan.last = null;
  $("slot-result").textContent = t("desk.scan.scanning");
  try {
    const result = await call(`/desk/cases/${desk.caseId}/scans/${path}`, { method: "POST" });
    desk.view = result.case;
    scan.last = result;
    announce(result.accepted ? t("desk.scan.result_ok", { score: Math.round(result.score || 0) }) : refusedText(result));
    if (result.accepted) scan.slot = nextOpenSlot();
  } finally {
    renderScan();
    const seen = $("slot-result");
    seen.dataset.scans = String(Number(seen.dataset.scans || 0) + 1);
    seen.dataset.last = scan.last ? `${scan.last.slot} ${scan.last.accepted} ${scan.last.codes.join(",")}` : "";
  }
}

async function recordException() {
  const code = $("exception-code").value;
  desk.view = await call(`/desk/cases/${desk.caseId}/exceptions/${scan.slot}`, { method: "POST", json: { code } });
  renderScan();
  $("signoff-user").focus();
}

async function signOffException() {
  const body = new URLSearchParams({ username: $("signoff-user").value, password: $("signoff-password").value });
  $("signoff-password").value = "";
  const token = await call("/auth/token", { method: "POST", form: body, token: null });
  try {
    desk.view = await call(`/desk/cases/${desk.caseId}/exceptions/${scan.slot}/sign-off`,
      { method: "POST", token: token.access_token });
  } finally { // the supervisor's token serves this one sign-off only
    fetch("/auth/sign-out", { method: "POST", headers: { Authorization: `Bearer ${token.access_token}` } }).catch(() => {});
  }
  $("signoff-user").value = "";
  scan.last = null;
  scan.slot = nextOpenSlot();
  renderScan();
}

function wireScan() {
  $("slot-scan").addEventListener("click", () => guarded(scanSlot));
  $("exception-record").addEventListener("click", () => guarded(recordException));
  $("signoff").addEventListener("click", () => guarded(signOffException));
  $("scan-next").addEventListener("click", () => { if (scan.kind === "finger") startScan("iris"); else openReview(); });
  document.addEventListener("desk-language", () => { if (desk.screen === "scan") renderScan(); });
}
