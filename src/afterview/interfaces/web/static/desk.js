// Small comforts for every page; the desk works without any of it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // After a failed submit, move the focus to the message so screen readers announce it.
  var error = document.getElementById("form-error");
  if (error) { error.setAttribute("tabindex", "-1"); error.focus(); }
  // A new calendar-feed address is selected at once, ready to copy.
  var feed = document.getElementById("feed-url");
  if (feed) { feed.focus(); feed.select(); }
  // Opening a snooze or skip box puts the cursor in its field.
  document.querySelectorAll("details.inline").forEach(function (box) {
    box.addEventListener("toggle", function () {
      var input = box.open && box.querySelector("input:not([type=hidden])");
      if (input) { input.focus(); }
    });
  });
});
// A second click on a button whose form is already on its way does nothing: a slow answer must
// not save an interview, a status or a piece of feedback twice. A download leaves the page in
// place, so its button (data-again) may be used again.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || (event.submitter && event.submitter.hasAttribute("data-again"))) { return; }
  if (form.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
  form.setAttribute("aria-busy", "true");
});
// Back to a page the browser kept in memory: its forms can be sent again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[aria-busy]").forEach(function (form) { form.removeAttribute("aria-busy"); });
});
