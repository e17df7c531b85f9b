// The Referrals tab: the queue, one case in full (the holder's data from the chip, both images, scores with
// their direction and FMRs, PAD and quality measured beside their limits, every check), the decision with
// no default verdict, and the handover to second line with a note.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const REASON_CODES = ["IDENTITY_CONFIRMED", "DOCUMENT_CHECKED_MANUALLY", "BIOMETRIC_MISMATCH", "DOCUMENT_SUSPECT",
    "STOP_LIST_CONFIRMED", "TECHNICAL_FAULT", "OTHER"];
  const HOLDER = ["full_name", "birth_date", "sex", "nationality", "document_number", "document_code",
    "issuing_state", "expiry_date"];
  const DG13_SHOWN = ["id_number", "ethnicity", "religion", "place_of_origin", "place_of_residence",
    "identifying_features", "issue_date", "father_name", "mother_name", "spouse_name", "old_id_number"];
  let selected = null;
  let current = null;  // the case on screen, re-rendered when the language changes

  const when = (iso) => (iso ? new Date(iso).toLocaleString(I18N.lang === "vi" ? "vi-VN" : "en-GB") : "—");
  const number = (value, digits = 4) => (value === null || value === undefined ? "—"
    : Math.abs(value) > 0 && Math.abs(value) < 1e-3 ? value.toExponential(2) : value.toFixed(digits));
  const result = (value) => t(`officer.referral.result.${value}`);

  function cell(content, className) {
    const td = text("td", content === null || content === undefined ? "—" : String(content));
    if (className) td.className = className;
    return td;
  }

  function tableRow(...cells) {
    const tr = document.createElement("tr");
    tr.append(...cells);
    return tr;
  }

  function verdictCell(passed, label) {
    return cell(label ?? result(passed ? "pass" : "fail"), passed ? "pass" : "fail");
  }

  async function loadQueue() {
    const referrals = await api("/officer/referrals", { headers: Shell.auth() });
    const items = referrals.map((r) => {
      const li = document.createElement("li");
      const open = text("button", `#${r.id} · ${r.gate_id} · ${r.reasons.map(Shell.reasonText).join(", ")}`, "queue-item");
      open.type = "button";
      if (r.handover) open.append(" ", text("span", t("officer.referral.handover.badge"), "tag"));
      open.addEventListener("click", () => Shell.guarded(() => openCase(r.id)));
      li.dataset.id = r.id;
      if (r.id === selected) li.classList.add("selected");
      li.append(open);
      return li;
    });
    $("queue").replaceChildren(...items);
    show($("empty"), referrals.length === 0);
    Shell.setBadge("referrals", referrals.length);
    if (!referrals.some((r) => r.id === selected)) clearCase();
  }

  async function image(referralId, kind, element) {
    const old = element.src;
    try {
      const blob = await api(`/officer/referrals/${referralId}/captures/${kind}`, { headers: Shell.auth() });
      element.src = URL.createObjectURL(blob);
    } catch (error) {
      element.removeAttribute("src");
    }
    if (old.startsWith("blob:")) URL.revokeObjectURL(old);
  }

  function holderRows(b) {
    if (!b) return [text("dd", t("officer.referral.holder.none"))];
    const entries = [["name", [b.surname, b.given_names].filter(Boolean).join(", ")]];
    HOLDER.forEach((key) => entries.push([key, b[key]]));
    DG13_SHOWN.forEach((key) => { if (b.dg13[key]) entries.push([`dg13.${key}`, b.dg13[key]]); });
    return entries.filter(([, value]) => value).flatMap(([key, value]) => {
      const dd = text("dd", value);
      dd.dataset.field = key;
      return [text("dt", t(`officer.referral.holder.${key}`)), dd];
    });
  }

  function comparisonRow(m) {
    const direction = t(`officer.referral.direction.${m.direction || "unknown"}`);
    const score = cell(`${number(m.score)} (${direction})`);
    score.dataset.direction = m.direction || "";
    return tableRow(cell(t(`officer.referral.modality.${m.modality}`)), score, cell(number(m.threshold)),
      cell(number(m.fmr_target, 4)), cell(number(m.fmr_estimate, 4)), cell(m.model_id),
      verdictCell(m.matched, result(m.matched ? "match" : "no_match")));
  }

  function render(c) {
    $("case-title").textContent = t("officer.referral.title", { id: c.id, gate: c.gate_id, time: when(c.created_at) });
    $("case-reasons").textContent = t("officer.referral.reasons", { decision: c.decision || "—",
      reasons: c.reasons.map(Shell.reasonText).join(", ") });
    show($("handover-view"), Boolean(c.handover));
    $("handover-by").textContent = c.handover
      ? t("officer.referral.handover.by", { officer: c.handover.officer, time: when(c.handover.handed_at) }) : "";
    $("handover-note").textContent = c.handover ? (c.handover.note ?? t("officer.referral.handover.erased")) : "";
    $("holder").replaceChildren(...holderRows(c.biographic));
    $("comparisons").replaceChildren(...c.comparisons.map(comparisonRow));
    const pad = c.pad_score === null ? [tableRow(cell(t("officer.referral.pad.none")), cell(), cell(), cell())]
      : [tableRow(cell(t("officer.referral.pad.score")), cell(number(c.pad_score, 3)),
        cell(`< ${c.pad_alarm_threshold}`), verdictCell(c.pad_score < c.pad_alarm_threshold))];
    $("liveness").replaceChildren(...pad);
    const q = c.quality_measurements;
    $("quality-profile").textContent = q ? t("officer.referral.quality.profile", { profile: q.profile,
      result: c.quality ? result(c.quality.result) : "—" }) : t("officer.referral.quality.none");
    $("quality").replaceChildren(...(q ? q.criteria : []).map((m) => tableRow(
      cell(t(`officer.referral.quality.${m.name}`)), cell(number(m.value, 3)), cell(m.limit),
      verdictCell(m.passed, m.passed ? undefined : `${result("fail")}${m.code ? ` (${m.code})` : ""}`))));
    $("checks").replaceChildren(...c.checks.map((k) => tableRow(cell(k.stage), cell(k.kind),
      cell(result(k.result), k.result), cell(k.code))));
    const withSecondLine = Boolean(c.handover);
    const mayDecide = !withSecondLine || Shell.hasRole("second_line");
    show($("second-line-only"), !mayDecide);
    show($("decide-form"), mayDecide);
    show($("handover-form"), !withSecondLine);
    $("chip-photo").alt = t("officer.case.chip_photo");
    $("live-photo").alt = t("officer.case.live_photo");
  }

  async function openCase(id) {
    const c = await api(`/officer/referrals/${id}`, { headers: Shell.auth() });
    if (selected !== id) resetForms();
    selected = id;
    current = c;
    document.querySelectorAll("#queue li").forEach((li) => li.classList.toggle("selected", Number(li.dataset.id) === id));
    render(c);
    show($("case"), true);
    await Promise.all(["chip_face", "live_face"].map((kind) =>
      (c.captures.includes(kind) ? image(id, kind, $(kind === "chip_face" ? "chip-photo" : "live-photo")) : null)));
  }

  function reasonOptions() {
    const chosen = $("reason-code").value;
    const options = [["", t("officer.referral.reason_code.choose")],
      ...REASON_CODES.map((code) => [code, t(`officer.referral.reason_code.${code}`)])];
    $("reason-code").replaceChildren(...options.map(([value, label]) => {
      const option = text("option", label);
      option.value = value;
      return option;
    }));
    $("reason-code").value = chosen;
  }

  function resetForms() {
    $("verdict").value = "";  // no default: the officer chooses
    $("reason-code").value = "";
    $("reason").value = "";
    $("handover-text").value = "";
  }

  function clearCase() {
    ["chip-photo", "live-photo"].forEach((id) => {
      if ($(id).src.startsWith("blob:")) URL.revokeObjectURL($(id).src);
      $(id).removeAttribute("src");
    });
    ["case-title", "case-reasons", "handover-by", "handover-note", "quality-profile"].forEach((id) => {
      $(id).textContent = "";
    });
    ["holder", "comparisons", "liveness", "quality", "checks"].forEach((id) => $(id).replaceChildren());
    resetForms();
    show($("case"), false);
    selected = null;
    current = null;
  }

  async function post(path, body) {
    return api(path, { method: "POST", headers: { ...Shell.auth(), "Content-Type": "application/json" },
      body: JSON.stringify(body) });
  }

  async function decide(event) {
    event.preventDefault();
    await post(`/officer/referrals/${selected}/decision`, { verdict: $("verdict").value,
      reason_code: $("reason-code").value, reason: $("reason").value });
    clearCase();
    Shell.announce(t("officer.referral.decided"));
    await loadQueue();
  }

  async function handOver(event) {
    event.preventDefault();
    await post(`/officer/referrals/${selected}/handover`, { note: $("handover-text").value });
    Shell.announce(t("officer.referral.handed_over"));
    await loadQueue();
    if (selected !== null) await openCase(selected);
  }

  reasonOptions();
  $("decide-form").addEventListener("submit", (e) => Shell.guarded(() => decide(e)));
  $("handover-form").addEventListener("submit", (e) => Shell.guarded(() => handOver(e)));
  $("refresh").addEventListener("click", () => Shell.guarded(loadQueue));

  registerTab("referrals", {
    enter: loadQueue,
    language() {
      reasonOptions();
      if (current) render(current);
    },
    reset() {  // sign-out: nothing of any case stays in the page
      clearCase();
      $("queue").replaceChildren();
      show($("empty"), false);
    },
  });
})();
