// An exception's photo: once the clerk records that a finger or an eye cannot be captured (missing,
// damaged, bandaged...), the panel offers to photograph the hand or the eye with the webcam (or to upload a
// photo file); the supervisor signing the exception off sees that photo beside the reason.
"use strict";

const xphoto = { slot: null, stream: null, url: null };

function setPhotoStatus(key) {
  const status = $("xphoto-status");
  status.dataset.key = key || "";
  status.textContent = key ? t(key) : "";
}

function stopPhotoCamera() {
  if (xphoto.stream) xphoto.stream.getTracks().forEach((track) => track.stop());
  xphoto.stream = null;
  show($("xphoto-camera"), false);
  show($("xphoto-take"), false);
  show($("xphoto-open"), true);
}

async function loadExceptionPhoto(slot) {
  const img = $("signoff-photo");
  if (xphoto.url) URL.revokeObjectURL(xphoto.url);
  xphoto.url = null;
  img.removeAttribute("src");
  try {
    const blob = await call(`/desk/cases/${desk.caseId}/exceptions/${slot}/photo`, { raw: true });
    if (slot !== xphoto.slot) return;
    xphoto.url = URL.createObjectURL(blob);
    img.src = xphoto.url;
    show($("signoff-figure"), true);
  } catch (error) {
    show($("signoff-figure"), false); // no photo taken (404)
  }
}

// Called by the scan panel for the selected slot: the photo box while its exception waits for sign-off.
function renderExceptionPhoto(s) {
  const pending = Boolean(s.exception && !s.exception.signed_off_by);
  show($("xphoto-box"), pending);
  if (s.slot !== xphoto.slot || !pending) {
    stopPhotoCamera();
    setPhotoStatus(null);
    show($("signoff-figure"), false);
    xphoto.slot = pending ? s.slot : null;
    if (pending) loadExceptionPhoto(s.slot);
  }
}

async function uploadExceptionPhoto(blob, name) {
  const slot = xphoto.slot;
  setPhotoStatus("desk.xphoto.sending");
  try {
    desk.view = await call(`/desk/cases/${desk.caseId}/exceptions/${slot}/photo`,
      { method: "POST", form: imageForm(blob, name) });
  } catch (error) {
    setPhotoStatus(null);
    throw error;
  }
  setPhotoStatus("desk.xphoto.saved");
  announce(t("desk.xphoto.saved"));
  await loadExceptionPhoto(slot);
}

async function openPhotoCamera() {
  stopPhotoCamera();
  const stream = await openWebcam();
  if (!stream) { setPhotoStatus("desk.face.no_camera"); return; }
  xphoto.stream = stream;
  desk.onLeave = stopPhotoCamera;
  $("xphoto-video").srcObject = stream;
  show($("xphoto-camera"), true);
  show($("xphoto-take"), true);
  show($("xphoto-open"), false);
  await $("xphoto-video").play().catch(() => {});
  setPhotoStatus("desk.xphoto.ready");
}

async function takeExceptionPhoto() {
  const blob = await frameOf($("xphoto-video"));
  if (!blob) { setPhotoStatus("desk.face.no_camera"); return; }
  stopPhotoCamera();
  await uploadExceptionPhoto(blob, "exception.jpg");
}

async function fileExceptionPhoto() {
  const file = $("xphoto-file").files[0];
  if (!file) return;
  stopPhotoCamera();
  try {
    await uploadExceptionPhoto(file, file.name || "exception.jpg");
  } finally {
    $("xphoto-file").value = "";
  }
}

function wireExceptionPhoto() {
  $("xphoto-open").addEventListener("click", () => guarded(openPhotoCamera));
  $("xphoto-take").addEventListener("click", () => guarded(takeExceptionPhoto));
  $("xphoto-file").addEventListener("change", () => guarded(fileExceptionPhoto));
  document.addEventListener("desk-language", () => {
    const key = $("xphoto-status").dataset.key;
    if (key) setPhotoStatus(key);
  });
}
