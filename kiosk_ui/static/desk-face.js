// A portrait from the webcam: the live view judged by the issuance rules (the server's codes shown as
// guidance), captured by itself once a frame qualifies; "capture now" and a photo file go through the same
// gate. One controller per screen: the applicant's portrait (prefix "face") and the operator's own
// reference (prefix "op", desk-operator.js); each brings its own submit(blob, name) → {accepted, codes}.
"use strict";

const CHECK_EVERY_MS = 700;
const frameCanvas = document.createElement("canvas");

function renderCodes(list, codes) {
  list.replaceChildren(...codes.map((code) => {
    const item = el("li", codeMessage(code));
    item.dataset.code = code;
    return item;
  }));
}

async function openWebcam() { // null when there is no camera (or no permission)
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: false,
      video: { width: { ideal: 1280 }, height: { ideal: 960 } } });
  } catch (error) {
    return null;
  }
}

async function frameOf(video) { // the video's current frame as a JPEG blob
  if (!video.videoWidth) return null;
  frameCanvas.width = video.videoWidth;
  frameCanvas.height = video.videoHeight;
  frameCanvas.getContext("2d").drawImage(video, 0, 0);
  return new Promise((resolve) => { frameCanvas.toBlob(resolve, "image/jpeg", 0.92); });
}

function imageForm(blob, name = "frame.jpg") {
  const form = new FormData();
  form.append("image", blob, name);
  return form;
}

function faceCamera(prefix, submit) {
  const ui = (name) => $(`${prefix}-${name}`);
  const cam = { stream: null, timer: null, busy: false, run: 0 };

  function setStatus(key) {
    ui("status").dataset.key = key || "";
    ui("status").textContent = key ? t(key) : "";
  }

  function showTaken(done) { // the photo taken (or the file judged) instead of the live view
    show(ui("taken"), true);
    show(ui("video"), false);
    show(ui("capture"), false);
    show(ui("again"), done);
  }

  function stop() {
    cam.run += 1;
    clearInterval(cam.timer);
    cam.timer = null;
    if (cam.stream) cam.stream.getTracks().forEach((track) => track.stop());
    cam.stream = null;
  }

  async function judge(blob, name) {
    const result = await submit(blob, name);
    renderCodes(ui("guidance"), result.codes);
    if (result.accepted) {
      stop();
      setStatus(`desk.${prefix === "op" ? "operator" : "face"}.accepted`);
      announce(ui("status").textContent);
      showTaken(true);
      ui("next").disabled = false;
    } else {
      setStatus("desk.face.refused");
      announce(t("desk.face.refused"));
    }
    return result.accepted;
  }

  async function checkFrame(run) {
    if (cam.busy || run !== cam.run) return;
    cam.busy = true;
    try {
      const blob = await frameOf(ui("video"));
      if (!blob || run !== cam.run) return;
      const check = await call("/desk/face-check", { method: "POST", form: imageForm(blob) });
      if (run !== cam.run) return;
      renderCodes(ui("guidance"), check.codes);
      if (check.accepted) {
        setStatus("desk.face.capturing");
        await judge(blob, "frame.jpg");
      } else {
        setStatus("desk.face.adjust");
      }
    } catch (error) {
      showError(error);
    } finally {
      cam.busy = false;
    }
  }

  async function start() {
    stop();
    const run = cam.run;
    show(ui("video"), true);
    show(ui("taken"), false);
    show(ui("again"), false);
    show(ui("capture"), true);
    setStatus("desk.face.starting");
    const stream = await openWebcam();
    if (!stream) { setStatus("desk.face.no_camera"); return; }
    if (run !== cam.run) { stream.getTracks().forEach((track) => track.stop()); return; }
    cam.stream = stream;
    ui("video").srcObject = stream;
    await ui("video").play().catch(() => {});
    setStatus("desk.face.adjust");
    cam.timer = setInterval(() => checkFrame(run), CHECK_EVERY_MS);
  }

  function reset() {
    renderCodes(ui("guidance"), []);
    ui("next").disabled = true;
    ui("file").value = "";
  }

  async function captureNow() {
    const blob = await frameOf(ui("video"));
    if (!blob) { setStatus("desk.face.no_camera"); return; }
    await judge(blob, "frame.jpg");
  }

  async function captureFile() {
    const file = ui("file").files[0];
    if (!file) return;
    stop();
    const shown = ui("taken"); // the view shows the file judged, not a stopped camera
    if (shown.src.startsWith("blob:")) URL.revokeObjectURL(shown.src);
    shown.src = URL.createObjectURL(file);
    showTaken(false);
    const accepted = await judge(file, file.name || "photo.jpg");
    if (!accepted) { setStatus("desk.face.file_refused"); show(ui("again"), true); }
  }

  function wire() {
    ui("capture").addEventListener("click", () => guarded(captureNow));
    ui("again").addEventListener("click", () => guarded(start));
    ui("file").addEventListener("change", () => guarded(captureFile));
    document.addEventListener("desk-language", () => {
      const key = ui("status").dataset.key;
      if (key) setStatus(key);
      ui("guidance").querySelectorAll("li").forEach((li) => { li.textContent = codeMessage(li.dataset.code); });
    });
  }

  return { start, stop, reset, setStatus, showTaken, wire };
}

// The applicant's portrait: accepted, it is the case's DG2 portrait (shown from the server).
const face = faceCamera("face", async (blob, name) => {
  const result = await call(`/desk/cases/${desk.caseId}/captures/face`, { method: "POST", form: imageForm(blob, name) });
  desk.view = result.case;
  if (result.accepted) await loadPortrait($("face-taken"), desk.caseId);
  return result;
});

function startFace() {
  face.reset();
  go("face");
  desk.onLeave = face.stop;
  const done = desk.view && desk.view.slots.some((s) => s.slot === "face" && s.accepted);
  if (done) {
    face.setStatus("desk.face.accepted");
    loadPortrait($("face-taken"), desk.caseId);
    face.showTaken(true);
    $("face-next").disabled = false;
  } else {
    face.start();
  }
}

function wireFace() {
  face.wire();
  $("face-next").addEventListener("click", () => startScan("finger"));
}
