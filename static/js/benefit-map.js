// The benefits map: pointing at (or focusing) a box highlights every box and arrow on
// its chain, upstream and downstream. The map works without this; it only helps reading.
(function () {
  "use strict";
  var svg = document.getElementById("benefit-map");
  if (!svg) return;
  var paths = Array.prototype.slice.call(svg.querySelectorAll("path[data-from]"));
  var nodes = {};
  Array.prototype.forEach.call(svg.querySelectorAll("[data-node]"), function (el) {
    nodes[el.getAttribute("data-node")] = el;
  });
  var down = {}, up = {};
  paths.forEach(function (p) {
    var a = p.getAttribute("data-from"), b = p.getAttribute("data-to");
    (down[a] = down[a] || []).push(b);
    (up[b] = up[b] || []).push(a);
  });
  function walk(start, next) {
    var seen = {}, queue = [start];
    seen[start] = true;
    while (queue.length) {
      var id = queue.pop();
      (next[id] || []).forEach(function (n) {
        if (!seen[n]) { seen[n] = true; queue.push(n); }
      });
    }
    return seen;
  }
  var lit = [];
  function clear() {
    lit.forEach(function (el) { el.classList.remove("is-chain"); });
    lit = [];
    svg.classList.remove("is-focused");
  }
  function light(id) {
    clear();
    var after = walk(id, down), before = walk(id, up);
    var chain = Object.assign({}, after, before);
    Object.keys(chain).forEach(function (n) {
      if (nodes[n]) { nodes[n].classList.add("is-chain"); lit.push(nodes[n]); }
    });
    paths.forEach(function (p) {
      var a = p.getAttribute("data-from"), b = p.getAttribute("data-to");
      if ((after[a] && after[b]) || (before[a] && before[b])) { p.classList.add("is-chain"); lit.push(p); }
    });
    svg.classList.add("is-focused");
  }
  svg.addEventListener("mouseover", function (e) {
    var box = e.target.closest("[data-node]");
    if (box) light(box.getAttribute("data-node"));
  });
  svg.addEventListener("mouseleave", clear);
  svg.addEventListener("focusin", function (e) {
    var box = e.target.closest("[data-node]");
    if (box) light(box.getAttribute("data-node"));
  });
  svg.addEventListener("focusout", clear);
})();
