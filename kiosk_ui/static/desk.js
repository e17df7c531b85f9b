// The enrolment desk page: load the catalogues, wire every screen, resume a signed-in session.
"use strict";

async function bootDesk() {
  await loadCatalogues();
  wireForm();
  wireFace();
  wireOperator();
  wireExceptionPhoto();
  wireScan();
  wireReview();
  wireSupervisor();
  $("signin-form").addEventListener("submit", (event) => guarded(() => signIn(event)));
  $("sign-out").addEventListener("click", signOut);
  $("home-button").addEventListener("click", () => openHome());
  $("lang").addEventListener("click", () => {
    I18N.lang = I18N.lang === "vi" ? "en" : "vi";
    translateDesk();
    const box = $("error");
    if (box.dataset.codes && !box.classList.contains("hidden")) {
      box.textContent = box.dataset.codes.split(" ").map(codeMessage).join(" ");
    }
  });
  const saved = JSON.parse(sessionStorage.getItem("desk") || "null");
  if (saved && saved.token) {
    Object.assign(desk, saved);
    enterDesk();
  } else {
    translateDesk();
    go("signin");
  }
  document.body.dataset.ready = "true";
}

document.addEventListener("DOMContentLoaded", () => { bootDesk(); });
