/* Chỉ Số: the page behaviour that would otherwise sit in inline handlers, which the Content-Security-Policy
   refuses (script-src 'self'). A <select data-autosubmit> sends its form as soon as it changes; the form keeps
   a <noscript> button for browsers without JavaScript. */
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
    target.form.submit();
  }
});

/* Agency multi-picker (chiso/units/pickers.py): the filter box hides the check boxes whose agency and unit names
   do not hold every word typed, accents ignored ("van phong bach sam"). Checked boxes always stay visible. */
function chisoFold(text) {
  return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase().replace(/\s+/g, " ").trim();
}
document.addEventListener("input", function (event) {
  var box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.hasAttribute("data-multipicker-filter")) { return; }
  var picker = box.closest("[data-multipicker]");
  var words = chisoFold(box.value).split(" ").filter(Boolean);
  var shown = 0;
  picker.querySelectorAll("[data-multipicker-group]").forEach(function (group) {
    var legend = chisoFold(group.querySelector("legend").textContent);
    var any = false;
    group.querySelectorAll("[data-multipicker-item]").forEach(function (item) {
      var text = legend + " " + chisoFold(item.textContent);
      var ok = item.querySelector("input").checked || words.every(function (w) { return text.indexOf(w) >= 0; });
      item.hidden = !ok;
      if (ok) { any = true; shown += 1; }
    });
    group.hidden = !any;
  });
  var status = picker.querySelector("[data-multipicker-status]");
  if (status) { status.textContent = words.length ? String(shown) + " / " + picker.querySelectorAll("[data-multipicker-group] [data-multipicker-item]").length : ""; }
});

/* A field meaningful for one choice of another only (data-shown-for="cadence=half_yearly", e.g. the schedule's
   "also the last six months"): its block (the closest [data-shown-block], else the form's .mb-3 row) is hidden
   while the other field holds a different value. Without
   JavaScript it stays shown, and the server ignores it for the other choices. */
function chisoShownFor(root) {
  root.querySelectorAll("[data-shown-for]").forEach(function (field) {
    var rule = field.getAttribute("data-shown-for").split("=");
    var other = field.form && field.form.elements.namedItem(rule[0]);
    if (!other) { return; }
    var block = field.closest("[data-shown-block]") || field.closest(".mb-3") || field;
    block.hidden = other.value !== rule[1];
  });
}
document.addEventListener("DOMContentLoaded", function () { chisoShownFor(document); });
document.addEventListener("change", function (event) {
  if (event.target.form) { chisoShownFor(event.target.form); }
});
