// Site search over search.json, CJK-aware: text is matched by character pairs (bigrams), not by
// whitespace-separated words, so 小明 finds 王小明 and 歌手大赛 finds 职工歌手大赛.
var HeraldSearch = (function () {
  function normalize(text) {
    return String(text || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  }
  // The query's pieces: the whole query when it is one or two characters, otherwise its bigrams.
  function grams(query) {
    var chars = Array.from(normalize(query));
    if (chars.length <= 2) return chars.length ? [chars.join("")] : [];
    var result = [];
    for (var i = 0; i + 1 < chars.length; i += 1) result.push(chars[i] + chars[i + 1]);
    return result;
  }
  // Entries containing every piece of the query, best first (title hits count three times).
  function search(entries, query, limit) {
    var pieces = grams(query);
    if (!pieces.length) return [];
    var scored = [];
    entries.forEach(function (entry, position) {
      var title = normalize(entry.t);
      var text = title + normalize(entry.x);
      var score = 0;
      for (var i = 0; i < pieces.length; i += 1) {
        if (text.indexOf(pieces[i]) === -1) return;
        score += title.indexOf(pieces[i]) !== -1 ? 3 : 1;
      }
      scored.push({ entry: entry, score: score, position: position });
    });
    scored.sort(function (a, b) { return b.score - a.score || a.position - b.position; });
    return scored.slice(0, limit || 50).map(function (item) { return item.entry; });
  }
  return { normalize: normalize, grams: grams, search: search };
})();

if (typeof module !== "undefined" && module.exports) {
  module.exports = HeraldSearch;
} else {
  (function () {
    var form = document.querySelector(".search-form");
    if (!form) return;
    var input = form.querySelector("input[name=q]");
    var list = document.querySelector(".search-results");
    var status = document.querySelector(".search-status");
    var root = form.getAttribute("data-root");
    var entries = null;
    form.hidden = false;

    function show() {
      var query = input.value;
      while (list.firstChild) list.removeChild(list.firstChild);
      if (!entries || !HeraldSearch.normalize(query)) { status.textContent = ""; return; }
      var found = HeraldSearch.search(entries, query, 50);
      status.textContent = found.length ? "找到 " + found.length + " 条结果" : "没有找到相关内容";
      found.forEach(function (entry) {
        var item = document.createElement("li");
        var kind = document.createElement("span");
        kind.className = "badge";
        kind.textContent = entry.k;
        var link = document.createElement("a");
        link.href = root + entry.u;
        link.textContent = entry.t;
        var excerpt = document.createElement("p");
        excerpt.className = "summary";
        excerpt.textContent = entry.x;
        item.appendChild(kind);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(link);
        item.appendChild(excerpt);
        list.appendChild(item);
      });
    }

    var query = new URLSearchParams(window.location.search).get("q");
    if (query) input.value = query;
    input.addEventListener("input", show);
    form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
    fetch(form.getAttribute("data-index"))
      .then(function (response) { return response.json(); })
      .then(function (index) { entries = index.entries; show(); })
      .catch(function () { status.textContent = "搜索索引加载失败，请稍后再试。"; });
  })();
}
