// Progressive enhancement only: every page works without this file.
// The error summary takes the focus; again once the page has scrolled to its #fragment (which may move it).
function focusSummary() {
  var summary = document.querySelector(".error-summary");
  if (summary && document.activeElement !== summary) { summary.focus(); }
}
document.addEventListener("DOMContentLoaded", focusSummary);
window.addEventListener("load", focusSummary);

// Question forms of consultations: show only the fields of the chosen kind (without JavaScript all are shown,
// and the server ignores the fields of other kinds).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.question-form").forEach(function (form) {
    var select = form.querySelector("select[name=kind]");
    if (!select) { return; }
    function update() {
      form.querySelectorAll(".kind-fields").forEach(function (set) {
        set.hidden = set.getAttribute("data-kinds").split(" ").indexOf(select.value) === -1;
      });
    }
    select.addEventListener("change", update);
    update();
  });
});

// Statement votes without a reload: the vote is sent on its own and the buttons show it; nothing else on the
// page changes, so answers typed but not sent stay as they are. Without JavaScript the buttons send the answer
// form to the vote's address and the server shows the typed answers again.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button.vote").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var form = button.form;
      var token = form && form.querySelector("input[name=csrftoken]");
      if (!form || !token || !window.fetch) { return; }
      event.preventDefault();
      var body = new URLSearchParams();
      body.append("csrftoken", token.value);
      body.append("vote", button.value);
      var item = button.closest(".statement");
      var status = item && item.querySelector(".your-vote");
      fetch(button.formAction || form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        if (result.ok && item) {
          item.querySelectorAll("button.vote").forEach(function (other) {
            var chosen = other === button;
            other.classList.toggle("chosen", chosen);
            other.setAttribute("aria-pressed", chosen ? "true" : "false");
          });
        }
        if (status) {
          status.textContent = result.data.message + (result.ok ? " " + button.getAttribute("data-chosen") : "");
          status.classList.toggle("field-error", !result.ok);
        }
      }).catch(function () { form.requestSubmit(button); });
    });
  });
});

// Character counts (GOV.UK's pattern): a field in `.character-count[data-maxlength]` says how many characters
// are left or too many, as one types. The limit is in the hint already; there is no maxlength, so a long paste
// is kept whole and the server says what is too long.
document.addEventListener("DOMContentLoaded", function () {
  var lang = document.documentElement.lang || "en";
  var texts = lang === "nl"
    ? { left: ["Je hebt nog 1 teken over.", "Je hebt nog {n} tekens over."],
        over: ["Je hebt 1 teken te veel.", "Je hebt {n} tekens te veel."] }
    : { left: ["You have 1 character left.", "You have {n} characters left."],
        over: ["You have 1 character too many.", "You have {n} characters too many."] };
  function say(pair, n) {
    return (n === 1 ? pair[0] : pair[1]).replace("{n}", n.toLocaleString(lang));
  }
  document.querySelectorAll(".character-count[data-maxlength]").forEach(function (box) {
    var field = box.querySelector("textarea, input");
    var limit = parseInt(box.getAttribute("data-maxlength"), 10);
    if (!field || !limit) { return; }
    var message = document.createElement("p");
    message.className = "hint count-message";
    message.id = field.id + "-count";
    message.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", message);
    field.setAttribute("aria-describedby", ((field.getAttribute("aria-describedby") || "") + " " + message.id).trim());
    var timer = null;
    function update() {
      var left = limit - field.value.length;
      message.textContent = left >= 0 ? say(texts.left, left) : say(texts.over, -left);
      message.classList.toggle("field-error", left < 0);
    }
    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 300);
    });
    update();
  });
});

// Copy buttons: `button[data-copy]` copies the text of the element with that id and says so in the element its
// aria-describedby names. Without JavaScript (or a clipboard) the button stays hidden: the text can be selected.
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("aria-describedby"));
    if (!source || !status) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        status.textContent = button.getAttribute("data-copied");
      }, function () {
        window.getSelection().selectAllChildren(source);
        status.textContent = button.getAttribute("data-failed");
      });
    });
  });
});

// Typed work is not lost by leaving the page: a form marked `data-warn-unsaved` (the workspace's editor with the
// fields that belong to it by their form attribute; a consultation's answers) makes the browser ask before the
// page is left while one of its fields (text typed, a choice ticked) differs from what the page came with, or
// at all when the form is marked `data-unsent` (answers shown again after a refusal, stored nowhere yet).
// Sending that form does not ask (the server keeps the text, saved or not), nor does a form marked
// `data-discards`, which throws the changes away on purpose. Lists (select) are left out: the workspace's
// "compare versions" choice is no work to lose. Without JavaScript the workspace's own links and buttons keep
// the text (server-side); the site's other links do not.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var leaving = false;
    function changed() {
      if (form.hasAttribute("data-unsent")) { return true; }
      return Array.prototype.some.call(form.elements, function (field) {
        if (field.tagName === "TEXTAREA") { return field.value !== field.defaultValue; }
        if (field.tagName !== "INPUT" || ["hidden", "submit", "button"].indexOf(field.type) !== -1) { return false; }
        if (field.type === "checkbox" || field.type === "radio") { return field.checked !== field.defaultChecked; }
        return field.value !== field.defaultValue;
      });
    }
    form.addEventListener("submit", function () { leaving = true; });
    document.querySelectorAll("form[data-discards]").forEach(function (other) {
      other.addEventListener("submit", function () { leaving = true; });
    });
    window.addEventListener("pageshow", function () { leaving = false; });
    window.addEventListener("beforeunload", function (event) {
      if (leaving || !changed()) { return; }
      event.preventDefault();
      event.returnValue = "";
    });
  });
});
