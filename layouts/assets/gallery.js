// Gallery filter: narrows the cards already in the page by name, unit or song.
// Without JavaScript the page shows every card and the filter stays hidden.
(function () {
  var box = document.querySelector(".gallery-filter");
  if (!box) return;
  var input = box.querySelector("input");
  var status = box.querySelector(".filter-status");
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card"));
  var sections = document.querySelectorAll(".gallery-unit, .gallery-group");
  box.hidden = false;
  input.addEventListener("input", function () {
    var query = input.value.trim().toLowerCase();
    var shown = 0;
    cards.forEach(function (card) {
      var match = !query || card.textContent.toLowerCase().indexOf(query) !== -1;
      card.hidden = !match;
      if (match) shown += 1;
    });
    Array.prototype.forEach.call(sections, function (section) {
      section.hidden = !section.querySelector(".card:not([hidden])");
    });
    status.textContent = query ? "找到 " + shown + " 名选手" : "";
  });
})();
