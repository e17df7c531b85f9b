// The History tab (owned by the "referral" work; placeholder): plugs into the console shell.
"use strict";

(() => {
  registerTab("history", {
    enter() {},  // called each time the tab is shown (after sign-in)
    reset() {},  // called at sign-out: remove every datum this tab put into the page
  });
})();
