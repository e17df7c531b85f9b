// Consent and the demographic form: the DG13 fields of the CCCD, dates from date pickers, sex and
// nationality from lists; the server validates and each of its codes is shown beside its field.
"use strict";

const FIELDS = [ // name, kind, required
  ["id_number", "text", true], ["full_name", "text", true], ["birth_date", "date", true], ["sex", "sex", true],
  ["nationality", "nationality", true], ["ethnicity", "text", true], ["religion", "text", false],
  ["place_of_origin", "text", true], ["place_of_residence", "text", true], ["issue_date", "date", true],
  ["expiry_date", "date", true], ["old_id_number", "text", false], ["father_name", "text", false],
  ["mother_name", "text", false], ["spouse_name", "text", false], ["identifying_features", "text", false],
];
const NATIONALITIES = ["VNM", "LAO", "KHM", "CHN", "THA", "KOR", "JPN", "USA", "FRA", "DEU", "AUS"];
const SEXES = ["M", "F"];

function option(value, label) {
  const node = el("option", label);
  node.value = value;
  return node;
}

function buildForm() {
  const box = $("form-fields");
  box.replaceChildren();
  FIELDS.forEach(([name, kind, required]) => {
    const wrap = el("div", null, "field");
    const label = el("label", null);
    label.htmlFor = `f-${name}`;
    label.dataset.field = name;
    let input;
    if (kind === "sex" || kind === "nationality") {
      input = document.createElement("select");
      if (kind === "sex") input.append(option("", ""), ...SEXES.map((s) => option(s, s)));
      else input.append(...NATIONALITIES.map((c) => option(c, c)));
    } else {
      input = document.createElement("input");
      input.type = kind === "date" ? "date" : "text";
      if (name.endsWith("_name")) input.autocomplete = "off";
    }
    input.id = `f-${name}`;
    input.name = name;
    if (required) input.setAttribute("aria-required", "true");
    input.setAttribute("aria-describedby", `e-${name}`);
    const error = el("p", null, "field-error");
    error.id = `e-${name}`;
    wrap.append(label, input, error);
    box.append(wrap);
  });
  translateForm();
}

function translateForm() {
  FIELDS.forEach(([name, kind, required]) => {
    const label = document.querySelector(`label[data-field="${name}"]`);
    label.textContent = t(`desk.field.${name}`) + (required ? " *" : "");
    const input = $(`f-${name}`);
    if (kind === "sex") [...input.options].forEach((o) => { o.textContent = o.value ? t(`desk.sex.${o.value}`) : t("desk.form.choose"); });
    if (kind === "nationality") [...input.options].forEach((o) => { o.textContent = t(`desk.country.${o.value}`); });
    const error = $(`e-${name}`);
    if (error.dataset.codes) error.textContent = error.dataset.codes.split(" ").map(codeMessage).join(" ");
  });
  if (desk.view && desk.view.mrz_name) $("mrz").textContent = t("desk.form.mrz_line", { name: desk.view.mrz_name });
}

function clearFieldErrors() {
  FIELDS.forEach(([name]) => {
    const error = $(`e-${name}`);
    error.textContent = "";
    delete error.dataset.codes;
    $(`f-${name}`).removeAttribute("aria-invalid");
  });
}

function showFieldErrors(problems) {
  const byField = {};
  problems.forEach((p) => {
    if (p.field && $(`e-${p.field}`)) (byField[p.field] = byField[p.field] || []).push(p.code);
  });
  Object.entries(byField).forEach(([field, codes]) => {
    const error = $(`e-${field}`);
    error.dataset.codes = codes.join(" ");
    error.textContent = codes.map(codeMessage).join(" ");
    $(`f-${field}`).setAttribute("aria-invalid", "true");
  });
  const first = Object.keys(byField)[0];
  if (first) $(`f-${first}`).focus();
}

function formValues() {
  const values = {};
  FIELDS.forEach(([name, kind]) => {
    const input = $(`f-${name}`);
    // a date the picker could not read (31/02) goes to the server as such, which answers ..._DATE_INVALID
    values[name] = kind === "date" && input.validity.badInput ? "unreadable" : input.value.trim();
  });
  return values;
}

function fillForm(view) {
  clearFieldErrors();
  const d = (view && view.demographics) || {};
  FIELDS.forEach(([name, kind]) => {
    const input = $(`f-${name}`);
    input.value = d[name] || (kind === "nationality" ? "VNM" : "");
  });
  if (!d.issue_date) $("f-issue_date").value = new Date().toISOString().slice(0, 10);
  show($("mrz"), Boolean(view && view.mrz_name));
  translateForm();
}

function startApplication() {
  desk.caseId = null;
  desk.view = null;
  $("consent-given").checked = false;
  desk.startedAt = performance.now();
  go("consent");
}

async function recordConsent() {
  const view = await call("/desk/cases", { method: "POST", json: { consent: $("consent-given").checked } });
  desk.caseId = view.id;
  desk.view = view;
  fillForm(view);
  go("form");
}

async function saveDemographics(event) {
  event.preventDefault();
  clearFieldErrors();
  try {
    desk.view = await call(`/desk/cases/${desk.caseId}/demographics`, { method: "PUT", json: formValues() });
  } catch (error) {
    if (error instanceof DeskError && error.status === 422) {
      showFieldErrors(error.problems);
      const general = error.problems.filter((p) => !p.field || !$(`e-${p.field}`));
      if (general.length) throw new DeskError(422, general);
      announce(t("desk.form.fix"));
      return;
    }
    throw error;
  }
  show($("mrz"), true);
  translateForm();
  startFace();
}

function wireForm() {
  buildForm();
  $("consent-next").addEventListener("click", () => guarded(recordConsent));
  $("consent-cancel").addEventListener("click", () => openHome());
  $("demographics").addEventListener("submit", (event) => guarded(() => saveDemographics(event)));
  document.addEventListener("desk-language", translateForm);
}
