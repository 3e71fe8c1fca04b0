// Draw every Plotly figure whose JSON sits in a <script type="application/json"> on the
// page. Plotly (the partial bundle) is fetched only when a figure is there, so pages and
// tabs without charts load none. Charts follow the page's language: Dutch months
// ("mrt 2027") and number notation (1.234,5).
(function () {
  var script = document.currentScript;
  var plotlyUrl = script && script.dataset.plotly;
  var loading = null;

  var DUTCH = {
    moduleType: "locale",
    name: "nl",
    dictionary: {
      Autoscale: "Automatisch schalen",
      "Reset axes": "Assen herstellen",
      "Zoom in": "Inzoomen",
      "Zoom out": "Uitzoomen",
    },
    format: {
      days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
      shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
      months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december"],
      shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt",
        "nov", "dec"],
      date: "%d-%m-%Y",
      decimal: ",",
      thousands: ".",
    },
  };

  function plotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = plotlyUrl;
        tag.onload = function () {
          window.Plotly.register(DUTCH);
          resolve(window.Plotly);
        };
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function draw(root) {
    var pending = Array.prototype.filter.call(
      root.querySelectorAll ? root.querySelectorAll("[data-figure]") : [],
      function (el) { return !el.dataset.drawn && document.getElementById(el.dataset.figure); }
    );
    if (!pending.length) return;
    var lang = document.documentElement.lang || "nl";
    plotly().then(function (Plotly) {
      pending.forEach(function (el) {
        if (el.dataset.drawn) return;
        var figure = JSON.parse(document.getElementById(el.dataset.figure).textContent);
        var layout = Object.assign({}, figure.layout, {
          separators: lang === "nl" ? ",." : ".,",
        });
        // Whole numbers with groups (20.000.000), not d3's "20M", in either language.
        Object.keys(layout).forEach(function (key) {
          if (/^[xy]axis\d*$/.test(key) && !layout[key].tickformat) {
            layout[key] = Object.assign(
              { exponentformat: "none", separatethousands: true }, layout[key]
            );
          }
        });
        ["xaxis", "yaxis"].forEach(function (key) {
          if (!layout[key]) layout[key] = { exponentformat: "none", separatethousands: true };
        });
        Plotly.newPlot(el, figure.data, layout, {
          responsive: true,
          displaylogo: false,
          // No toolbar: its buttons would be tab stops in every chart; the table beside
          // each chart carries the numbers.
          displayModeBar: false,
          locale: lang,
        });
        el.dataset.drawn = "1";
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (event) { draw(event.target); });
  // An outerHTML swap replaces the target; htmx:load fires on the new element.
  document.addEventListener("htmx:load", function (event) { draw(event.target); });
})();
