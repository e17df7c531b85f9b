// The case list (both roles), one case with the transitions its state admits for this account, the
// adjudication of a possible duplicate (both records side by side, the fused FMR and each modality's),
// approval, rejection and issuance (the card file to download, the chip's document number and CAN).
"use strict";

const STATES = ["", "draft", "captured", "dedup_pending", "adjudication", "approved", "issued", "rejected"];
const SUPERVISOR_ACTIONS = ["approve", "reject"];
const REJECTIONS = ["DUPLICATE", "DOCUMENTS_INVALID", "APPLICANT_WITHDREW", "FRAUD_SUSPECTED", "CAPTURE_IMPOSSIBLE", "OTHER"];
let cardUrl = null;

function fillStateFilter() {
  const select = $("state-filter");
  const value = select.value;
  select.replaceChildren(...STATES.map((s) => option(s, s ? stateLabel(s) : t("desk.home.all"))));
  select.value = value;
}

async function openHome() {
  desk.caseId = null;
  desk.view = null;
  let enrolling = false; // a clerk without a reference portrait enrols it first (desk-operator.js)
  await guarded(async () => { enrolling = await needsOperatorFace(); });
  if (enrolling || !desk.token) return;
  go("home");
  await guarded(loadCases);
}

async function loadCases() {
  const state = $("state-filter").value;
  const cases = await call(`/desk/cases${state ? `?state=${state}` : ""}`);
  $("cases").replaceChildren(...cases.map((c) => {
    const tr = document.createElement("tr");
    const d = c.demographics || {};
    const open = el("button", t("desk.home.open"));
    open.type = "button";
    open.dataset.case = c.id;
    open.setAttribute("aria-label", t("desk.home.open_label", { name: d.full_name || c.id.slice(0, 8) }));
    open.addEventListener("click", () => guarded(() => openCase(c.id)));
    const cells = [new Date(c.created_at).toLocaleString(I18N.lang === "vi" ? "vi-VN" : "en-GB"),
      d.full_name || "—", d.id_number || "—", stateLabel(c.state)];
    tr.append(...cells.map((v) => el("td", v)));
    const last = el("td");
    last.append(open);
    tr.append(last);
    tr.dataset.state = c.state;
    return tr;
  }));
  show($("no-cases"), cases.length === 0);
  show($("cases-table"), cases.length > 0);
}

function may(action) {
  return desk.view.actions.includes(action) && (desk.role === "supervisor" || !SUPERVISOR_ACTIONS.includes(action));
}

function actionButton(key, handler, className = "") {
  const button = el("button", t(key), className);
  button.type = "button";
  button.dataset.key = key;
  button.addEventListener("click", () => guarded(handler));
  return button;
}

function renderCase() {
  const view = desk.view;
  fillFacts($("case-fields"), view);
  $("case-state").textContent = t("desk.case.state", { state: stateLabel(view.state) });
  $("case-state").dataset.state = view.state;
  const buttons = [];
  if (view.state === "draft") buttons.push(actionButton("desk.case.resume", resumeCase, "primary"));
  if (view.state === "captured") buttons.push(actionButton("desk.case.to_review", openReview, "primary"));
  if (view.state === "adjudication" && desk.role === "supervisor") {
    buttons.push(actionButton("desk.case.adjudicate", openAdjudication, "primary"));
  }
  if (may("approve")) buttons.push(actionButton("desk.case.approve", () => act("approve"), "primary"));
  if (may("issue")) buttons.push(actionButton("desk.case.issue", issueCard, "primary"));
  if (may("reject")) buttons.push(actionButton("desk.case.reject", () => { show($("reject-box"), true); }, "danger"));
  $("case-actions").replaceChildren(...buttons);
  $("reject-code").replaceChildren(...REJECTIONS.map((code) => option(code, codeMessage(code))));
  show($("reject-box"), false);
  if (view.state !== "issued") show($("issued"), false);
}

async function openCase(caseId) {
  desk.caseId = caseId;
  desk.view = await call(`/desk/cases/${caseId}`);
  renderCase();
  go("case");
  loadPortrait($("case-portrait"), caseId);
}

function resumeCase() {
  const view = desk.view;
  if (!view.demographics) { fillForm(view); go("form"); return; }
  fillForm(view);
  const faceDone = view.slots.some((s) => s.slot === "face" && s.accepted);
  if (!faceDone) { startFace(); return; }
  const open = view.slots.find((s) => s.slot !== "face" && !s.accepted && !(s.exception && s.exception.signed_off_by));
  if (open) startScan(open.slot.split(":")[0]); else openReview();
}

async function act(action, json) {
  desk.view = await call(`/desk/cases/${desk.caseId}/${action}`, { method: "POST", json });
  renderCase();
  announce($("case-state").textContent);
}

