// Land on the highlighted sentence: ?start=&end= gives #focus; #span-q3 names one record's span.
(function () {
  function land() {
    var text = document.getElementById("text");
    if (!text) return;
    var old = text.querySelectorAll(".from-hash");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("focus", "from-hash");
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash.indexOf("span-") === 0) {
      var hits = text.querySelectorAll('[data-r~="' + hash.slice(5).replace(/"/g, "") + '"]');
      for (var j = 0; j < hits.length; j++) hits[j].classList.add("focus", "from-hash");
    } else if (hash && hash !== "focus") {
      return; // an ordinary anchor: the browser has already scrolled there
    }
    var anchor = document.getElementById(hash || "focus");
    var first = anchor && anchor.classList.contains("anchor") ? anchor.nextElementSibling : anchor;
    if (first) first.scrollIntoView({ block: "center" });
  }
  document.addEventListener("DOMContentLoaded", land);
  window.addEventListener("hashchange", land);
})();
