// ficlens web reader: small conveniences on top of pages that work without JavaScript.
// Loaded from /static (the CSP allows no inline code); never touches story text.
"use strict";

(function () {
  document.documentElement.classList.add("js");

  // Library: the sidebar filters apply as soon as a choice changes, and empty fields are left out
  // of the URL so shared links stay short.
  var filters = document.getElementById("filters");
  if (filters) {
    filters.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type === "checkbox" && box.checked) {
        // + and - for the same tag are exclusive
        var other = box.name.indexOf("inc_") === 0 ? "exc_" + box.name.slice(4) : "inc_" + box.name.slice(4);
        filters.querySelectorAll('input[type="checkbox"]').forEach(function (el) {
          if (el.name === other && el.value === box.value) el.checked = false;
        });
      }
      if (box.type === "checkbox" || box.type === "radio" || box.tagName === "SELECT") submit();
    });
    filters.addEventListener("submit", function () { prune(); });
  }

  function prune() {
    filters.querySelectorAll("input, select").forEach(function (el) {
      if ((el.type === "text" || el.type === "search" || el.type === "number" || el.tagName === "SELECT") && !el.value) {
        el.disabled = true;
      }
      if (el.type === "radio" && el.name === "source" && el.checked && el.value === "both") el.disabled = true;
    });
  }

  function submit() {
    prune();
    filters.submit();
  }

  // Coming back with the Back button must not leave fields disabled by prune() or a busy upload.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form :disabled").forEach(function (el) { el.disabled = false; });
  });

  // Work page: following an evidence link highlights every run of that span, not only the first.
  function markTarget() {
    document.querySelectorAll(".ev.targeted").forEach(function (el) { el.classList.remove("targeted"); });
    var m = /^#ev-(\d+)$/.exec(location.hash);
    if (!m) return;
    var runs = document.querySelectorAll(".ev-" + m[1]);
    runs.forEach(function (el) { el.classList.add("targeted"); });
    var anchor = document.getElementById("ev-" + m[1]);
    if (anchor) anchor.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", markTarget);
  markTarget();

  // Upload: refuse an over-large file before sending it, and show that work is under way.
  var upload = document.querySelector("form.upload");
  if (upload) {
    var status = upload.querySelector(".upload-status");
    var limit = parseInt(upload.getAttribute("data-max-bytes"), 10);
    upload.addEventListener("submit", function (event) {
      var file = upload.querySelector('input[type="file"]').files[0];
      status.classList.remove("error");
      if (file && limit && file.size > limit) {
        event.preventDefault();
        status.classList.add("error");
        status.textContent = "This file is larger than " + Math.round(limit / 1048576) + " MB; ficlens cannot take it.";
        return;
      }
      status.textContent = "Analysing… this can take a little while for long works.";
      upload.querySelector("button").disabled = true;
    });
  }
})();
