// The kiosk's message catalogue: every string the traveller sees comes from i18n/<lang>.json, by key.
"use strict";

const I18N = { lang: "vi", catalogues: {}, order: ["vi", "en"] };

async function loadCatalogues() {
  for (const lang of I18N.order) {
    const response = await fetch(`i18n/${lang}.json`, { cache: "no-cache" });
    I18N.catalogues[lang] = await response.json();
  }
}

function t(key, values = {}) {
  const catalogue = I18N.catalogues[I18N.lang] || {};
  const fallback = I18N.catalogues.vi || {};
  const template = catalogue[key] ?? fallback[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

function translatePage() {
  document.documentElement.lang = I18N.lang;
  document.title = t("app.title");
  document.querySelectorAll("[data-i18n]").forEach((node) => { node.textContent = t(node.dataset.i18n); });
  document.querySelectorAll("[data-i18n-label]").forEach((node) => {
    node.setAttribute("aria-label", t(node.dataset.i18nLabel));
  });
  const other = I18N.order.find((lang) => lang !== I18N.lang);
  document.getElementById("lang").lang = other;
}

function setLanguage(lang) {
  I18N.lang = lang;
  translatePage();
}
