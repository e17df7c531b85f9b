// Review and submit: the demographics and every capture at a glance, what is still missing (the server's
// codes), then "complete" and "submit" for the registry's 1:N de-duplication.
"use strict";

function renderReview() {
  const view = desk.view;
  fillFacts($("review-fields"), view);
  $("review-slots").replaceChildren(...view.slots.map((s) => {
    const item = el("li", null, s.accepted || (s.exception && s.exception.signed_off_by) ? "ok" : "open");
    item.append(el("span", slotLabel(s.slot), "slot-name"), el("span", slotStatus(s), "slot-status"));
    return item;
  }));
  const missing = view.state === "draft" ? view.missing : [];
  $("review-missing").replaceChildren(...missing.map((p) => {
    const item = el("li", p.field && p.field.includes(":") || p.field === "face"
      ? `${slotLabel(p.field)}: ${codeMessage(p.code)}` : codeMessage(p.code));
    item.dataset.code = p.code;
    return item;
  }));
  show($("review-missing-box"), missing.length > 0);
  show($("review-complete"), missing.length === 0 && ["draft", "captured"].includes(view.state));
  show($("review-buttons"), ["draft", "captured"].includes(view.state));
  $("review-submit").disabled = !(view.actions.includes("complete_capture") || view.actions.includes("submit"))
    || missing.length > 0;
  const outcome = $("review-outcome");
  outcome.dataset.state = view.state;
  outcome.textContent = view.state === "draft" ? "" : t(`desk.review.outcome.${view.state}`, {});
}

async function openReview() {
  desk.view = await call(`/desk/cases/${desk.caseId}`);
  renderReview();
  go("review");
  loadPortrait($("review-portrait"), desk.caseId);
}

async function submitCase() {
  $("review-submit").disabled = true;
  try {
    if (desk.view.state === "draft") {
      desk.view = await call(`/desk/cases/${desk.caseId}/complete`, { method: "POST" });
    }
    desk.view = await call(`/desk/cases/${desk.caseId}/submit`, { method: "POST" });
  } finally {
    try { desk.view = await call(`/desk/cases/${desk.caseId}`); } catch (error) { /* keep the last view */ }
    renderReview();
  }
  if (desk.startedAt) { // the clerk's whole enrolment, consent to submission (read by the browser test)
    document.body.dataset.enrolmentMs = String(Math.round(performance.now() - desk.startedAt));
    desk.startedAt = null;
  }
  announce($("review-outcome").textContent);
}

function wireReview() {
  $("review-back").addEventListener("click", () => startScan("finger"));
  $("review-submit").addEventListener("click", () => guarded(submitCase));
  document.addEventListener("desk-language", () => { if (desk.screen === "review" && desk.view) renderReview(); });
}
