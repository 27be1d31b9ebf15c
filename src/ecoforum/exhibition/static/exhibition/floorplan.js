/* The floor plan: zoom (wheel, pinch, buttons), pan (drag), tooltips, filters that dim the other
   booths, and in the organizers' editor: click a free spot to prefill the "add booth" form, click
   a booth to load its form. No library; htmx only if it is on the page. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function setup(stage) {
    var svg = stage.querySelector(".fp-svg");
    var tip = stage.querySelector(".fp-tooltip");
    var editing = stage.hasAttribute("data-editing");
    var base = svg.getAttribute("viewBox").split(" ").map(Number);
    var view = base.slice();
    var pointers = new Map();
    var moved = 0, pinch = null, last = null;

    function apply() { svg.setAttribute("viewBox", view.join(" ")); }
    function toPlan(clientX, clientY) {
      var pt = svg.createSVGPoint(); pt.x = clientX; pt.y = clientY;
      return pt.matrixTransform(svg.getScreenCTM().inverse());
    }
    function zoom(factor, cx, cy) {
      var w = view[2] * factor, h = view[3] * factor;
      if (w < base[2] / 12 || w > base[2] * 3) return;
      if (cx === undefined) { cx = view[0] + view[2] / 2; cy = view[1] + view[3] / 2; }
      view = [cx - (cx - view[0]) * factor, cy - (cy - view[1]) * factor, w, h];
      apply();
    }
    function pan(dx, dy) {
      var ctm = svg.getScreenCTM();
      view[0] -= dx / ctm.a; view[1] -= dy / ctm.d; apply();
    }

    stage.querySelector(".fp-zoom-in").addEventListener("click", function () { zoom(0.7); });
    stage.querySelector(".fp-zoom-out").addEventListener("click", function () { zoom(1 / 0.7); });
    stage.querySelector(".fp-zoom-reset").addEventListener("click", function () { view = base.slice(); apply(); });
    svg.addEventListener("wheel", function (e) {
      e.preventDefault();
      var p = toPlan(e.clientX, e.clientY);
      zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
    }, { passive: false });

    svg.addEventListener("pointerdown", function (e) {
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      moved = 0; last = { x: e.clientX, y: e.clientY };
      if (pointers.size === 2) {
        var ps = Array.from(pointers.values());
        pinch = Math.hypot(ps[0].x - ps[1].x, ps[0].y - ps[1].y);
      }
    });
    svg.addEventListener("pointermove", function (e) {
      if (!pointers.has(e.pointerId)) { hover(e); return; }
      pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (pointers.size === 2 && pinch) {
        var ps = Array.from(pointers.values());
        var d = Math.hypot(ps[0].x - ps[1].x, ps[0].y - ps[1].y);
        var mid = toPlan((ps[0].x + ps[1].x) / 2, (ps[0].y + ps[1].y) / 2);
        if (d > 0) zoom(pinch / d, mid.x, mid.y);
        pinch = d; moved += 10;
      } else if (pointers.size === 1) {
        var dx = e.clientX - last.x, dy = e.clientY - last.y;
        moved += Math.abs(dx) + Math.abs(dy);
        if (moved > 6) {
          if (!svg.hasPointerCapture(e.pointerId)) svg.setPointerCapture(e.pointerId);
          stage.classList.add("is-dragging"); hideTip(); pan(dx, dy); }
        last = { x: e.clientX, y: e.clientY };
      }
    });
    function release(e) {
      pointers.delete(e.pointerId);
      if (pointers.size < 2) pinch = null;
      if (!pointers.size) stage.classList.remove("is-dragging");
    }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", release);
    svg.addEventListener("pointerleave", function (e) { if (e.pointerType === "mouse") hideTip(); });

    function boothOf(target) { return target.closest ? target.closest(".fp-booth") : null; }
    function showTip(booth, clientX, clientY) {
      var name = booth.getAttribute("data-exhibitor");
      var title = booth.querySelector("title").textContent;
      tip.textContent = "";
      var b = document.createElement("b"); b.textContent = name || booth.getAttribute("data-code");
      var small = document.createElement("small"); small.textContent = title;
      tip.appendChild(b); tip.appendChild(small);
      tip.hidden = false;
      var box = stage.getBoundingClientRect();
      var left = Math.min(clientX - box.left + 14, box.width - tip.offsetWidth - 8);
      var top = clientY - box.top + 14;
      if (top + tip.offsetHeight > box.height - 8) top = clientY - box.top - tip.offsetHeight - 10;
      tip.style.left = Math.max(8, left) + "px"; tip.style.top = Math.max(8, top) + "px";
    }
    function hideTip() { tip.hidden = true; }
    function hover(e) {
      var booth = boothOf(e.target);
      if (booth && e.pointerType === "mouse") showTip(booth, e.clientX, e.clientY); else if (e.pointerType === "mouse") hideTip();
    }

    var tapped = null;
    function activate(booth, e) {
      if (editing) { hideTip(); edit(booth); return; }
      var url = booth.getAttribute("data-url");
      if (e.pointerType === "touch" && tapped !== booth) {
        tapped = booth; showTip(booth, e.clientX, e.clientY); return;
      }
      if (url) window.location.assign(url);
    }
    svg.addEventListener("click", function (e) {
      if (moved > 6) return;
      var booth = boothOf(e.target);
      if (booth) { activate(booth, e); return; }
      tapped = null; hideTip();
      if (editing) place(toPlan(e.clientX, e.clientY));
    });
    svg.addEventListener("keydown", function (e) {
      var booth = boothOf(e.target);
      if (booth && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); activate(booth, { pointerType: "key" }); }
      if (e.key === "+" || e.key === "=") zoom(0.7);
      if (e.key === "-") zoom(1 / 0.7);
    });
    svg.addEventListener("focusin", function (e) {
      var booth = boothOf(e.target);
      if (booth) { var r = booth.getBoundingClientRect(); showTip(booth, r.left + r.width / 2, r.bottom); }
    });

    function edit(booth) {
      svg.querySelectorAll(".fp-booth.is-active").forEach(function (b) { b.classList.remove("is-active"); });
      booth.classList.add("is-active");
      var url = booth.getAttribute("data-edit-url");
      if (window.htmx) window.htmx.ajax("GET", url, { target: "#booth-panel", swap: "innerHTML" });
      else window.location.assign(url);
    }
    function place(p) {
      var form = document.querySelector("#add-booth form");
      if (!form) return;
      var snap = function (v) { return Math.max(0, Math.round(v * 2) / 2); };
      var x = snap(p.x), y = snap(p.y);
      form.elements.x.value = x; form.elements.y.value = y;
      var marker = svg.querySelector(".fp-marker");
      if (!marker) {
        marker = document.createElementNS("http://www.w3.org/2000/svg", "rect");
        marker.setAttribute("class", "fp-marker"); svg.appendChild(marker);
      }
      marker.setAttribute("x", x); marker.setAttribute("y", y);
      marker.setAttribute("width", form.elements.width.value || 3); marker.setAttribute("height", form.elements.depth.value || 3);
      form.elements.code.focus();
    }
  }

  function filters() {
    var selects = document.querySelectorAll(".fp-filters select[data-filter]");
    function run() {
      var zone = "", industry = "";
      selects.forEach(function (s) { if (s.dataset.filter === "zone") zone = s.value; else industry = s.value; });
      document.querySelectorAll(".fp-booth, .fp-list tr[data-zone]").forEach(function (el) {
        var industries = (el.getAttribute("data-industries") || "").split(" ");
        var dim = (zone && el.getAttribute("data-zone") !== zone) || (industry && industries.indexOf(industry) < 0);
        el.classList.toggle("is-dim", !!dim);
      });
      var url = new URL(window.location.href);
      [["zone", zone], ["industry", industry]].forEach(function (kv) {
        if (kv[1]) url.searchParams.set(kv[0], kv[1]); else url.searchParams.delete(kv[0]);
      });
      window.history.replaceState(null, "", url);
    }
    selects.forEach(function (s) { s.addEventListener("change", run); });
  }

  function start() {
    document.querySelectorAll("[data-floorplan]").forEach(setup);
    filters();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
