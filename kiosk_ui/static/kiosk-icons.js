// The kiosk's pictures, drawn inline (no external asset, every kiosk font shows them alike): the result
// icons and one icon per guidance instruction, all drawn with the same white pen (kiosk.css).
"use strict";

const RESULT_ICONS = {
  OPEN: '<svg viewBox="0 0 100 100"><path d="M22 52 L42 72 L78 30"/></svg>',
  REFER: '<svg viewBox="0 0 100 100"><path d="M50 44 L50 76 M50 24 L50 26"/></svg>',
  REJECT: '<svg viewBox="0 0 100 100"><path d="M50 22 L50 58 M50 76 L50 78"/></svg>',
};
const CLOSER = '<path d="M38 38 L16 16 M16 36 V16 H36 M62 38 L84 16 M64 16 H84 V36 M38 62 L16 84 M16 64 V84 H36 M62 62 L84 84 M84 64 V84 H64"/>';
const RAYS = "M50 8 V18 M50 82 V92 M8 50 H18 M82 50 H92 M20 20 L27 27 M73 73 L80 80 M80 20 L73 27 M27 73 L20 80";
const GUIDE_ICONS = { // what to do, at a glance
  "guidance.FACE_TOO_SMALL": CLOSER, "guidance.EYE_DISTANCE_LOW": CLOSER,
  "guidance.FACE_TOO_LARGE": '<path d="M16 16 L38 38 M38 18 V38 H18 M84 16 L62 38 M62 18 V38 H82 M16 84 L38 62 M18 62 H38 V82 M84 84 L62 62 M82 62 H62 V82"/>',
  "guidance.YAW": '<circle cx="50" cy="50" r="28"/><circle cx="50" cy="50" r="6"/>',
  "guidance.PITCH_LOW": '<path d="M50 20 V80 M32 62 L50 80 L68 62"/>',
  "guidance.PITCH_HIGH": '<path d="M50 80 V20 M32 38 L50 20 L68 38"/>',
  "guidance.ROLL": '<path d="M50 18 V82"/>',
  "guidance.BLUR": '<path d="M30 30 V70 M50 30 V70 M70 30 V70"/>',
  "guidance.NO_FACE": '<ellipse cx="50" cy="50" rx="22" ry="32"/>',
  "guidance.MULTIPLE_FACES": '<circle cx="50" cy="40" r="14"/><path d="M26 82 Q50 52 74 82"/>',
  "capture.retry": '<path d="M76 56 A27 27 0 1 1 70 30 M72 12 V32 H52"/>',
  // lighting: face the light (a sun); out of direct light (the sun struck through); shadow and glare
  // (a face half in the dark); too harsh (the sun, and a step to one side)
  "guidance.TOO_DARK": `<circle cx="50" cy="50" r="17"/><path d="${RAYS}"/>`,
  "guidance.TOO_BRIGHT": `<circle cx="50" cy="50" r="17"/><path d="${RAYS} M14 86 L86 14"/>`,
  "guidance.LOW_CONTRAST": '<circle cx="50" cy="50" r="30"/><path d="M50 20 A30 30 0 0 1 50 80 Z" fill="#fff"/>',
  "guidance.CLIPPED": '<circle cx="32" cy="34" r="12"/><path d="M32 8 V14 M32 54 V60 M6 34 H12 M52 34 H58 M22 78 H84 M70 64 L84 78 L70 92"/>',
};

function guideIcon(key) { // the instruction's picture, or "" when it has none
  const icon = GUIDE_ICONS[key];
  return icon ? `<svg viewBox="0 0 100 100">${icon}</svg>` : "";
}
