// The Admin tab, administrator part: gates and their API keys (create, rotate; a new key is shown once)
// and officer accounts (create, change role, disable). Used by officer-admin.js.
"use strict";

const AdminAccounts = (() => {
  const byId = (id) => document.getElementById(id);
  const ROLES = ["officer", "supervisor", "admin"];
  const json = () => ({ ...Shell.auth(), "Content-Type": "application/json" });

  function showKey(gateId, apiKey) {
    byId("admin-key-label").textContent = t("officer.admin.gates.key_once", { gate: gateId });
    byId("admin-key-value").textContent = apiKey;
    byId("admin-key").hidden = false;
    byId("admin-key-done").focus();
  }

  function hideKey() {
    byId("admin-key").hidden = true;
    byId("admin-key-label").textContent = "";
    byId("admin-key-value").textContent = "";
  }

  function button(label, action, extraLabel) {
    const node = text("button", label);
    node.type = "button";
    if (extraLabel) node.setAttribute("aria-label", extraLabel);
    node.addEventListener("click", () => Shell.guarded(action));
    return node;
  }

  async function showGates() {
    const gates = await api("/admin/gates", { headers: Shell.auth() });
    byId("admin-gates").replaceChildren(...gates.map((gate) => {
      const tr = row(gate.id, gate.name);
      const cell = document.createElement("td");
      cell.appendChild(button(t("officer.admin.gates.rotate"), async () => {
        if (!window.confirm(t("officer.admin.gates.rotate_confirm", { gate: gate.id }))) return;
        const rotated = await api(`/admin/gates/${encodeURIComponent(gate.id)}/key`,
                                  { method: "POST", headers: Shell.auth() });
        showKey(rotated.id, rotated.api_key);
      }, t("officer.admin.gates.rotate_for", { gate: gate.id })));
      tr.appendChild(cell);
      return tr;
    }));
  }

  async function createGate(event) {
    event.preventDefault();
    const body = { id: byId("admin-gate-id").value.trim() };
    if (byId("admin-gate-name").value.trim()) body.name = byId("admin-gate-name").value.trim();
    const created = await api("/admin/gates", { method: "POST", headers: json(), body: JSON.stringify(body) });
    byId("admin-gate-form").reset();
    showKey(created.id, created.api_key);
    await showGates();
  }

  function roleSelect(current, labelText) {
    const select = document.createElement("select");
    select.setAttribute("aria-label", labelText);
    for (const role of ROLES) {
      const option = text("option", t(`officer.role.${role}`));
      option.value = role;
      option.selected = role === current;
      select.appendChild(option);
    }
    return select;
  }

  async function showOfficers() {
    const me = sessionStorage.getItem("who");
    const officers = await api("/admin/officers", { headers: Shell.auth() });
    byId("admin-officers").replaceChildren(...officers.map((o) => {
      const tr = row(o.username);
      const roleCell = document.createElement("td");
      const select = roleSelect(o.role, t("officer.admin.officers.role_for", { name: o.username }));
      select.disabled = o.username === me || !o.active;
      select.addEventListener("change", () => Shell.guarded(async () => {
        await api(`/admin/officers/${encodeURIComponent(o.username)}/role`,
                  { method: "PUT", headers: json(), body: JSON.stringify({ role: select.value }) });
        Shell.announce(t("officer.admin.saved"));
        await showOfficers();
      }));
      roleCell.appendChild(select);
      tr.appendChild(roleCell);
      tr.appendChild(text("td", o.active ? t("officer.admin.officers.active") : t("officer.admin.officers.disabled")));
      const actions = document.createElement("td");
      if (o.active && o.username !== me) {
        actions.appendChild(button(t("officer.admin.officers.disable"), async () => {
          if (!window.confirm(t("officer.admin.officers.disable_confirm", { name: o.username }))) return;
          await api(`/admin/officers/${encodeURIComponent(o.username)}/disable`, { method: "POST", headers: Shell.auth() });
          await showOfficers();
        }, t("officer.admin.officers.disable_for", { name: o.username })));
      }
      tr.appendChild(actions);
      return tr;
    }));
  }

  async function createOfficer(event) {
    event.preventDefault();
    const body = { username: byId("admin-officer-name").value.trim(), password: byId("admin-officer-password").value,
                   role: byId("admin-officer-role").value };
    await api("/admin/officers", { method: "POST", headers: json(), body: JSON.stringify(body) });
    byId("admin-officer-form").reset();
    Shell.announce(t("officer.admin.saved"));
    await showOfficers();
  }

  function fillRoles() {
    byId("admin-officer-role").replaceChildren(...ROLES.map((role) => {
      const option = text("option", t(`officer.role.${role}`));
      option.value = role;
      return option;
    }));
  }

  async function enter() {
    fillRoles();
    if (Shell.hasRole("admin")) await Promise.all([showGates(), showOfficers()]);
  }

  function reset() {
    hideKey();
    for (const id of ["admin-gates", "admin-officers"]) byId(id).replaceChildren();
    byId("admin-gate-form").reset();
    byId("admin-officer-form").reset();
  }

  document.addEventListener("DOMContentLoaded", () => {
    byId("admin-key-done").addEventListener("click", hideKey);
    byId("admin-gate-form").addEventListener("submit", (e) => Shell.guarded(() => createGate(e)));
    byId("admin-officer-form").addEventListener("submit", (e) => Shell.guarded(() => createOfficer(e)));
  });

  return { enter, reset };
})();
