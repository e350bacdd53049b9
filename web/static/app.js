// Moves keyboard focus to the newest message after htmx swaps the conversation,
// so screen-reader and keyboard users land on what the assistant just said.
document.addEventListener("htmx:afterSettle", function () {
  var target = document.querySelector("[data-focus]");
  if (target) {
    target.removeAttribute("data-focus");
    target.focus();
  }
});
