/* Clientside callbacks: UI logic that needs no server round trip. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  kitchen: {
    /* Theme switch <-> local store <-> <html data-bs-theme>; one callback, so no loop. */
    syncTheme: function (switchLight, stored) {
      const ctx = window.dash_clientside.callback_context;
      const trigger = ctx.triggered_id;
      const noUpdate = window.dash_clientside.no_update;
      if (trigger === "theme-switch") {
        const theme = switchLight ? "light" : "dark";
        document.documentElement.setAttribute("data-bs-theme", theme);
        return [noUpdate, theme];
      }
      const theme = stored === "light" ? "light" : "dark";
      document.documentElement.setAttribute("data-bs-theme", theme);
      return [theme === "light", stored === theme ? noUpdate : theme];
    },

    /* CSV of the aggregates a figure shows, built from its traces in the browser. */
    figureCsv: function (clicks, figure, graphId) {
      if (!clicks || !figure || !figure.data) {
        return window.dash_clientside.no_update;
      }
      const rows = [];
      const columns = ["trace", "x", "y", "z", "text"];
      const boxKeys = ["q1", "median", "q3", "lowerfence", "upperfence", "mean"];
      figure.data.forEach(function (trace, index) {
        const name = trace.name || trace.type || ("trace " + index);
        const x = decode(trace.x), y = decode(trace.y), z = decode(trace.z);
        const text = Array.isArray(trace.text) ? trace.text : null;
        const box = {};
        boxKeys.forEach(function (k) { if (trace[k] !== undefined) { box[k] = decode(trace[k]); } });
        if (z && Array.isArray(z[0])) {
          z.forEach(function (row, i) {
            row.forEach(function (value, j) {
              rows.push({trace: name, x: x ? x[j] : j, y: y ? y[i] : i, z: value});
            });
          });
          return;
        }
        const n = Math.max(x ? x.length : 0, y ? y.length : 0);
        for (let i = 0; i < n; i++) {
          const row = {trace: name, x: x ? x[i] : "", y: y ? y[i] : "", text: text ? text[i] : ""};
          Object.keys(box).forEach(function (k) { row[k] = box[k] ? box[k][i] : ""; });
          rows.push(row);
        }
      });
      const keys = columns.concat(boxKeys).filter(function (k) {
        return rows.some(function (r) { return r[k] !== undefined && r[k] !== ""; });
      });
      const quote = function (v) {
        if (v === undefined || v === null) { return ""; }
        const s = String(v);
        return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
      };
      const lines = [keys.join(",")].concat(rows.map(function (r) {
        return keys.map(function (k) { return quote(r[k]); }).join(",");
      }));
      return {content: lines.join("\n"), filename: (graphId.name || "chart") + ".csv", type: "text/csv"};
    }
  }
});

/* Plotly figures from Python carry arrays as {dtype, bdata, shape}: decode them. */
function decode(value) {
  if (!value || Array.isArray(value) || typeof value !== "object" || !value.bdata) {
    return value;
  }
  const kinds = {f8: Float64Array, f4: Float32Array, i4: Int32Array, i2: Int16Array, i1: Int8Array,
    u4: Uint32Array, u2: Uint16Array, u1: Uint8Array, i8: BigInt64Array, u8: BigUint64Array};
  const binary = atob(value.bdata);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
  const Kind = kinds[value.dtype] || Float64Array;
  const flat = Array.from(new Kind(bytes.buffer), function (v) { return typeof v === "bigint" ? Number(v) : v; });
  if (value.shape) {
    const dims = String(value.shape).split(",").map(Number);
    if (dims.length === 2) {
      const out = [];
      for (let i = 0; i < dims[0]; i++) { out.push(flat.slice(i * dims[1], (i + 1) * dims[1])); }
      return out;
    }
  }
  return flat;
}

/* The small screens' filter drawer as a dialog for the keyboard: opening it moves the focus into it,
   Tab stays inside it while it is open, Escape closes it (through its close button, so the server
   callback that owns its class runs), and closing it gives the focus back to the button that opened
   it. aria-expanded on that button follows the drawer. The server only toggles the "show" class. */
(function () {
  const FOCUSABLE = "button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1'])";

  function drawer() { return document.getElementById("filter-drawer"); }
  function isOpen(element) { return !!element && element.classList.contains("show"); }
  function focusables(element) {
    return Array.from(element.querySelectorAll(FOCUSABLE)).filter(function (node) {
      return node.offsetParent !== null || node === document.activeElement;
    });
  }

  function follow(element) {
    let wasOpen = isOpen(element);
    const button = document.getElementById("filter-toggle");
    if (button) {  // dbc.Button takes no aria-* property: set here, next to what keeps it current
      button.setAttribute("aria-controls", element.id);
      button.setAttribute("aria-expanded", wasOpen ? "true" : "false");
    }
    new MutationObserver(function () {
      const open = isOpen(element);
      if (open === wasOpen) { return; }
      wasOpen = open;
      const toggle = document.getElementById("filter-toggle");
      if (toggle) { toggle.setAttribute("aria-expanded", open ? "true" : "false"); }
      element.setAttribute("aria-modal", open ? "true" : "false");
      if (open) {
        const close = document.getElementById("filter-close");
        (close || element).focus();
      } else if (toggle && (element.contains(document.activeElement) || document.activeElement === document.body)) {
        toggle.focus();
      }
    }).observe(element, {attributes: true, attributeFilter: ["class"]});
  }

  document.addEventListener("keydown", function (event) {
    const element = drawer();
    if (!isOpen(element)) { return; }
    if (event.key === "Escape") {
      const close = document.getElementById("filter-close");
      if (close) { event.preventDefault(); close.click(); }
    } else if (event.key === "Tab") {
      const nodes = focusables(element);
      if (!nodes.length) { return; }
      const first = nodes[0], last = nodes[nodes.length - 1];
      if (!element.contains(document.activeElement)) {
        event.preventDefault(); first.focus();
      } else if (event.shiftKey && document.activeElement === first) {
        event.preventDefault(); last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault(); first.focus();
      }
    }
  });

  /* The drawer is part of the page the server renders: wait for it once. */
  const waiting = new MutationObserver(function () {
    const element = drawer();
    if (element) { waiting.disconnect(); follow(element); }
  });
  if (drawer()) { follow(drawer()); } else { waiting.observe(document.documentElement, {childList: true, subtree: true}); }
})();
