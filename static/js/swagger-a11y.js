/* /api/v1/docs/ (templates/api/swagger_ui.html): what Swagger UI leaves unnamed or unreachable for assistive
   technology and no option of Swagger UI changes (axe-core, WCAG 2 A/AA), set on its DOM as it renders.
   - a parameter's drop-down (an enum or boolean parameter) has no label: it is named after its parameter;
   - a highlighted JSON block scrolls (at most 400px high) but cannot be reached from the keyboard: it becomes a tab
     stop, so that the arrow keys scroll it;
   - the authorization dialog's close button is an icon without a name, and its Authorize and Logout buttons
     carry a name ("Apply credentials", "Remove authorization") other than the word they show. */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root) { return; }

  function repair() {
    root.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach(function (select) {
      select.setAttribute("aria-label", select.closest("tr").getAttribute("data-param-name"));
    });
    root.querySelectorAll(".highlight-code > pre:not([tabindex])").forEach(function (block) {
      block.setAttribute("tabindex", "0");
    });
    root.querySelectorAll(".modal-ux .close-modal:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", "Close");
    });
    root.querySelectorAll(".modal-ux .auth-btn-wrapper button[aria-label]").forEach(function (button) {
      if (button.textContent.trim()) { button.removeAttribute("aria-label"); }
    });
  }

  // Swagger UI (React) renders and re-renders after this script: each change of its tree is repaired at once.
  new MutationObserver(repair).observe(root, { childList: true, subtree: true });
})();
