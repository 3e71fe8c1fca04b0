// Score grid: arrow up/down moves to the same criterion in the previous/next project and
// Enter moves down, like a spreadsheet. Leaving a changed cell fires its native change
// event, which htmx posts; an unchanged cell sends nothing.
(function () {
  function move(input, step) {
    var row = input.closest("tr");
    var target = step > 0 ? row.nextElementSibling : row.previousElementSibling;
    if (!target) return;
    var next = target.querySelector('input[data-column="' + input.dataset.column + '"]');
    if (next) { next.focus(); next.select(); }
  }
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("pmo-score-input")) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();  // a number input would otherwise step its value
      move(input, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      move(input, 1);
    }
  });
})();
