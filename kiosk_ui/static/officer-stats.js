// The Statistics tab (supervisor+): the shift in numbers over a chosen period, drawn as inline SVG
// (officer-stats-plots.js), every table exportable as CSV (GET /stats/shift/{table}.csv).
"use strict";

(() => {
  const byId = (id) => document.getElementById(id);
  let last = null;  // the last statistics shown (re-rendered on a language switch)

  function period() {
    const preset = byId("stats-preset").value;
    if (preset === "custom" && byId("stats-start").value && byId("stats-end").value) {
      return { start: new Date(byId("stats-start").value).toISOString(),
               end: new Date(byId("stats-end").value).toISOString() };
    }
    const end = new Date();
    end.setMinutes(0, 0, 0);
    end.setHours(end.getHours() + 1);
    const hours = preset === "custom" ? 24 : Number(preset);
    return { start: new Date(end.getTime() - hours * 3600e3).toISOString(), end: end.toISOString() };
  }

  function query() { return new URLSearchParams(period()).toString(); }

  const locale = () => (I18N.lang === "vi" ? "vi-VN" : "en-GB");
  const when = (iso) => new Date(iso).toLocaleString(locale(), { dateStyle: "short", timeStyle: "short" });
  const hourLabel = (iso) => new Date(iso).toLocaleTimeString(locale(), { hour: "2-digit", minute: "2-digit" });
  const percent = (value) => (value === null || value === undefined ? "—"
    : `${(100 * value).toLocaleString(locale(), { maximumFractionDigits: 1 })} %`);
  const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  function small(value) {  // an error rate: a percentage down to 1 %, then a power of ten (2.4 × 10⁻³)
    if (value === null || value === undefined) return "—";
    if (value === 0 || value >= 0.01) return percent(value);
    const [mantissa, exponent] = value.toExponential(1).split("e");
    const power = String(Number(exponent)).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c]);
    return `${Number(mantissa).toLocaleString(locale())} × 10${power}`;
  }
  const seconds = (value) => (value === null || value === undefined ? "—"
    : t("officer.stats.seconds", { n: Math.round(value).toLocaleString(locale()) }));

  function card(label, value, note) {
    const box = document.createElement("div");
    box.className = "shift-card";
    box.append(text("span", label, "card-label"), text("strong", value, "card-value"));
    if (note) box.appendChild(text("span", note, "card-note"));
    return box;
  }

  function render(stats) {
    const all = stats.verdicts.find((v) => v.gate_id === "*");
    byId("stats-range").textContent = t("officer.stats.range", { start: when(stats.start), end: when(stats.end) });
    const fmr = stats.fmr[stats.fmr.length - 1];
    byId("stats-summary").replaceChildren(
      card(t("officer.stats.transactions"), String(all.open + all.refer + all.reject + all.undecided)),
      card("OPEN", percent(all.open_rate)), card("REFER", percent(all.refer_rate)),
      card("REJECT", percent(all.reject_rate)),
      card(t("officer.stats.decision_time"), seconds(stats.officer.mean_s),
           t("officer.stats.decided_n", { n: stats.officer.decided })),
      card(t("officer.stats.fmr"), fmr ? small(fmr.estimate.rate) : "—",
           fmr ? t("officer.stats.upper_note", { upper: small(fmr.estimate.upper), n: fmr.estimate.trials }) : ""),
      card(t("officer.stats.fnmr"), percent(stats.fnmr.rate),
           t("officer.stats.upper_note", { upper: percent(stats.fnmr.upper), n: stats.fnmr.trials })));
    ShiftPlots.hourly(byId("stats-hourly-plot"), stats.per_hour, t("officer.stats.hourly"), hourLabel);
    const lanes = stats.verdicts.map((v) => ({ ...v, label: v.gate_id === "*" ? t("officer.stats.all_lanes") : v.gate_id }));
    ShiftPlots.verdicts(byId("stats-verdicts-plot"), lanes, t("officer.stats.verdicts"),
                        { none: t("officer.stats.no_decisions") });
    byId("stats-verdicts").replaceChildren(...lanes.map((v) => row(v.label, `${v.open} (${percent(v.open_rate)})`,
      `${v.refer} (${percent(v.refer_rate)})`, `${v.reject} (${percent(v.reject_rate)})`, v.undecided)));
    ShiftPlots.reasons(byId("stats-reasons-plot"), stats.referral_reasons, t("officer.stats.reasons"),
                       t("officer.stats.no_referrals"));
    const accuracy = stats.fmr.map((f) => row(t("officer.stats.fmr_row", { model: f.model_id }), f.fmr_target,
      `${f.estimate.errors} / ${f.estimate.trials}`, small(f.estimate.rate), small(f.estimate.upper)));
    accuracy.push(row(t("officer.stats.fnmr_row"), "—", `${stats.fnmr.errors} / ${stats.fnmr.trials}`,
                      percent(stats.fnmr.rate), percent(stats.fnmr.upper)));
    byId("stats-accuracy").replaceChildren(...accuracy);
    byId("stats-accuracy").closest("section").querySelector(".shift-note").textContent =
      t("officer.stats.accuracy_note", { held: stats.shadow_references });
  }

  async function load() {
    last = await api(`/stats/shift?${query()}`, { headers: Shell.auth() });
    render(last);
  }

  async function download(table) {
    const blob = await api(`/stats/shift/${table}.csv?${query()}`, { headers: Shell.auth() });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = `shift-${table}.csv`;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  function reset() {
    last = null;
    for (const id of ["stats-range", "stats-summary", "stats-hourly-plot", "stats-verdicts-plot", "stats-verdicts",
                      "stats-reasons-plot", "stats-accuracy"]) byId(id).replaceChildren();
    byId("stats-preset").value = "24";
    byId("stats-start").value = "";
    byId("stats-end").value = "";
    customShown();
  }

  function customShown() {
    const custom = byId("stats-preset").value === "custom";
    for (const id of ["stats-start", "stats-end"]) byId(id).closest("label").hidden = !custom;
  }

  document.addEventListener("DOMContentLoaded", () => {
    customShown();
    byId("stats-period").addEventListener("submit", (event) => { event.preventDefault(); Shell.guarded(load); });
    byId("stats-preset").addEventListener("change", () => {
      customShown();
      if (byId("stats-preset").value !== "custom") Shell.guarded(load);
    });
    document.querySelectorAll("#tab-stats button.csv").forEach((button) => {
      button.addEventListener("click", () => Shell.guarded(() => download(button.dataset.table)));
    });
  });

  registerTab("stats", {
    enter: load,
    reset,
    language() { if (last) render(last); },
  });
})();
