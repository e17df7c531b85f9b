// The officer console's shell: sign-in and sign-out, the language, the tabs and their registration hook.
// Each tab lives in its own file and plugs in with registerTab(name, hooks); see docs/officer/README.md.
"use strict";

const Shell = (() => {
  const RANK = { officer: 1, second_line: 2, supervisor: 3, admin: 4 };
  const tabs = new Map();  // name -> { enter, reset, start, language }
  const byId = (id) => document.getElementById(id);
  let current = null;

  function token() { return sessionStorage.getItem("token"); }
  function role() { return sessionStorage.getItem("role") || ""; }
  function hasRole(minimum) { return (RANK[role()] || 0) >= (RANK[minimum] || 99); }
  function auth() { return { Authorization: `Bearer ${token()}` }; }
  function signedIn() { return Boolean(token()); }
  // A gate reason code in the officer's language, the code kept beside it (officers search by codes).
  function reasonLabel(code) {
    const key = `officer.gate_reason.${code}`;
    const label = t(key);
    return label === key ? code : label;
  }
  function reasonText(code) {
    const label = reasonLabel(code);
    return label === code ? code : `${label} (${code})`;
  }

  function statusOf(error) {
    const match = /^(\d{3}):/.exec(error && error.message ? error.message : "");
    return match ? Number(match[1]) : 0;
  }

  function errorKey(status) {
    return [401, 403, 404, 409, 422, 429, 503].includes(status) ? `officer.error.${status}` : "officer.error.generic";
  }

  function showError(key) {
    const node = byId("error");
    node.dataset.code = key || "";
    node.textContent = key ? t(key) : "";
  }

  async function guarded(action) {
    showError("");
    try { await action(); } catch (error) {
      const status = statusOf(error);
      showError(errorKey(status));
      if (status === 401) signOut();
    }
  }

  function announce(message) {
    const node = byId("alarm-announcer");
    node.textContent = "";
    if (message) setTimeout(() => { node.textContent = message; }, 50);  // re-announce the same text too
  }

  function setBadge(name, count) {
    const badge = byId(`badge-${name}`);
    if (!badge) return;
    badge.textContent = count > 0 ? String(count) : "";
    badge.hidden = !(count > 0);
  }

  function visibleTabs() {
    return [...document.querySelectorAll("[role=tab]")].filter((b) => !b.dataset.minRole || hasRole(b.dataset.minRole));
  }

  function showTab(name) {
    const allowed = visibleTabs().map((b) => b.dataset.tab);
    const target = allowed.includes(name) ? name : allowed[0];
    document.querySelectorAll("[role=tab]").forEach((button) => {
      const selected = button.dataset.tab === target;
      button.setAttribute("aria-selected", String(selected));
      button.tabIndex = selected ? 0 : -1;
      byId(`tab-${button.dataset.tab}`).hidden = !selected;
    });
    current = target;
    sessionStorage.setItem("tab", target);
    const hooks = tabs.get(target);
    if (hooks) guarded(() => hooks.enter());
  }

  function registerTab(name, hooks) {
    tabs.set(name, { enter() {}, reset() {}, start: null, language: null, ...hooks });
  }

  async function signIn(event) {
    event.preventDefault();
    const body = new URLSearchParams({ username: byId("username").value, password: byId("password").value });
    let issued;
    try {
      issued = await api("/auth/token", { method: "POST", body });
    } catch (error) {
      const status = statusOf(error);
      showError(status === 401 ? "officer.error.sign_in" : errorKey(status));
      return;
    }
    sessionStorage.setItem("token", issued.access_token);
    sessionStorage.setItem("role", issued.role);
    sessionStorage.setItem("who", byId("username").value);
    byId("password").value = "";
    enterConsole();
  }

  function renderWho() {
    byId("who").textContent = signedIn()
      ? t("officer.signed_in_as", { name: sessionStorage.getItem("who") || "", role: t(`officer.role.${role()}`) }) : "";
  }

  function enterConsole() {
    showError("");
    byId("login").hidden = true;
    byId("console").hidden = false;
    byId("logout").hidden = false;
    document.querySelectorAll("[role=tab][data-min-role]").forEach((b) => { b.hidden = !hasRole(b.dataset.minRole); });
    renderWho();
    for (const [name, hooks] of tabs) {
      const button = byId(`tabbtn-${name}`);
      if (hooks.start && button && !button.hidden) guarded(() => hooks.start());
    }
    showTab(sessionStorage.getItem("tab") || "lanes");
  }

  function signOut() {
    const held = token();
    if (held) {  // revoke the token on the server too; the page forgets it regardless
      fetch("/auth/sign-out", { method: "POST", headers: { Authorization: `Bearer ${held}` } }).catch(() => {});
    }
    ["token", "role", "who", "tab"].forEach((key) => sessionStorage.removeItem(key));
    for (const hooks of tabs.values()) {
      try { hooks.reset(); } catch (_) { /* every tab is reset, whatever one of them throws */ }
    }
    document.querySelectorAll("#console img").forEach((img) => {
      if (img.src.startsWith("blob:")) URL.revokeObjectURL(img.src);
      img.removeAttribute("src");
    });
    document.querySelectorAll("[role=tab]").forEach((b) => setBadge(b.dataset.tab, 0));
    document.querySelectorAll(".tab").forEach((section) => { section.hidden = true; });
    current = null;
    byId("console").hidden = true;
    byId("logout").hidden = true;
    byId("login").hidden = false;
    byId("alarm-announcer").textContent = "";
    renderWho();
  }

  function translate() {
    translatePage();
    document.title = t("officer.title");
    renderWho();
    if (byId("error").dataset.code) showError(byId("error").dataset.code);
    for (const hooks of tabs.values()) if (hooks.language) hooks.language();
  }

  function moveFocus(event) {
    if (!["ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) return;
    const buttons = visibleTabs();
    const at = buttons.indexOf(document.activeElement);
    const next = event.key === "Home" ? 0 : event.key === "End" ? buttons.length - 1
      : (at + (event.key === "ArrowRight" ? 1 : -1) + buttons.length) % buttons.length;
    buttons[next].focus();
    showTab(buttons[next].dataset.tab);
    event.preventDefault();
  }

  async function boot() {
    byId("login-form").addEventListener("submit", signIn);
    byId("logout").addEventListener("click", signOut);
    byId("lang").addEventListener("click", () => {
      setLanguage(I18N.lang === "vi" ? "en" : "vi");
      localStorage.setItem("officer.lang", I18N.lang);
      translate();
    });
    document.querySelectorAll("[role=tab]").forEach((b) => b.addEventListener("click", () => showTab(b.dataset.tab)));
    document.querySelector("[role=tablist]").addEventListener("keydown", moveFocus);
    try { await loadCatalogues(); } catch (_) { /* the page's Vietnamese text stays */ }
    I18N.lang = localStorage.getItem("officer.lang") === "en" ? "en" : "vi";
    translate();
    if (signedIn()) enterConsole();
  }

  document.addEventListener("DOMContentLoaded", boot);
  return { registerTab, auth, role, hasRole, guarded, announce, setBadge, showError, signOut,
           signedIn, reasonLabel, reasonText, current: () => current };
})();

const registerTab = Shell.registerTab;
