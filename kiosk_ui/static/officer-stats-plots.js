// Plots of the Statistics tab: inline SVG drawn here (no library, no CDN). Each plot is an <svg role="img">
// with a localised title; the numbers are also in the tables and the CSV exports.
"use strict";

const ShiftPlots = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const LANE_COLOURS = ["#1f5f9e", "#b35900", "#2e7d32", "#7b3fa0", "#a0223c", "#00707a", "#5d4037", "#44546a"];
  const VERDICT_COLOURS = { open: "#2e7d32", refer: "#b35900", reject: "#a0223c" };

  function el(name, attrs = {}, content) {
    const node = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function svg(width, height, label) {
    const root = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label, class: "plot-svg" });
    root.appendChild(el("title", {}, label));
    return root;
  }

  function niceMax(value) {
    if (value <= 5) return 5;
    const step = 10 ** Math.floor(Math.log10(value));
    return Math.ceil(value / step) * step;
  }

  function legend(items) {
    const list = document.createElement("ul");
    list.className = "legend";
    for (const { label, colour } of items) {
      const item = document.createElement("li");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colour;
      item.append(swatch, document.createTextNode(label));
      list.appendChild(item);
    }
    return list;
  }

  function yAxis(root, x0, y0, height, max, width) {
    for (const fraction of [0, 0.5, 1]) {
      const y = y0 - fraction * height;
      root.appendChild(el("line", { x1: x0, x2: x0 + width, y1: y, y2: y, class: "grid" }));
      root.appendChild(el("text", { x: x0 - 6, y: y + 4, "text-anchor": "end", class: "tick" }, String(max * fraction)));
    }
  }

  // Transactions per hour, stacked by lane. rows: [{gate_id, hour, transactions}]
  function hourly(container, rows, label, hourLabel) {
    const lanes = [...new Set(rows.map((r) => r.gate_id))];
    const hours = [...new Set(rows.map((r) => r.hour))].sort();
    const colour = (lane) => LANE_COLOURS[lanes.indexOf(lane) % LANE_COLOURS.length];
    const totals = hours.map((h) => rows.filter((r) => r.hour === h).reduce((sum, r) => sum + r.transactions, 0));
    const max = niceMax(Math.max(0, ...totals));
    const [W, H, left, bottom, top] = [800, 240, 44, 200, 12];
    const root = svg(W, H, label);
    const band = (W - left - 8) / Math.max(hours.length, 1);
    yAxis(root, left, bottom, bottom - top, max, W - left - 8);
    const every = Math.max(1, Math.ceil(hours.length / 12));
    hours.forEach((hour, i) => {
      let y = bottom;
      for (const lane of lanes) {
        const n = (rows.find((r) => r.hour === hour && r.gate_id === lane) || {}).transactions || 0;
        if (!n) continue;
        const h = (n / max) * (bottom - top);
        y -= h;
        const bar = el("rect", { x: left + i * band + 1, y, width: Math.max(band - 2, 1), height: h, fill: colour(lane) });
        bar.appendChild(el("title", {}, `${lane} ${hourLabel(hour)}: ${n}`));
        root.appendChild(bar);
      }
      if (i % every === 0) {
        root.appendChild(el("text", { x: left + i * band + band / 2, y: bottom + 18, "text-anchor": "middle",
                                      class: "tick" }, hourLabel(hour)));
      }
    });
    container.replaceChildren(root, legend(lanes.map((lane) => ({ label: lane, colour: colour(lane) }))));
  }

  // OPEN / REFER / REJECT shares per lane, one horizontal bar each. rows: verdict views
  function verdicts(container, rows, label, names) {
    const [W, rowH, left] = [800, 34, 90];
    const root = svg(W, rows.length * rowH + 10, label);
    rows.forEach((row, i) => {
      const decided = row.open + row.refer + row.reject;
      const y = 5 + i * rowH;
      root.appendChild(el("text", { x: left - 8, y: y + 20, "text-anchor": "end", class: "tick" }, row.label));
      let x = left;
      for (const kind of ["open", "refer", "reject"]) {
        if (!decided || !row[kind]) continue;
        const w = (row[kind] / decided) * (W - left - 10);
        const bar = el("rect", { x, y, width: w, height: rowH - 8, fill: VERDICT_COLOURS[kind] });
        bar.appendChild(el("title", {}, `${row.label} ${kind.toUpperCase()}: ${row[kind]} / ${decided}`));
        root.appendChild(bar);
        if (w > 44) {
          root.appendChild(el("text", { x: x + w / 2, y: y + 18, "text-anchor": "middle", class: "in-bar" },
                              `${Math.round((100 * row[kind]) / decided)} %`));
        }
        x += w;
      }
      if (!decided) root.appendChild(el("text", { x: left, y: y + 20, class: "tick" }, names.none));
    });
    container.replaceChildren(root, legend(["open", "refer", "reject"].map(
      (kind) => ({ label: kind.toUpperCase(), colour: VERDICT_COLOURS[kind] }))));
  }

  // Referral reasons, longest first. rows: [{reason, referrals}]
  function reasons(container, rows, label, none) {
    if (!rows.length) {
      const empty = document.createElement("p");
      empty.textContent = none;
      container.replaceChildren(empty);
      return;
    }
    const [W, rowH, left] = [800, 30, 230];
    const max = niceMax(Math.max(...rows.map((r) => r.referrals)));
    const root = svg(W, rows.length * rowH + 10, label);
    rows.forEach((row, i) => {
      const y = 5 + i * rowH;
      const w = (row.referrals / max) * (W - left - 60);
      root.appendChild(el("text", { x: left - 8, y: y + 17, "text-anchor": "end", class: "tick" }, Shell.reasonLabel(row.reason)));
      root.appendChild(el("rect", { x: left, y, width: Math.max(w, 1), height: rowH - 8, fill: "#1f5f9e" }));
      root.appendChild(el("text", { x: left + w + 6, y: y + 17, class: "tick" }, String(row.referrals)));
    });
    container.replaceChildren(root);
  }

  return { hourly, verdicts, reasons };
})();
