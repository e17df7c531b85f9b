// The operator's own reference portrait: a clerk who has none enrols it with the webcam after signing in,
// before opening any case (the server refuses a case without it: OPERATOR_FACE_REQUIRED). On submission
// each applicant's portrait is compared with it, so that an applicant who is the clerk is caught
// (OPERATOR_MATCH, adjudicated by a supervisor).
"use strict";

const operatorFace = faceCamera("op", async (blob, name) => {
  try {
    await call("/desk/operator-face", { method: "PUT", form: imageForm(blob, name) });
  } catch (error) {
    if (error instanceof DeskError && error.status === 422) return { accepted: false, codes: error.problems.map((p) => p.code) };
    throw error;
  }
  desk.operatorEnrolled = true;
  const taken = $("op-taken");
  if (taken.src.startsWith("blob:")) URL.revokeObjectURL(taken.src);
  taken.src = URL.createObjectURL(blob);
  return { accepted: true, codes: [] };
});

// A clerk without a reference goes to its enrolment first; true when that screen is shown.
async function needsOperatorFace() {
  if (desk.role !== "clerk" || desk.operatorEnrolled) return false;
  const answer = await call("/desk/operator-face");
  desk.operatorEnrolled = answer.enrolled;
  if (answer.enrolled) return false;
  startOperatorFace();
  return true;
}

function startOperatorFace() {
  operatorFace.reset();
  go("operator");
  desk.onLeave = operatorFace.stop;
  operatorFace.start();
}

function wireOperator() {
  operatorFace.wire();
  $("op-next").addEventListener("click", () => openHome());
}
