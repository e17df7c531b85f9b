// The Referrals tab: the referral queue, one case beside both images, the decision.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  let selected = null;

  async function loadQueue() {
    const referrals = await api("/officer/referrals", { headers: Shell.auth() });
    const items = referrals.map((r) => {
      const li = text("li", `#${r.id} · ${r.gate_id} · ${r.reasons.join(", ")}`);
      li.dataset.id = r.id;
      li.tabIndex = 0;
      if (r.id === selected) li.classList.add("selected");
      li.addEventListener("click", () => Shell.guarded(() => openCase(r.id)));
      li.addEventListener("keydown", (e) => { if (e.key === "Enter") Shell.guarded(() => openCase(r.id)); });
      return li;
    });
    $("queue").replaceChildren(...items);
    show($("empty"), referrals.length === 0);
    Shell.setBadge("referrals", referrals.length);
    if (!referrals.some((r) => r.id === selected)) show($("case"), false);
  }

  async function image(referralId, kind, element) {
    const old = element.src;
    try {
      const blob = await api(`/officer/referrals/${referralId}/captures/${kind}`, { headers: Shell.auth() });
      element.src = URL.createObjectURL(blob);
    } catch (error) {
      element.removeAttribute("src");
      element.alt = `${kind}: ${error.message}`;
    }
    if (old.startsWith("blob:")) URL.revokeObjectURL(old);
  }

  async function openCase(id) {
    const c = await api(`/officer/referrals/${id}`, { headers: Shell.auth() });
    selected = id;
    document.querySelectorAll("#queue li").forEach((li) => li.classList.toggle("selected", Number(li.dataset.id) === id));
    $("case-title").textContent = `Referral #${c.id} · gate ${c.gate_id} · ${new Date(c.created_at).toLocaleString()}`;
    $("case-reasons").textContent = `Gate decision ${c.decision}: ${c.reasons.join(", ")}`;
    $("comparisons").replaceChildren(...c.comparisons.map((m) => row(m.modality, m.score.toFixed(4),
      m.threshold.toFixed(4), m.fmr_target, m.model_id, m.matched ? "yes" : "no")));
    $("liveness").replaceChildren(
      row("PAD score (0 bona fide … 1 attack)", c.pad_score === null ? null : c.pad_score.toFixed(3)),
      row("PAD alarm threshold", c.pad_alarm_threshold),
      row("quality", c.quality ? `${c.quality.result}${c.quality.code ? ` (${c.quality.code})` : ""}` : null));
    $("checks").replaceChildren(...c.checks.map((k) => row(k.stage, k.kind, k.result, k.code)));
    show($("case"), true);
    await Promise.all([
      c.captures.includes("chip_face") ? image(id, "chip_face", $("chip-photo")) : null,
      c.captures.includes("live_face") ? image(id, "live_face", $("live-photo")) : null,
    ]);
  }

  function clearCase() {
    ["chip-photo", "live-photo"].forEach((id) => {
      if ($(id).src.startsWith("blob:")) URL.revokeObjectURL($(id).src);
      $(id).removeAttribute("src");
    });
    ["case-title", "case-reasons"].forEach((id) => { $(id).textContent = ""; });
    ["comparisons", "liveness", "checks"].forEach((id) => $(id).replaceChildren());
    $("reason").value = "";
    show($("case"), false);
    selected = null;
  }

  async function decide(event) {
    event.preventDefault();
    const body = JSON.stringify({ verdict: $("verdict").value, reason: $("reason").value });
    await api(`/officer/referrals/${selected}/decision`, {
      method: "POST", headers: { ...Shell.auth(), "Content-Type": "application/json" }, body,
    });
    clearCase();
    await loadQueue();
  }

  $("decide-form").addEventListener("submit", (e) => Shell.guarded(() => decide(e)));
  $("refresh").addEventListener("click", () => Shell.guarded(loadQueue));

  registerTab("referrals", {
    enter: loadQueue,
    reset() {  // sign-out: nothing of any case stays in the page
      clearCase();
      $("queue").replaceChildren();
      show($("empty"), false);
    },
  });
})();
