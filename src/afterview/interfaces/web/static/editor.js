// The draft editor: the reviewer's findings, live, highlighted in place as the user types.
// The text is sent to /api/review (same origin, CSRF header) at most every 350 ms while typing;
// findings come back with character offsets and are drawn as marks behind the textarea.
// A text the live review does not take (longer than its limit), or an answer that is not a review
// (the desk stopped, restarted, or the note is gone), is said in the review's status line, and the
// findings of an older text are taken away: the panel never shows a list, or "reads well", for a
// text that was not reviewed.
"use strict";
(function () {
  var DELAY = 350;
  var form, body, subject, layer, list, count, counter, backdrop, summary;
  var timer = null, inflight = null, serial = 0;
  var loaded = null; // the text the page came with, its findings as the page listed them (reviewed in full)
  var SEVERITY = { error: "Error", warning: "Warning", info: "Note" };
  var WORDS = { error: ["error", "errors"], warning: ["warning", "warnings"], info: ["note", "notes"] };

  function summarize(findings) {
    // "1 error, 2 warnings, 1 note", as the page says it (views.review_summary)
    var counts = { error: 0, warning: 0, info: 0 };
    findings.forEach(function (f) { if (f.severity in counts) { counts[f.severity] += 1; } });
    var parts = [];
    ["error", "warning", "info"].forEach(function (s) {
      if (counts[s]) { parts.push(counts[s] + " " + WORDS[s][counts[s] === 1 ? 0 : 1]); }
    });
    return parts.length ? parts.join(", ") : "No findings";
  }

  function announce(findings) {
    // The list is redrawn quietly; only its one-line summary is a live region (role=status), and
    // it is changed only when what it says changes: a screen reader hears "1 error, 2 warnings"
    // when a finding comes or goes, not the whole list after every pause in typing.
    var text = summarize(findings);
    if (summary && summary.textContent !== text) { summary.textContent = text; }
    // "despite the review's errors" is offered only while there are errors
    var despite = document.getElementById("despite-label");
    if (despite) { despite.hidden = !findings.some(function (f) { return f.severity === "error"; }) && !despite.querySelector("input").checked; }
  }

  function utf16Index(text, codepoints) {
    // Python counts code points, JavaScript UTF-16 units: convert for texts with emoji.
    var units = 0, seen = 0;
    while (seen < codepoints && units < text.length) {
      var code = text.charCodeAt(units);
      units += (code >= 0xd800 && code <= 0xdbff) ? 2 : 1;
      seen += 1;
    }
    return units;
  }

  function spans(findings, text) {
    return findings
      .filter(function (f) { return f.field !== "subject" && f.start !== null && f.end !== null && f.end > f.start; })
      .map(function (f) { return { start: utf16Index(text, f.start), end: utf16Index(text, f.end), severity: f.severity }; })
      .sort(function (a, b) { return a.start - b.start; });
  }

  function drawHighlights(findings) {
    var text = body.value;
    var marks = spans(findings, text);
    layer.textContent = "";
    var at = 0;
    marks.forEach(function (m) {
      if (m.start < at) { return; } // overlapping findings: the first one is drawn
      layer.appendChild(document.createTextNode(text.slice(at, m.start)));
      var mark = document.createElement("mark");
      mark.className = "sev-" + m.severity;
      mark.dataset.start = String(m.start);
      mark.textContent = text.slice(m.start, m.end);
      layer.appendChild(mark);
      at = m.end;
    });
    // A trailing newline keeps the last line's height equal to the textarea's.
    layer.appendChild(document.createTextNode(text.slice(at) + "\n"));
    syncScroll();
  }

  function select(finding) {
    var target = finding.field === "subject" && subject ? subject : body;
    var text = target.value;
    target.focus();
    if (finding.start !== null && finding.end !== null) {
      var start = utf16Index(text, finding.start);
      target.setSelectionRange(start, utf16Index(text, finding.end));
      if (target === body) { scrollTo(start); }
    }
  }

  function scrollTo(start) {
    // A selection made by script is not scrolled into view: bring its line to the upper third,
    // placed by its mark behind the text (same layout), else by counting lines.
    var mark = layer.querySelector('mark[data-start="' + start + '"]');
    var top;
    if (mark) {
      top = mark.offsetTop;
    } else {
      var height = parseFloat(window.getComputedStyle(body).lineHeight) || 20;
      top = (body.value.slice(0, start).split("\n").length - 1) * height;
    }
    body.scrollTop = Math.max(0, top - body.clientHeight / 3);
    syncScroll();
  }

  function drawList(findings) {
    list.textContent = "";
    count.textContent = String(findings.length);
    count.hidden = false;
    if (!findings.length) {
      var ok = document.createElement("li");
      ok.className = "ok";
      ok.textContent = "No findings: it reads well.";
      list.appendChild(ok);
      return;
    }
    findings.forEach(function (f) {
      var item = document.createElement("li");
      item.className = "finding sev-" + f.severity;
      var sev = document.createElement("span");
      sev.className = "sev";
      sev.textContent = SEVERITY[f.severity] || f.severity;
      var code = document.createElement("code");
      code.textContent = f.code;
      var msg = document.createElement("span");
      msg.className = "msg";
      msg.textContent = f.message;
      item.append(sev, " ", code, msg);
      if (f.suggestion) {
        var hint = document.createElement("span");
        hint.className = "suggestion";
        hint.textContent = "Suggestion: " + f.suggestion;
        item.appendChild(hint);
      }
      if (f.start !== null && f.end !== null) {
        var show = document.createElement("button");
        show.type = "button";
        show.className = "small";
        show.textContent = "Show in the text";
        show.addEventListener("click", function () { select(f); });
        item.appendChild(show);
      }
      list.appendChild(item);
    });
  }

  function updateCounter() {
    if (counter) { counter.textContent = body.value.length + " characters"; }
  }

  function say(text) {
    // the status line alone (role=status: read out when it changes)
    if (summary && summary.textContent !== text) { summary.textContent = text; }
  }

  function notReviewed(text) {
    // No review for the text as it is now: no findings of an older text are left beside it.
    list.textContent = "";
    count.textContent = "";
    count.hidden = true;
    drawHighlights([]);
    say(text);
  }

  function number(n) { return Number(n).toLocaleString("en-US"); }

  function refused(response, data) {
    // What the desk answered instead of a review, in the status line.
    if (response.status === 413 && data && data.limit) {
      var current = (subject ? subject.value : "") + "\u0000" + body.value;
      if (loaded && current === loaded.text) {
        // the text the page came with: the page's own list is its review, in full
        list.textContent = "";
        loaded.items.forEach(function (item) { list.appendChild(item.cloneNode(true)); });
        count.textContent = String(loaded.findings.length);
        count.hidden = false;
        drawHighlights(loaded.findings);
        say(summarize(loaded.findings) + " (reviewed in full when the page was opened). The live review stops at " +
            number(data.limit) + " characters and this text has " + number(data.length) +
            ": a change to it is reviewed when you save it.");
        return;
      }
      notReviewed("Not reviewed as you type: the live review stops at " + number(data.limit) +
                  " characters and this text has " + number(data.length) +
                  ". Save reviews it in full and lists what it finds here.");
      return;
    }
    if (response.status === 401) {
      notReviewed("The live review stopped: the desk no longer knows this page's session (it was started again, " +
                  "or you logged out). Copy your text before you leave this page: nothing typed since the last " +
                  "Save is saved.");
      return;
    }
    if (response.status === 403) {
      notReviewed("The live review stopped: this page is older than the desk's session (the desk was started " +
                  "again, or you logged in again). Copy your text, then open the note again.");
      return;
    }
    if (summary && summary.classList.contains("error")) {
      // the page said already why the review cannot run (a plugin that fails), and what still works
      notReviewed(summary.textContent);
      return;
    }
    notReviewed("The live review could not run" + (data && data.error ? ": " + data.error : "") + ".");
  }

  function review() {
    var mine = ++serial;
    if (inflight) { inflight.abort(); }
    inflight = new AbortController();
    fetch("/api/review", {
      method: "POST",
      credentials: "same-origin",
      signal: inflight.signal,
      headers: { "Content-Type": "application/json", "X-CSRF-Token": form.dataset.csrf },
      body: JSON.stringify({
        message_id: Number(form.dataset.messageId),
        subject: subject ? subject.value : "",
        body: body.value
      })
    }).then(function (response) {
      var type = response.headers.get("content-type") || "";
      var read = type.indexOf("application/json") === 0 ? response.json() : Promise.resolve(null);
      return read.catch(function () { return null; }).then(function (data) {
        return { response: response, data: data };
      });
    }).then(function (answer) {
      if (mine !== serial) { return; } // a newer text was sent meanwhile: its answer counts
      var data = answer.data;
      if (!answer.response.ok || !data || !Array.isArray(data.findings)) {
        refused(answer.response, data);
        return;
      }
      drawList(data.findings);
      announce(data.findings);
      drawHighlights(data.findings);
      form.dataset.reviewed = String(mine);
    }).catch(function (error) {
      if (mine !== serial || (error && error.name === "AbortError")) { return; } // a newer request replaced this one
      notReviewed("The live review stopped: the desk cannot be reached (was it stopped?). Copy your text before " +
                  "you leave this page: nothing typed since the last Save is saved.");
    });
  }

  function schedule() {
    updateCounter();
    drawHighlights([]); // marks would drift while the text changes; they come back shortly
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(review, DELAY);
  }

  function syncScroll() {
    backdrop.scrollTop = body.scrollTop;
    backdrop.scrollLeft = body.scrollLeft;
  }

  function initialFindings() {
    return Array.prototype.map.call(list.querySelectorAll("li.finding"), function (li) {
      return {
        start: li.dataset.start === "" ? null : Number(li.dataset.start),
        end: li.dataset.end === "" ? null : Number(li.dataset.end),
        field: li.dataset.field, severity: (li.className.match(/sev-(\w+)/) || [])[1]
      };
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    form = document.getElementById("draft-form");
    body = document.getElementById("body");
    if (!form || !body) { return; }
    subject = document.getElementById("subject");
    layer = document.getElementById("highlights");
    backdrop = layer.parentNode;
    list = document.getElementById("findings");
    count = document.getElementById("findings-count");
    counter = document.getElementById("counter");
    summary = document.getElementById("review-summary");
    updateCounter();
    loaded = {
      text: (subject ? subject.value : "") + "\u0000" + body.value,
      findings: initialFindings(),
      items: Array.prototype.map.call(list.children, function (item) { return item.cloneNode(true); })
    };
    drawHighlights(loaded.findings);
    if (body.readOnly) { return; }
    // Enter in "Send at" schedules (the form's first button, Save, would take it otherwise)
    var when = document.getElementById("when");
    var scheduleButton = form.querySelector('button[name="do"][value="schedule"]');
    if (when && scheduleButton) {
      when.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); scheduleButton.click(); }
      });
    }
    // leaving with unsaved text asks first (a submit of this form is not leaving it unsaved)
    var unsaved = false;
    var markUnsaved = function () { unsaved = true; };
    body.addEventListener("input", markUnsaved);
    if (subject) { subject.addEventListener("input", markUnsaved); }
    form.addEventListener("submit", function () { unsaved = false; });
    window.addEventListener("beforeunload", function (event) {
      if (unsaved) { event.preventDefault(); event.returnValue = ""; }
    });
    body.addEventListener("input", schedule);
    body.addEventListener("scroll", syncScroll);
    if (subject) { subject.addEventListener("input", schedule); }
    new ResizeObserver(syncScroll).observe(body);
    review(); // replace the server-rendered list with live items that can select their text
  });
})();
