// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
});

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
