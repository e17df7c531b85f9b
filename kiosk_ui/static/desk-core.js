// The enrolment desk's core: the signed-in account, calls to the desk API with typed error codes, screens,
// and codes turned into the clerk's language (every string from i18n/<lang>.json, keys "desk.*").
"use strict";

const $ = (id) => document.getElementById(id);
const SCREENS = ["signin", "operator", "home", "consent", "form", "face", "scan", "review", "case", "adjudication"];
const FIELD_SUFFIXES = ["_REQUIRED", "_TOO_LONG", "_INVALID"];
const desk = { token: null, role: null, user: null, caseId: null, view: null, screen: "signin", onLeave: null,
  operatorEnrolled: false };

class DeskError extends Error {
  // status: the HTTP status; problems: [{code, field}] (a 422 names every problem with its field)
  constructor(status, problems) {
    super(problems.map((p) => p.code).join(" "));
    this.status = status;
    this.problems = problems;
    this.code = problems[0].code;
  }
}

function problemsOf(status, body, signingIn) {
  if (body && Array.isArray(body.detail)) {
    return body.detail.map((d) => {
      const loc = d.loc || [];
      const code = /^[A-Z][A-Z0-9_]+$/.test(d.type || "") ? d.type : "INVALID_REQUEST";
      return { code, field: loc.length > 1 ? String(loc[loc.length - 1]) : null };
    });
  }
  if (body && typeof body.code === "string") return [{ code: body.code, field: null }];
  if (signingIn && status === 401) return [{ code: "SIGN_IN_FAILED", field: null }];
  if (signingIn && status === 429) return [{ code: "SIGN_IN_THROTTLED", field: null }];
  if (status === 401) return [{ code: "SESSION_EXPIRED", field: null }];
  if (status === 403) return [{ code: "DESK_ROLE_REQUIRED", field: null }];
  return [{ code: status >= 500 ? "SERVICE_UNAVAILABLE" : "UNEXPECTED", field: null }];
}

async function call(path, { method = "GET", json, form, token = desk.token, raw = false } = {}) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  let body;
  if (json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(json); }
  if (form !== undefined) body = form;
  let response;
  try {
    response = await fetch(path, { method, headers, body, cache: "no-store" });
  } catch (error) {
    throw new DeskError(0, [{ code: "NETWORK", field: null }]);
  }
  if (response.ok) {
    if (raw) return response.blob();
    return response.status === 204 ? null : response.json();
  }
  let data = null;
  try { data = await response.json(); } catch (error) { data = null; }
  throw new DeskError(response.status, problemsOf(response.status, data, token === null));
}

// A code's message: its own key, else (DG13 field codes like FULL_NAME_REQUIRED) the field's generic one.
function codeMessage(code) {
  const catalogue = I18N.catalogues[I18N.lang] || {};
  if (catalogue[`desk.code.${code}`]) return t(`desk.code.${code}`);
  const suffix = FIELD_SUFFIXES.find((s) => code.endsWith(s));
  if (suffix) {
    const field = code.slice(0, -suffix.length).toLowerCase();
    if (catalogue[`desk.field.${field}`]) return t(`desk.code.FIELD${suffix}`, { field: t(`desk.field.${field}`) });
  }
  return t("desk.code.UNEXPECTED", { code });
}

function showError(error) {
  const box = $("error");
  if (!error) { box.textContent = ""; show(box, false); return; }
  const problems = error instanceof DeskError ? error.problems : [{ code: "UNEXPECTED", field: null }];
  box.textContent = problems.map((p) => codeMessage(p.code)).join(" ");
  box.dataset.codes = problems.map((p) => p.code).join(" ");
  show(box, true);
  if (error instanceof DeskError && error.code === "SESSION_EXPIRED") signOut();
  if (!(error instanceof DeskError)) console.error(error);
}

async function guarded(action) {
  showError(null);
  try { await action(); } catch (error) { showError(error); }
}

