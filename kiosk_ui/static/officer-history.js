// The History tab: decided referrals searched by gate, referral reason, officer, verdict and time range,
// newest decision first, a page at a time (GET /officer/history).
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const PER_PAGE = 20;
  const REASONS = ["FACE_MISMATCH", "QUALITY_FAILED", "PAD_ALARM", "PAD_UNAVAILABLE", "CAPTURE_TIMEOUT",
    "MULTIPLE_FACES", "DOCUMENT_UNREADABLE", "DOCUMENT_EXPIRED", "PASSIVE_AUTH_FAILED", "ACTIVE_AUTH_FAILED",
    "DOCUMENT_CHECK_FAILED", "NO_CHIP_FACE", "STOP_LIST_HIT", "DOCUMENT_IN_USE", "FINGER_MISMATCH",
    "FINGER_UNAVAILABLE", "FINGER_CAPTURE_FAILED", "IRIS_MISMATCH", "IRIS_UNAVAILABLE", "IRIS_CAPTURE_FAILED",
    "FUSED_MISMATCH", "DOOR_FAULT", "SYSTEM_ERROR", "INTERRUPTED"];
  let page = 1;
  let last = null;  // the page on screen, re-rendered when the language changes

  const when = (iso) => (iso ? new Date(iso).toLocaleString(I18N.lang === "vi" ? "vi-VN" : "en-GB") : "—");

  function reasonOptions() {  // filled once signed in, emptied at sign-out
    if (!Shell.signedIn()) return;
    const chosen = $("history-reason").value;
    const any = text("option", t("officer.history.any"));
    any.value = "";
    $("history-reason").replaceChildren(any, ...REASONS.map((code) => {
      const option = text("option", Shell.reasonText(code));
      option.value = code;
      return option;
    }));
    $("history-reason").value = chosen;
  }

  function query() {
    const params = new URLSearchParams({ page: String(page), per_page: String(PER_PAGE) });
    const add = (name, value) => { if (value) params.set(name, value); };
    add("gate_id", $("history-gate").value.trim());
    add("reason", $("history-reason").value);
    add("officer", $("history-officer").value.trim());
    add("verdict", $("history-verdict").value);
    add("decided_from", $("history-from").value ? new Date($("history-from").value).toISOString() : "");
    add("decided_to", $("history-to").value ? new Date($("history-to").value).toISOString() : "");
    return params;
  }

  function render(found) {
    const rows = found.items.map((item) => {
      const tr = row(`#${item.id}`, item.gate_id, item.reasons.map(Shell.reasonText).join(", "), when(item.decided_at), item.officer,
        item.verdict ? t(`officer.referral.verdict.${item.verdict}`) : null,
        item.officer_reason_code ? t(`officer.referral.reason_code.${item.officer_reason_code}`) : null,
        item.handover ? t("officer.history.handed_by", { officer: item.handover.officer }) : null);
      tr.dataset.id = item.id;
      return tr;
    });
    $("history-rows").replaceChildren(...rows);
    const pages = Math.max(1, Math.ceil(found.total / found.per_page));
    $("history-count").textContent = found.total ? t("officer.history.count", { total: found.total })
      : t("officer.history.none");
    $("history-page").textContent = t("officer.history.page", { page: found.page, pages });
    $("history-prev").disabled = found.page <= 1;
    $("history-next").disabled = found.page >= pages;
  }

  async function search() {
    last = await api(`/officer/history?${query()}`, { headers: Shell.auth() });
    render(last);
  }

  function clear() {
    ["history-gate", "history-officer", "history-from", "history-to", "history-verdict", "history-reason"]
      .forEach((id) => { $(id).value = ""; });
    ["history-count", "history-page"].forEach((id) => { $(id).textContent = ""; });
    $("history-rows").replaceChildren();
    $("history-reason").replaceChildren();
    page = 1;
    last = null;
  }

  $("history-form").addEventListener("submit", (event) => {
    event.preventDefault();
    page = 1;
    Shell.guarded(search);
  });
  $("history-prev").addEventListener("click", () => { page = Math.max(1, page - 1); Shell.guarded(search); });
  $("history-next").addEventListener("click", () => { page += 1; Shell.guarded(search); });

  registerTab("history", {
    enter() {
      if (!$("history-reason").options.length) reasonOptions();
      return search();
    },
    language() {
      reasonOptions();
      if (last) render(last);
    },
    reset: clear,  // sign-out: no decision, name or filter stays in the page
  });
})();
