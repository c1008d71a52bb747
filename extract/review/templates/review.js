// Keyboard shortcuts: a accept, c correct, s skip, n next; Esc leaves an input.
document.addEventListener("keydown", function (event) {
  var target = event.target;
  var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA");
  if (event.key === "Escape" && typing) { target.blur(); return; }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
  var click = function (id) { var el = document.getElementById(id); if (el) { el.click(); } };
  if (event.key === "a") { click("accept"); }
  else if (event.key === "s") { click("skip"); }
  else if (event.key === "c") {
    var input = document.getElementById("value-input");
    if (input) { event.preventDefault(); input.focus(); input.select(); }
  }
  else if (event.key === "n") { window.location.href = "/next"; }
});

// Bring the marked span into view.
document.addEventListener("DOMContentLoaded", function () {
  var mark = document.getElementById("span");
  if (mark) { mark.scrollIntoView({ block: "nearest", inline: "center" }); }
});
