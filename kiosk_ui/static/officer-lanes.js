// The Lanes tab: every gate live (Server-Sent Events: a snapshot, then numbered events), alarms with a
// tone and an audited acknowledgement, and the supervisors' door and lane commands.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const ACTIONS = ["open_exit", "lock", "out_of_service", "reopen"];
  const REASONS = ["ADMITTED_BY_OFFICER", "TRAVELLER_ASSISTED", "DOOR_FAULT", "MAINTENANCE", "SECURITY_INCIDENT",
    "STAFFING", "OTHER"];
  const state = { lanes: new Map(), alarms: new Map(), source: null, lastId: null, run: 0, audio: null, tones: 0,
    command: null, link: "connecting" };

  const time = (iso) => (iso ? new Date(iso).toLocaleTimeString(I18N.lang === "vi" ? "vi-VN" : "en-GB") : "—");
  const gateName = (id) => (state.lanes.get(id) || { name: id }).name;

  function setLink(link) {
    state.link = link;
    $("lanes-link").dataset.state = link;
    $("lanes-link").textContent = t(`officer.lanes.link.${link}`);
  }

  async function connect() {
    const run = state.run;
    const issued = await api("/officer/events/ticket", { method: "POST", headers: Shell.auth() });
    if (run !== state.run) return;
    const params = new URLSearchParams({ ticket: issued.ticket });
    if (state.lastId) params.set("resume", state.lastId);  // a new EventSource cannot send Last-Event-ID
    const source = new EventSource(`/officer/events?${params}`);
    state.source = source;
    const take = (handler) => (event) => { if (run === state.run) { state.lastId = event.lastEventId; handler(JSON.parse(event.data)); } };
    source.addEventListener("open", () => setLink("live"));
    source.addEventListener("snapshot", take((data) => {
      state.lanes = new Map(data.lanes.map((lane) => [lane.gate_id, lane]));
      state.alarms = new Map(data.alarms.map((alarm) => [alarm.id, alarm]));
      render();
    }));
    source.addEventListener("lane", take((lane) => { state.lanes.set(lane.gate_id, lane); renderLanes(); }));
    source.addEventListener("alarm", take(alarmEvent));
    source.addEventListener("end", () => reconnect(run));
    source.onerror = () => reconnect(run);  // tickets are single-use: reconnect with a new one, resuming
  }

  function reconnect(run) {
    if (run !== state.run) return;
    if (state.source) state.source.close();
    state.source = null;
    setLink("reconnecting");
    setTimeout(() => { if (run === state.run) Shell.guarded(connect); }, 1500);
  }

  function alarmEvent(alarm) {
    const fresh = !state.alarms.has(alarm.id) && !alarm.acknowledged_at;
    state.alarms.set(alarm.id, alarm);
    renderAlarms();
    renderLanes();
    if (fresh) {
      tone();
      Shell.announce(alarmText(alarm));
    }
  }

  function alarmText(alarm) {
    return t("officer.lanes.alarm_line", { kind: t(`officer.lanes.alarm.${alarm.kind}`), gate: gateName(alarm.gate_id),
      time: time(alarm.raised_at) });
  }

  function tone() {  // a short two-note chime (WebAudio: no sound file to fetch)
    state.tones += 1;
    $("lanes").dataset.tones = String(state.tones);
    try {
      state.audio = state.audio || new AudioContext();
      const ctx = state.audio;
      [880, 660].forEach((frequency, i) => {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.frequency.value = frequency;
        gain.gain.value = 0.2;
        osc.connect(gain).connect(ctx.destination);
        osc.start(ctx.currentTime + i * 0.25);
        osc.stop(ctx.currentTime + i * 0.25 + 0.22);
      });
    } catch (_) { /* no audio device: the alarm stays visible and announced */ }
  }

  function chip(text, kind) { return Object.assign(document.createElement("span"), { className: `chip ${kind}`, textContent: text }); }

  function field(label, value) {
    const row = document.createElement("div");
    row.append(text("dt", label), text("dd", value));
    return row;
  }

  function laneCard(lane) {
    const card = document.createElement("article");
    card.className = `lane ${lane.online ? "online" : "offline"} mode-${lane.mode}`;
    card.dataset.gate = lane.gate_id;
    card.setAttribute("aria-labelledby", `lane-title-${lane.gate_id}`);
    const title = text("h3", lane.name);
    title.id = `lane-title-${lane.gate_id}`;
    const open = [...state.alarms.values()].filter((a) => a.gate_id === lane.gate_id && !a.acknowledged_at).length;
    const chips = document.createElement("p");
    chips.className = "chips";
    chips.append(chip(t(lane.online ? "officer.lanes.online" : "officer.lanes.offline"), lane.online ? "ok" : "bad"),
      chip(t(`officer.lanes.mode.${lane.mode}`), lane.mode === "open" ? "ok" : "warn"));
    if (open) chips.append(chip(t("officer.lanes.open_alarms", { n: open }), "bad"));
    const facts = document.createElement("dl");
    const last = lane.last_decision;
    facts.append(field(t("officer.lanes.step"), t(`officer.lanes.step.${lane.step}`)),
      field(t("officer.lanes.door.entry"), t(`officer.lanes.door_state.${lane.doors.entry}`)),
      field(t("officer.lanes.door.exit"), t(`officer.lanes.door_state.${lane.doors.exit}`)),
      field(t("officer.lanes.last_decision"), last ? `${t(`officer.lanes.verdict.${last.verdict}`)} · ${time(last.at)}` : "—"),
      field(t("officer.lanes.last_seen"), time(lane.last_seen)));
    card.append(title, chips, facts);
    if (Shell.hasRole("supervisor")) card.append(controls(lane));
    return card;
  }

  function controls(lane) {
    const box = document.createElement("div");
    box.className = "lane-controls";
    ACTIONS.filter((a) => (a === "reopen") === (lane.mode !== "open") || a === "open_exit").forEach((action) => {
      const button = text("button", t(`officer.lanes.action.${action}`));
      button.type = "button";
      button.dataset.action = action;
      button.addEventListener("click", () => askReason(lane.gate_id, action));
      box.append(button);
    });
    return box;
  }

  function askReason(gateId, action) {
    state.command = { gateId, action };
    $("lane-command-title").textContent = t("officer.lanes.command_title",
      { action: t(`officer.lanes.action.${action}`), gate: gateName(gateId) });
    $("lane-reason-code").replaceChildren(...REASONS.map((code) => {
      const option = text("option", t(`officer.lanes.reason.${code}`));
      option.value = code;
      return option;
    }));
    if (action === "open_exit") $("lane-reason-code").value = "ADMITTED_BY_OFFICER";
    $("lane-reason").value = "";
    $("lane-command").hidden = false;
    $("lane-reason-code").focus();
  }

  async function sendCommand(event) {
    event.preventDefault();
    const { gateId, action } = state.command;
    const body = JSON.stringify({ action, reason_code: $("lane-reason-code").value, reason: $("lane-reason").value || null });
    await api(`/officer/lanes/${encodeURIComponent(gateId)}/control`,
      { method: "POST", headers: { ...Shell.auth(), "Content-Type": "application/json" }, body });
    closeCommand();
    Shell.announce(t("officer.lanes.command_done", { action: t(`officer.lanes.action.${action}`), gate: gateName(gateId) }));
  }

  function closeCommand() {
    state.command = null;
    $("lane-command").hidden = true;
    $("lane-reason").value = "";
    $("lane-command-title").textContent = "";
    $("lane-reason-code").replaceChildren();
  }

  function renderLanes() {
    $("lanes").replaceChildren(...[...state.lanes.values()].map(laneCard));
  }

  function renderAlarms() {
    const alarms = [...state.alarms.values()].sort((a, b) => b.id - a.id);
    $("alarms").replaceChildren(...alarms.map((alarm) => {
      const li = document.createElement("li");
      li.className = alarm.acknowledged_at ? "alarm acknowledged" : "alarm";
      li.dataset.id = alarm.id;
      li.dataset.kind = alarm.kind;
      li.append(text("span", alarmText(alarm)));
      if (alarm.acknowledged_at) {
        li.append(text("span", t("officer.lanes.acknowledged", { who: alarm.acknowledged_by, time: time(alarm.acknowledged_at) }), "ack"));
      } else {
        const button = text("button", t("officer.lanes.acknowledge"));
        button.type = "button";
        button.addEventListener("click", () => Shell.guarded(async () => {
          alarmEvent(await api(`/officer/alarms/${alarm.id}/ack`, { method: "POST", headers: Shell.auth() }));
        }));
        li.append(button);
      }
      return li;
    }));
    $("alarms-empty").hidden = alarms.length > 0;
    Shell.setBadge("lanes", alarms.filter((a) => !a.acknowledged_at).length);
  }

  function render() { renderLanes(); renderAlarms(); setLink(state.link); }

  $("lane-command").addEventListener("submit", (e) => Shell.guarded(() => sendCommand(e)));
  $("lane-command-cancel").addEventListener("click", closeCommand);

  registerTab("lanes", {
    start: connect,  // the stream runs on every tab, so an alarm sounds wherever the officer is
    enter() { render(); },
    language() { render(); },
    reset() {
      state.run += 1;
      if (state.source) state.source.close();
      Object.assign(state, { lanes: new Map(), alarms: new Map(), source: null, lastId: null, tones: 0, link: "connecting" });
      closeCommand();
      $("lanes").replaceChildren();
      $("lanes").dataset.tones = "0";
      $("alarms").replaceChildren();
      $("alarms-empty").hidden = false;
      $("lanes-link").textContent = "";
    },
  });
})();
