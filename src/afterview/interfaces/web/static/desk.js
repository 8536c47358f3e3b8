// Small comforts for every page; the desk works without any of it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // After a refused form, or a done action, move the focus to what the page says about it: a
  // message present when the page arrives is not read out otherwise, and may be out of view (a
  // connection test's results far down Settings). The form's error line first, then a message
  // about an action (a message with a role at the top of the page, or one marked data-flash).
  var said = document.getElementById("form-error") || document.querySelector("#main > .flash-error[role]") ||
    document.querySelector("#main > .flash[role], [data-flash]");
  if (said) {
    if (!said.hasAttribute("tabindex")) { said.setAttribute("tabindex", "-1"); }
    said.focus();
  }
  // "Go to the field" under an error line: the field in error gets the focus (its box opened).
  document.querySelectorAll(".to-field a[href^='#']").forEach(function (link) {
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { link.parentNode.remove(); return; }
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var box = field.closest("details");
      if (box) { box.open = true; }
      field.focus();
    });
  });
  // A new calendar-feed address is selected at once, ready to copy.
  var feed = document.getElementById("feed-url");
  if (feed) { feed.focus(); feed.select(); }
  // Opening a snooze or skip box puts the cursor in its field, its suggestion ("tomorrow 9:00")
  // selected: what is typed replaces it, where the cursor at its start made "next fridaytomorrow
  // 9:00"; an arrow key keeps it. (A box open when the page arrives, kept open with what was
  // refused, leaves the focus on the message about it.)
  document.querySelectorAll("details.inline").forEach(function (box) {
    var openAtLoad = box.open;
    box.addEventListener("toggle", function () {
      if (openAtLoad) { openAtLoad = false; return; }
      var input = box.open && box.querySelector("input:not([type=hidden])");
      if (input) {
        input.focus();
        if (typeof input.select === "function" && input.value) { input.select(); }
      }
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
// A form of notes typed at length (the debrief cards, Capture; the draft editor has its own in
// editor.js): leaving the page with what was typed and not saved asks first, as the editor does.
(function () {
  var unsaved = false;
  document.addEventListener("input", function (event) {
    if (event.target.form && event.target.form.hasAttribute("data-unsaved")) { unsaved = true; }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.hasAttribute("data-unsaved")) { unsaved = false; }
  });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved) { event.preventDefault(); event.returnValue = ""; }
  });
})();
// Back to a page the browser kept in memory: its forms can be sent again.
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[aria-busy]").forEach(function (form) { form.removeAttribute("aria-busy"); });
});
