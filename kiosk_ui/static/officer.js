// The officer console: sign in, the referral queue, one case beside both images, the decision.
"use strict";

const $ = (id) => document.getElementById(id);
let selected = null;

function auth() { return { Authorization: `Bearer ${sessionStorage.getItem("token")}` }; }

async function guarded(action) {
  $("error").textContent = "";
  try { await action(); } catch (error) {
    $("error").textContent = error.message;
    if (error.message.startsWith("401")) signOut();
  }
}

async function signIn(event) {
  event.preventDefault();
  const body = new URLSearchParams({ username: $("username").value, password: $("password").value });
  const token = await api("/auth/token", { method: "POST", body });
  sessionStorage.setItem("token", token.access_token);
  sessionStorage.setItem("who", `${$("username").value} (${token.role})`);
  $("password").value = "";
  await enter();
}

function signOut() {
  if (sessionStorage.getItem("token")) {  // revoke the token on the server too; the page forgets it regardless
    fetch("/auth/sign-out", { method: "POST", headers: auth() }).catch(() => {});
  }
  sessionStorage.removeItem("token");
  show($("console"), false);
  show($("logout"), false);
  show($("login"), true);
  $("who").textContent = "";
}

async function enter() {
  show($("login"), false);
  show($("console"), true);
  show($("logout"), true);
  $("who").textContent = sessionStorage.getItem("who") || "";
  await loadQueue();
}

async function loadQueue() {
  const referrals = await api("/officer/referrals", { headers: auth() });
  const items = referrals.map((r) => {
    const li = text("li", `#${r.id} · ${r.gate_id} · ${r.reasons.join(", ")}`);
    li.dataset.id = r.id;
    if (r.id === selected) li.classList.add("selected");
    li.addEventListener("click", () => guarded(() => openCase(r.id)));
    return li;
  });
  $("queue").replaceChildren(...items);
  show($("empty"), referrals.length === 0);
  if (!referrals.some((r) => r.id === selected)) show($("case"), false);
}

async function image(referralId, kind, element) {
  const old = element.src;
  try {
    const blob = await api(`/officer/referrals/${referralId}/captures/${kind}`, { headers: auth() });
    element.src = URL.createObjectURL(blob);
  } catch (error) {
    element.removeAttribute("src");
    element.alt = `${kind}: ${error.message}`;
  }
  if (old.startsWith("blob:")) URL.revokeObjectURL(old);
}

async function openCase(id) {
  const c = await api(`/officer/referrals/${id}`, { headers: auth() });
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

async function decide(event) {
  event.preventDefault();
  const body = JSON.stringify({ verdict: $("verdict").value, reason: $("reason").value });
  await api(`/officer/referrals/${selected}/decision`, {
    method: "POST", headers: { ...auth(), "Content-Type": "application/json" }, body,
  });
  $("reason").value = "";
  ["chip-photo", "live-photo"].forEach((id) => {
    if ($(id).src.startsWith("blob:")) URL.revokeObjectURL($(id).src);
    $(id).removeAttribute("src");
  });
  show($("case"), false);
  selected = null;
  await loadQueue();
}

$("login-form").addEventListener("submit", (e) => guarded(() => signIn(e)));
$("decide-form").addEventListener("submit", (e) => guarded(() => decide(e)));
$("refresh").addEventListener("click", () => guarded(loadQueue));
$("logout").addEventListener("click", signOut);
if (sessionStorage.getItem("token")) guarded(enter);
