/* ecoforum: small behaviours of the public pages. No inline script anywhere (strict CSP). */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  var HEX = /^#[0-9a-f]{3,8}$/i;

  /* A section's colour comes from the data: set it as --accent through the CSSOM,
     which a strict CSP allows (a style attribute in the markup it would not). */
  function applyColours(root) {
    var nodes = (root.querySelectorAll ? root.querySelectorAll("[data-colour]") : []);
    Array.prototype.forEach.call(nodes, function (el) {
      var colour = el.getAttribute("data-colour");
      if (HEX.test(colour)) { el.style.setProperty("--accent", colour); }
    });
    if (root.matches && root.matches("[data-colour]")) {
      var own = root.getAttribute("data-colour");
      if (HEX.test(own)) { root.style.setProperty("--accent", own); }
    }
  }

  function copyFrom(button) {
    var target = document.querySelector(button.getAttribute("data-copy"));
    if (!target) { return; }
    var text = target.value || target.textContent;
    var done = function () {
      var label = button.textContent;
      button.textContent = button.getAttribute("data-copied") || label;
      button.classList.add("is-copied");
      window.setTimeout(function () { button.textContent = label; button.classList.remove("is-copied"); }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { target.select(); });
    } else {
      target.focus();
      target.select();
      try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (button) { event.preventDefault(); copyFrom(button); }
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches("[data-select-on-focus]")) { event.target.select(); }
  });

  /* Filter forms push their URL: leave empty fields out of it. */
  document.addEventListener("htmx:configRequest", function (event) {
    var source = event.detail.elt;
    if (!source || !source.closest || !source.closest("[data-drop-empty]")) { return; }
    var data = event.detail.formData;
    if (!data || !data.keys) { return; }
    Array.from(data.keys()).forEach(function (key) {
      var values = data.getAll(key).filter(function (v) { return v !== ""; });
      data.delete(key);
      values.forEach(function (v) { data.append(key, v); });
    });
  });

  /* On a phone the navigation scrolls sideways: bring the current page's link into view. */
  function revealCurrentNav() {
    var nav = document.querySelector(".mainnav");
    var current = nav && nav.querySelector("[aria-current=page]");
    if (nav && current && nav.scrollWidth > nav.clientWidth) {
      nav.scrollLeft = current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2;
    }
  }

  document.addEventListener("DOMContentLoaded", function () { applyColours(document); revealCurrentNav(); });
  document.addEventListener("htmx:load", function (event) { applyColours(event.detail.elt || event.target); });
})();
