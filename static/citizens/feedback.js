// The feedback form: a character counter on the text (no silent cut at the limit), and photos checked for size
// and type before they are uploaded. The server checks the same; this only spares the citizen a long upload.
(function () {
  "use strict";
  var form = document.querySelector("form[data-feedback]");
  if (!form) { return; }
  var say = form.dataset;

  var text = form.querySelector("textarea[data-limit]");
  var counter = document.getElementById("text-counter");
  if (text && counter) {
    var limit = parseInt(text.dataset.limit, 10);
    var update = function () {
      var n = text.value.length;
      counter.textContent = say.counter.replace("{n}", n.toLocaleString("vi-VN")).replace("{limit}", limit.toLocaleString("vi-VN"));
      var over = n > limit;
      counter.classList.toggle("error", over);
      if (over) {
        counter.textContent += " " + say.over.replace("{extra}", (n - limit).toLocaleString("vi-VN"));
      }
      text.setAttribute("aria-invalid", over ? "true" : "false");
    };
    text.addEventListener("input", update);
    update();
  }

  var files = form.querySelector("input[type=file][data-max-bytes]");
  var fileError = document.getElementById("files-check");
  if (files && fileError) {
    var maxBytes = parseInt(files.dataset.maxBytes, 10);
    var maxFiles = parseInt(files.dataset.maxFiles, 10);
    var types = files.dataset.types.split(",");
    files.addEventListener("change", function () {
      var problems = [];
      if (files.files.length > maxFiles) {
        problems.push(say.tooMany.replace("{n}", maxFiles));
      }
      Array.prototype.forEach.call(files.files, function (f) {
        if (types.indexOf(f.type) === -1) {
          problems.push(say.badType.replace("{name}", f.name));
        } else if (f.size > maxBytes) {
          problems.push(say.tooBig.replace("{name}", f.name).replace("{mb}", (f.size / 1048576).toFixed(1).replace(".", ",")));
        }
      });
      fileError.textContent = problems.join(" ");
      fileError.hidden = problems.length === 0;
      if (problems.length) { files.value = ""; }
    });
  }

  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; button.textContent = say.sending; }
  });
})();