async function issueCard() {
  const issued = await call(`/desk/cases/${desk.caseId}/issue`, { method: "POST" });
  desk.view = issued.case;
  renderCase();
  const bytes = Uint8Array.from(atob(issued.card), (ch) => ch.charCodeAt(0));
  if (cardUrl) URL.revokeObjectURL(cardUrl);
  cardUrl = URL.createObjectURL(new Blob([bytes], { type: "application/json" }));
  $("issued-number").textContent = issued.document_number;
  $("issued-can").textContent = issued.can || "—";
  const link = $("issued-download");
  link.href = cardUrl;
  link.download = `${issued.document_number}.card.json`;
  show($("issued"), true);
  announce(t("desk.issued.title"));
}

function evidenceRows(candidate) {
  const rows = [[t("desk.adj.fused"), candidate.fused_fmr],
    ...Object.entries(candidate.per_modality).map(([m, fmr]) => [modalityLabel(m), fmr])];
  return rows.map(([label, fmr]) => {
    const tr = document.createElement("tr");
    tr.append(el("td", label), el("td", fmr.toExponential(1)));
    return tr;
  });
}

function modalityLabel(modality) {
  return modality === "face" ? t("desk.slot.face") : slotLabel(modality);
}

// OPERATOR_MATCH: the candidate is the case's own clerk ("operator:<account>"), not an enrolled citizen.
function operatorOf(first) {
  const id = first ? first.candidate.application_id : "";
  return id.startsWith("operator:") ? id.slice("operator:".length) : null;
}

function renderAdjudication() { // the texts only (again on a change of language); portraits load once
  const adj = desk.adjudication;
  fillFacts($("adj-fields"), adj.case);
  const first = adj.candidates[0];
  const other = first ? first.record : null; // the candidate as the registry holds it
  const operator = operatorOf(first);
  renderCandidateHeading(operator);
  if (operator) {
    $("adj-candidate-fields").replaceChildren(el("dt", t("desk.adj.operator_account")), el("dd", operator, "mono"),
      el("dt", t("desk.adj.reason")), el("dd", t("desk.adj.reason_operator")));
  } else if (other) fillFacts($("adj-candidate-fields"), other);
  else $("adj-candidate-fields").replaceChildren(el("dt", t("desk.adj.elsewhere")), el("dd", first ? first.candidate.application_id : "—"));
  $("adj-evidence").replaceChildren(...(first ? evidenceRows(first.candidate) : []));
}

function renderCandidateHeading(operator) {
  $("adj-candidate-title").textContent = t(operator ? "desk.adj.operator" : "desk.adj.candidate");
  $("adj-candidate-portrait").alt = t(operator ? "desk.adj.operator_alt" : "desk.adj.candidate_alt");
  $("adj-candidate").classList.toggle("operator", Boolean(operator));
  show($("adj-operator"), Boolean(operator));
  if (operator) $("adj-operator-text").textContent = t("desk.adj.operator_match", { operator });
  document.body.dataset.adjReason = operator ? "OPERATOR_MATCH" : "DUPLICATE_CANDIDATE";
}

async function openAdjudication() {
  const adj = await call(`/desk/cases/${desk.caseId}/adjudication`);
  desk.view = adj.case;
  desk.adjudication = adj;
  renderAdjudication();
  go("adjudication");
  const first = adj.candidates[0];
  const operator = operatorOf(first);
  loadPortrait($("adj-portrait"), desk.caseId);
  if (operator) loadPortrait($("adj-candidate-portrait"), desk.caseId, `/desk/cases/${desk.caseId}/operator-portrait`);
  else if (first && first.record) {
    loadPortrait($("adj-candidate-portrait"), desk.caseId,
      `/desk/cases/${desk.caseId}/candidates/${first.record.application_id}/portrait`);
  } else $("adj-candidate-portrait").removeAttribute("src");
}

async function decide(decision) {
  desk.view = await call(`/desk/cases/${desk.caseId}/adjudication`, { method: "POST", json: { decision } });
  renderCase();
  go("case");
  loadPortrait($("case-portrait"), desk.caseId);
  announce($("case-state").textContent);
}

function wireSupervisor() {
  fillStateFilter();
  $("new-case").addEventListener("click", startApplication);
  $("refresh").addEventListener("click", () => guarded(loadCases));
  $("state-filter").addEventListener("change", () => guarded(loadCases));
  $("reject-confirm").addEventListener("click", () => guarded(() => act("reject", { code: $("reject-code").value })));
  $("adj-duplicate").addEventListener("click", () => guarded(() => decide("duplicate")));
  $("adj-different").addEventListener("click", () => guarded(() => decide("different")));
  document.addEventListener("desk-language", () => {
    fillStateFilter();
    if (desk.screen === "home" && desk.token) guarded(loadCases);
    if (desk.screen === "adjudication" && desk.adjudication) renderAdjudication();
    if (desk.screen === "case" && desk.view) {
      const issued = !$("issued").classList.contains("hidden");
      renderCase();
      show($("issued"), issued);
    }
  });
}
