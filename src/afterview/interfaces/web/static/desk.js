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