function show(element, visible) { element.classList.toggle("hidden", !visible); }

function el(tag, content, className) {
  const node = document.createElement(tag);
  if (content !== undefined && content !== null) node.textContent = content;
  if (className) node.className = className;
  return node;
}

function announce(message) { $("announce").textContent = message; }

function go(screen) {
  if (desk.onLeave && screen !== desk.screen) { const leave = desk.onLeave; desk.onLeave = null; leave(); }
  desk.screen = screen;
  SCREENS.forEach((name) => show($(name), name === screen));
  document.body.dataset.screen = screen;
  const heading = $(screen).querySelector("h1");
  if (heading) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
  window.scrollTo(0, 0);
}

function stateLabel(state) { return t(`desk.state.${state}`); }

function slotLabel(slot) {
  const [kind, which] = slot.split(":");
  if (kind === "face") return t("desk.slot.face");
  return kind === "finger" ? t(`desk.finger.${which}`) : t(`desk.eye.${which}`);
}

function fillFacts(list, view) {
  const d = view.demographics || {};
  const rows = [["full_name", d.full_name], ["id_number", d.id_number], ["birth_date", formatDate(d.birth_date)],
    ["sex", d.sex ? t(`desk.sex.${d.sex}`) : null], ["nationality", d.nationality && t(`desk.country.${d.nationality}`)],
    ["place_of_origin", d.place_of_origin], ["expiry_date", formatDate(d.expiry_date)]];
  list.replaceChildren();
  rows.forEach(([field, value]) => {
    list.append(el("dt", t(`desk.field.${field}`)), el("dd", value || "—"));
  });
  if (view.mrz_name) list.append(el("dt", t("desk.form.mrz")), el("dd", view.mrz_name, "mono"));
}

function formatDate(iso) {
  if (!iso) return null;
  const [y, m, d] = iso.split("-");
  return I18N.lang === "vi" ? `${d}/${m}/${y}` : iso;
}

async function loadPortrait(img, caseId, path) {
  img.removeAttribute("src");
  try {
    const blob = await call(path || `/desk/cases/${caseId}/portrait`, { raw: true });
    img.src = URL.createObjectURL(blob);
  } catch (error) {
    img.alt = t("desk.review.no_portrait");
  }
}

function translateDesk() {
  translatePage();
  document.title = t("desk.title");
  document.querySelectorAll("[data-i18n-alt]").forEach((node) => { node.alt = t(node.dataset.i18nAlt); });
  $("who").textContent = desk.user ? `${desk.user} · ${t(`desk.role.${desk.role}`)}` : "";
  document.dispatchEvent(new CustomEvent("desk-language"));
}

async function signIn(event) {
  event.preventDefault();
  const body = new URLSearchParams({ username: $("username").value, password: $("password").value });
  const token = await call("/auth/token", { method: "POST", form: body, token: null });
  if (!["clerk", "supervisor"].includes(token.role)) throw new DeskError(403, [{ code: "DESK_ROLE_REQUIRED" }]);
  Object.assign(desk, { token: token.access_token, role: token.role, user: $("username").value });
  sessionStorage.setItem("desk", JSON.stringify({ token: desk.token, role: desk.role, user: desk.user }));
  $("password").value = "";
  enterDesk();
}

function signOut() {
  if (desk.token) fetch("/auth/sign-out", { method: "POST", headers: { Authorization: `Bearer ${desk.token}` } })
    .catch(() => {});
  Object.assign(desk, { token: null, role: null, user: null, caseId: null, view: null, operatorEnrolled: false });
  sessionStorage.removeItem("desk");
  [$("sign-out"), $("home-button")].forEach((b) => show(b, false));
  translateDesk();
  go("signin");
}

function enterDesk() {
  [$("sign-out"), $("home-button")].forEach((b) => show(b, true));
  translateDesk();
  openHome();
}
