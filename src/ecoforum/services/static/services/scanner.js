/* The gates' scanner page: typed, hand-scanner or camera input; a queue kept on the device; sync when online.
 *
 * Every scan gets an id (crypto.randomUUID) and the device's time, and goes into a queue in
 * localStorage before anything is sent. The queue is sent in order, one scan at a time, to the
 * page's JSON endpoint; the server answers a scan id it has seen with its first answer, so a scan
 * sent twice (the network dropped after the server wrote it) is counted once. While offline the
 * page keeps taking scans, shows them as waiting, and says at once what this device already knows
 * ("already seen here today"); the server's answer replaces that when it comes.
 * No library, no inline script (the strings come in a JSON script element).
 */
(function () {
  "use strict";

  var root = document.getElementById("scanner");
  var form = document.getElementById("scanner-form");
  if (!root || !form) return;

  var S = JSON.parse(document.getElementById("scanner-strings").textContent);
  var endpoint = root.dataset.endpoint;
  var csrf = root.dataset.csrf;
  var timeZone = root.dataset.timeZone || "Asia/Shanghai";
  var KEY = "ecoforum.scanner." + root.dataset.edition + ".";
  var KEEP_DONE = 200;
  var SYNC_EVERY = 5000;

  var gateSelect = document.getElementById("scanner-gate");
  var input = document.getElementById("scanner-input");
  var box = document.getElementById("scan-result");
  var title = document.getElementById("scan-result-title");
  var nameLine = document.getElementById("scan-result-name");
  var detail = document.getElementById("scan-result-detail");
  var list = document.getElementById("scan-list");
  var net = document.getElementById("scanner-net");
  var pendingLine = document.getElementById("scanner-pending");
  var cameraButton = document.getElementById("scanner-camera");
  var video = document.getElementById("scanner-video");

  // --- storage ---------------------------------------------------------------------------

  function load(name, fallback) {
    try {
      var value = window.localStorage.getItem(KEY + name);
      return value ? JSON.parse(value) : fallback;
    } catch (error) {
      return fallback;
    }
  }

  function save(name, value) {
    try {
      window.localStorage.setItem(KEY + name, JSON.stringify(value));
    } catch (error) {
      /* storage full or refused: the scan still goes out while online */
    }
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  var device = window.localStorage.getItem("ecoforum.scanner.device");
  if (!device) {
    device = "web-" + newId().slice(0, 8);
    try { window.localStorage.setItem("ecoforum.scanner.device", device); } catch (error) { /* private mode */ }
  }

  /** Every scan of this device, oldest first: {scan_id, payload, gate, gate_name, scanned_at, state, answer, local, error}. */
  var queue = load("queue", []);

  function persist() {
    var done = 0;
    for (var i = queue.length - 1; i >= 0; i--) {
      if (queue[i].state !== "waiting" && ++done > KEEP_DONE) queue.splice(i, 1);
    }
    save("queue", queue);
  }

  // --- time in the edition's time zone ------------------------------------------------------

  var dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  var timeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: timeZone, hour: "2-digit", minute: "2-digit", hour12: false });

  function dayOf(iso) { return dayFormat.format(new Date(iso)); }
  function timeOf(iso) { return iso ? timeFormat.format(new Date(iso)) : ""; }
  function fill(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, function (_m, key) { return values[key] == null ? "" : values[key]; });
  }

  // --- what the device already knows ----------------------------------------------------------

  /** The first sighting of this badge on this device on the scan's day, or null. */
  function seenHere(item) {
    var day = dayOf(item.scanned_at);
    for (var i = 0; i < queue.length; i++) {
      var other = queue[i];
      if (other === item) break;
      if (other.payload !== item.payload || dayOf(other.scanned_at) !== day) continue;
      var answer = other.answer;
      if (answer && answer.result === "admitted") return { time: timeOf(answer.scanned_at), gate: answer.gate_name };
      if (answer && answer.result === "repeat") return { time: answer.first_time, gate: answer.first_gate_name };
      if (other.state === "waiting" && !other.local) return { time: timeOf(other.scanned_at), gate: other.gate_name };
    }
    return null;
  }

  // --- showing ----------------------------------------------------------------------------------

  var currentId = null;

  function personLine(answer) {
    var parts = [];
    if (answer.name_zh) parts.push(answer.name_zh);
    if (answer.name_en && answer.name_en !== answer.name_zh) parts.push(answer.name_en);
    var line = parts.join(" · ");
    if (answer.category) line += (line ? " — " : "") + answer.category;
    return line;
  }

  /** What a scan shows before the server has answered: the badge's reference, or the start of the text. */
  function shortText(payload) {
    var match = /^EF:([A-Z0-9]{4,12})\./.exec(payload);
    if (match) return match[1];
    return payload.length > 40 ? payload.slice(0, 40) + "…" : payload;
  }

  function stateOf(item) {
    if (item.state === "waiting") return item.local ? "seen_here" : "waiting";
    if (item.error) return "error";
    return item.answer ? item.answer.result : "waiting";
  }

  function show(item) {
    currentId = item.scan_id;
    var state = stateOf(item);
    box.dataset.result = state;
    box.dataset.scanId = item.scan_id;
    if (state === "waiting") {
      title.textContent = S.waiting;
      nameLine.textContent = shortText(item.payload);
      detail.textContent = S.queued;
    } else if (state === "seen_here") {
      title.textContent = S.repeat;
      nameLine.textContent = shortText(item.payload);
      detail.textContent = fill(S.seenHere, item.local);
    } else if (state === "error") {
      title.textContent = S.error;
      nameLine.textContent = "";
      detail.textContent = item.error;
    } else {
      title.textContent = S[state] || item.answer.result_label;
      nameLine.textContent = personLine(item.answer);
      detail.textContent = item.answer.message || "";
    }
  }

  function showText(state, heading, text) {
    currentId = null;
    box.dataset.result = state;
    title.textContent = heading;
    nameLine.textContent = "";
    detail.textContent = text;
  }

  function renderList() {
    var items = queue.slice(-15).reverse();
    var fragment = document.createDocumentFragment();
    items.forEach(function (item) {
      var li = document.createElement("li");
      var state = stateOf(item);
      li.dataset.result = state;
      li.dataset.state = item.state;
      li.dataset.scanId = item.scan_id;
      var time = document.createElement("time");
      time.dateTime = item.scanned_at;
      time.textContent = timeOf(item.scanned_at);
      var what = document.createElement("span");
      what.className = "scan-what";
      what.textContent =
        item.answer && item.answer.reference ? personLine(item.answer) || item.answer.reference : shortText(item.payload);
      var label = document.createElement("span");
      label.className = "scan-state";
      label.textContent = item.state === "waiting" ? S.waiting : state === "error" ? S.error : S[state] || state;
      li.appendChild(time);
      li.appendChild(what);
      li.appendChild(label);
      fragment.appendChild(li);
    });
    list.replaceChildren(fragment);
  }

  function waitingCount() {
    return queue.filter(function (item) { return item.state === "waiting"; }).length;
  }

  function renderStatus(online) {
    if (online !== undefined) {
      net.dataset.state = online ? "online" : "offline";
      net.textContent = online ? S.online : S.offline;
    }
    var count = waitingCount();
    pendingLine.hidden = count === 0;
    pendingLine.textContent = fill(S.pending, { count: count });
  }

  // --- sending ------------------------------------------------------------------------------------

  var syncing = false;
  var needsLogin = false;

  function post(item) {
    return window.fetch(endpoint, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({
        scan_id: item.scan_id,
        gate: item.gate,
        payload: item.payload,
        scanned_at: item.scanned_at,
        device: device,
      }),
    });
  }

  async function sync() {
    if (syncing) return;
    if (!navigator.onLine) {
      renderStatus(false);
      return;
    }
    syncing = true;
    try {
      for (var i = 0; i < queue.length; i++) {
        var item = queue[i];
        if (item.state !== "waiting") continue;
        var response;
        try {
          response = await post(item);
        } catch (error) {
          renderStatus(false);
          return;
        }
        if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
          needsLogin = true;
          showText("error", S.error, S.login);
          return;
        }
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!json || response.status >= 500) {
          renderStatus(true);
          return; /* the server is busy or down: try again later, in order */
        }
        var data = await response.json();
        if (response.ok) {
          item.answer = data;
        } else {
          item.error = data.detail || String(response.status);
        }
        item.state = "done";
        persist();
        if (item.scan_id === currentId) show(item);
        renderList();
        renderStatus(true);
      }
    } finally {
      syncing = false;
      renderStatus();
    }
  }

  // --- taking a scan ------------------------------------------------------------------------------

  function take(text) {
    var payload = (text || "").trim();
    if (!payload) {
      showText("idle", S.empty, "");
      return;
    }
    if (!gateSelect.value) {
      showText("error", S.chooseGate, "");
      gateSelect.focus();
      return;
    }
    var option = gateSelect.options[gateSelect.selectedIndex];
    var item = {
      scan_id: newId(),
      payload: payload,
      gate: gateSelect.value,
      gate_name: option ? option.textContent : gateSelect.value,
      scanned_at: new Date().toISOString(),
      state: "waiting",
    };
    item.local = seenHere(item);
    queue.push(item);
    persist();
    show(item);
    renderList();
    renderStatus();
    if (!needsLogin) sync();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    take(input.value);
    input.value = "";
    input.focus();
  });

  gateSelect.value = load("gate", "");
  if (gateSelect.selectedIndex < 0) gateSelect.value = "";
  gateSelect.addEventListener("change", function () {
    save("gate", gateSelect.value);
    input.focus();
  });

  window.addEventListener("online", function () { renderStatus(true); sync(); });
  window.addEventListener("offline", function () { renderStatus(false); });
  window.setInterval(function () { if (!needsLogin) sync(); }, SYNC_EVERY);

  // --- the camera, where the browser reads QR codes itself ----------------------------------------

  var stream = null;
  var detector = null;
  var lastValue = "";
  var lastAt = 0;

  function stopCamera() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    cameraButton.textContent = S.cameraStart;
  }

  async function look() {
    if (!stream) return;
    try {
      var codes = await detector.detect(video);
      if (codes.length) {
        var value = codes[0].rawValue;
        var now = Date.now();
        if (value !== lastValue || now - lastAt > 3000) {
          lastValue = value;
          lastAt = now;
          take(value);
        }
      }
    } catch (error) {
      /* a frame that could not be read */
    }
    window.setTimeout(look, 250);
  }

  async function startCamera() {
    try {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (error) {
      showText("error", S.error, S.noCamera);
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    cameraButton.textContent = S.cameraStop;
    showText("idle", S.cameraOn, "");
    look();
  }

  if ("BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", function () { if (stream) stopCamera(); else startCamera(); });
  }

  // --- start ------------------------------------------------------------------------------------

  renderList();
  renderStatus(navigator.onLine);
  var last = queue[queue.length - 1];
  if (last) show(last);
  sync();
})();
