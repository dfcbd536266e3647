/* Chỉ Số: the page behaviour that would otherwise sit in inline handlers, which the Content-Security-Policy
   refuses (script-src 'self'). A <select data-autosubmit> sends its form as soon as it changes; the form keeps
   a <noscript> button for browsers without JavaScript. */
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
    target.form.submit();
  }
});
