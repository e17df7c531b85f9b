// The face: the webcam's live view judged by the issuance rules (the server's codes shown as guidance),
// captured by itself once a frame qualifies; or a photo file the applicant brought.
"use strict";

const CHECK_EVERY_MS = 700;
const face = { stream: null, timer: null, busy: false, run: 0, canvas: document.createElement("canvas") };

function renderCodes(list, codes) {
  list.replaceChildren(...codes.map((code) => {
    const item = el("li", codeMessage(code));
    item.dataset.code = code;
    return item;
  }));
}

function setFaceStatus(key, values) {
  const status = $("face-status");
  status.dataset.key = key || "";
  status.textContent = key ? t(key, values) : "";
}

async function frameBlob() {
  const video = $("video");
  if (!video.videoWidth) return null;
  face.canvas.width = video.videoWidth;
  face.canvas.height = video.videoHeight;
  face.canvas.getContext("2d").drawImage(video, 0, 0);
  return new Promise((resolve) => { face.canvas.toBlob(resolve, "image/jpeg", 0.92); });
}

function imageForm(blob, name = "frame.jpg") {
  const form = new FormData();
  form.append("image", blob, name);
  return form;
}

async function submitFace(blob, name) {
  const result = await call(`/desk/cases/${desk.caseId}/captures/face`, { method: "POST", form: imageForm(blob, name) });
  desk.view = result.case;
  renderCodes($("face-guidance"), result.codes);
  if (result.accepted) {
    stopCamera();
    setFaceStatus("desk.face.accepted");
    announce(t("desk.face.accepted"));
    await loadPortrait($("face-taken"), desk.caseId);
    show($("face-taken"), true);
    show($("video"), false);
    show($("face-again"), true);
    show($("face-capture"), false);
    $("face-next").disabled = false;
  } else {
    setFaceStatus("desk.face.refused");
    announce(t("desk.face.refused"));
  }
  return result.accepted;
}

async function checkFrame(run) {
  if (face.busy || run !== face.run) return;
  face.busy = true;
  try {
    const blob = await frameBlob();
    if (!blob || run !== face.run) return;
    const check = await call("/desk/face-check", { method: "POST", form: imageForm(blob) });
    if (run !== face.run) return;
    renderCodes($("face-guidance"), check.codes);
    if (check.accepted) {
      setFaceStatus("desk.face.capturing");
      await submitFace(blob, "frame.jpg");
    } else {
      setFaceStatus("desk.face.adjust");
    }
  } catch (error) {
    showError(error);
  } finally {
    face.busy = false;
  }
}

function stopCamera() {
  face.run += 1;
  clearInterval(face.timer);
  face.timer = null;
  if (face.stream) face.stream.getTracks().forEach((track) => track.stop());
  face.stream = null;
}

async function startCamera() {
  stopCamera();
  const run = face.run;
  show($("video"), true);
  show($("face-taken"), false);
  show($("face-again"), false);
  show($("face-capture"), true);
  setFaceStatus("desk.face.starting");
  try {
    face.stream = await navigator.mediaDevices.getUserMedia({ audio: false,
      video: { width: { ideal: 1280 }, height: { ideal: 960 } } });
  } catch (error) {
    setFaceStatus("desk.face.no_camera");
    return;
  }
  if (run !== face.run) { face.stream.getTracks().forEach((track) => track.stop()); return; }
  $("video").srcObject = face.stream;
  await $("video").play().catch(() => {});
  setFaceStatus("desk.face.adjust");
  face.timer = setInterval(() => checkFrame(run), CHECK_EVERY_MS);
}

function startFace() {
  renderCodes($("face-guidance"), []);
  $("face-next").disabled = true;
  $("face-file").value = "";
  go("face");
  desk.onLeave = stopCamera;
  const done = desk.view && desk.view.slots.some((s) => s.slot === "face" && s.accepted);
  if (done) {
    setFaceStatus("desk.face.accepted");
    loadPortrait($("face-taken"), desk.caseId);
    show($("face-taken"), true);
    show($("video"), false);
    show($("face-again"), true);
    show($("face-capture"), false);
    $("face-next").disabled = false;
  } else {
    startCamera();
  }
}

async function captureNow() {
  const blob = await frameBlob();
  if (!blob) { setFaceStatus("desk.face.no_camera"); return; }
  await submitFace(blob, "frame.jpg");
}

async function captureFile() {
  const file = $("face-file").files[0];
  if (!file) return;
  stopCamera();
  const shown = $("face-taken"); // the view shows the file judged, not a stopped camera
  if (shown.src.startsWith("blob:")) URL.revokeObjectURL(shown.src);
  shown.src = URL.createObjectURL(file);
  show(shown, true);
  show($("video"), false);
  show($("face-capture"), false);
  const accepted = await submitFace(file, file.name || "photo.jpg");
  if (!accepted) { setFaceStatus("desk.face.file_refused"); show($("face-again"), true); }
}

function wireFace() {
  $("face-capture").addEventListener("click", () => guarded(captureNow));
  $("face-again").addEventListener("click", () => guarded(startCamera));
  $("face-file").addEventListener("change", () => guarded(captureFile));
  $("face-next").addEventListener("click", () => startScan("finger"));
  document.addEventListener("desk-language", () => {
    const key = $("face-status").dataset.key;
    if (key) setFaceStatus(key);
    document.querySelectorAll("#face-guidance li").forEach((li) => { li.textContent = codeMessage(li.dataset.code); });
  });
}
