// The Admin tab, supervisor part (supervisor+): the FMR target (changed by administrators), the stop list
// uploaded with a diff of what changes shown before confirming, and audit chain verification per gate
// naming the first bad record. Gates and accounts (administrators): officer-admin-accounts.js.
"use strict";

(() => {
  const byId = (id) => document.getElementById(id);
  let pending = null;  // { text, diff } of an uploaded list awaiting confirmation

  function gateRoles() {
    document.querySelectorAll("#tab-admin [data-min-role]").forEach((node) => {
      node.hidden = !Shell.hasRole(node.dataset.minRole);
    });
  }

  async function showFmr() {
    const { fmr_target: target } = await api("/admin/fmr-target", { headers: Shell.auth() });
    byId("admin-fmr-now").textContent = t("officer.admin.fmr.now", { value: String(target) });
    byId("admin-fmr").value = String(target);
  }

  async function saveFmr(event) {
    event.preventDefault();
    await api("/admin/fmr-target", { method: "PUT", headers: { ...Shell.auth(), "Content-Type": "application/json" },
                                     body: JSON.stringify({ fmr_target: Number(byId("admin-fmr").value) }) });
    await showFmr();
    Shell.announce(t("officer.admin.saved"));
  }

  async function showStopList() {
    const summary = await api("/admin/stop-list", { headers: Shell.auth() });
    byId("admin-stop-now").textContent = t("officer.admin.stop.now", { n: summary.entries });
  }

  function entries(list, items, more) {
    list.replaceChildren(...items.map((e) => text("li", `${e.issuing_state} ${e.document_number}`)));
    if (more > 0) list.appendChild(text("li", t("officer.admin.stop.more", { n: more }), "more"));
    if (!items.length) list.appendChild(text("li", t("officer.admin.stop.none"), "none"));
  }

  const KINDS = [["record modified", "modified"], ["signature", "signature"], ["deleted", "deleted"],
                 ["inserted or reordered", "inserted"], ["checkpoint", "checkpoint"]];

  function badRecord(report) {  // a localised kind, then the verifier's own words (English) for the record
    const reason = report.first_bad_reason || report.first_bad || "";
    const kind = (KINDS.find(([words]) => reason.includes(words)) || [null, "other"])[1];
    const cell = document.createElement("td");
    cell.appendChild(document.createTextNode(t("officer.admin.chain.bad_record", {
      seq: report.first_bad_seq ?? "?", kind: t(`officer.admin.chain.kind.${kind}`) })));
    const detail = text("span", ` (${reason})`, "chain-detail");
    detail.lang = "en";
    cell.appendChild(detail);
    return cell;
  }

  function stopListError(error) {
    const status = Number((/^(\d{3}):/.exec(error.message) || [])[1]);
    const line = (/line (\d+)/.exec(error.message) || [])[1];
    if (status === 422 && line) return t("officer.admin.stop.invalid", { line });
    if (status === 409) return t("officer.admin.stop.changed");
    throw error;
  }

  async function previewStopList(event) {
    event.preventDefault();
    const file = byId("admin-stop-file").files[0];
    if (!file) { Shell.showError("officer.admin.stop.no_file"); return; }
    const listText = await file.text();
    let diff;
    try {
      diff = await api("/admin/stop-list/preview", { method: "POST", body: JSON.stringify({ text: listText }),
                                                     headers: { ...Shell.auth(), "Content-Type": "application/json" } });
    } catch (error) {
      clearDiff();
      byId("admin-stop-diff").hidden = false;
      byId("admin-stop-summary").textContent = stopListError(error);
      byId("admin-stop-confirm").hidden = true;
      return;
    }
    pending = { text: listText, diff };
    byId("admin-stop-summary").textContent = t("officer.admin.stop.summary", {
      added: diff.added_count, removed: diff.removed_count, unchanged: diff.unchanged });
    entries(byId("admin-stop-added"), diff.added, diff.added_count - diff.added.length);
    entries(byId("admin-stop-removed"), diff.removed, diff.removed_count - diff.removed.length);
    byId("admin-stop-confirm").hidden = false;
    byId("admin-stop-diff").hidden = false;
  }

  async function confirmStopList() {
    if (!pending) return;
    const body = JSON.stringify({ text: pending.text, expected_digest: pending.diff.current_digest });
    try {
      await api("/admin/stop-list", { method: "PUT", body,
                                      headers: { ...Shell.auth(), "Content-Type": "application/json" } });
    } catch (error) {
      byId("admin-stop-summary").textContent = stopListError(error);
      byId("admin-stop-confirm").hidden = true;
      return;
    }
    clearDiff();
    byId("admin-stop-file").value = "";
    await showStopList();
    Shell.announce(t("officer.admin.stop.applied"));
  }

  function clearDiff() {
    pending = null;
    byId("admin-stop-diff").hidden = true;
    for (const id of ["admin-stop-summary", "admin-stop-added", "admin-stop-removed"]) byId(id).replaceChildren();
  }

  async function verifyChains() {
    const reports = await api("/audit/verify", { headers: Shell.auth() });
    byId("admin-chain").replaceChildren(...reports.map((r) => {
      const tr = row(r.gate_id, r.ok ? t("officer.admin.chain.ok") : t("officer.admin.chain.bad"), r.records);
      tr.appendChild(r.ok ? text("td", "—") : badRecord(r));
      tr.className = r.ok ? "chain-ok" : "chain-bad";
      return tr;
    }));
    byId("admin-chain-table").hidden = false;
  }

  async function enter() {
    gateRoles();
    await Promise.all([showFmr(), showStopList()]);
  }

  function reset() {
    clearDiff();
    for (const id of ["admin-fmr-now", "admin-stop-now", "admin-chain"]) byId(id).replaceChildren();
    byId("admin-chain-table").hidden = true;
    byId("admin-stop-file").value = "";
  }

  document.addEventListener("DOMContentLoaded", () => {
    byId("admin-fmr-form").addEventListener("submit", (e) => Shell.guarded(() => saveFmr(e)));
    byId("admin-stop-form").addEventListener("submit", (e) => Shell.guarded(() => previewStopList(e)));
    byId("admin-stop-confirm").addEventListener("click", () => Shell.guarded(confirmStopList));
    byId("admin-stop-cancel").addEventListener("click", clearDiff);
    byId("admin-chain-verify").addEventListener("click", () => Shell.guarded(verifyChains));
  });

  registerTab("admin", { enter: () => Promise.all([enter(), AdminAccounts.enter()]),
                         reset() { reset(); AdminAccounts.reset(); } });
})();
