/* The web edition's search: reads the index made when the book was built
   (scripts/search-index.js, window.bookSearchIndex) and lists the sections that hold
   every word asked for. Words are folded as web/search.py folds them. Nothing is
   fetched: the page works from file:// and from any folder of any server. */
(function () {
  "use strict";
  var index = window.bookSearchIndex;
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!index || !form || !input || !status || !list) {
    return;
  }
  var WORD = /[\p{L}\p{M}\p{N}]+/gu;

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().normalize("NFC");
  }

  function unspaced(character) {
    var code = character.codePointAt(0);
    return index.unspaced.some(function (range) {
      return code >= range[0] && code <= range[1];
    });
  }

  /* The query's words, as the index holds them (pairs of characters in scripts
     written without spaces). */
  function words(text) {
    var found = [];
    (fold(text).match(WORD) || []).forEach(function (run) {
      var pieces = [];
      Array.from(run).forEach(function (character) {
        var last = pieces[pieces.length - 1];
        if (last && unspaced(Array.from(last).pop()) === unspaced(character)) {
          pieces[pieces.length - 1] = last + character;
        } else {
          pieces.push(character);
        }
      });
      pieces.forEach(function (piece) {
        var characters = Array.from(piece);
        if (unspaced(characters[0]) && characters.length > 1) {
          for (var i = 0; i + 1 < characters.length; i++) {
            found.push(characters[i] + characters[i + 1]);
          }
        } else {
          found.push(piece);
        }
      });
    });
    return found.filter(function (word, position) {
      return found.indexOf(word) === position;
    });
  }

  /* The first index word that is not less than `word` (the words are sorted as
     Python sorts strings: by code point). */
  function firstFrom(word) {
    var low = 0;
    var high = index.words.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (compare(index.words[middle], word) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  function compare(one, other) {
    var a = Array.from(one);
    var b = Array.from(other);
    for (var i = 0; i < Math.min(a.length, b.length); i++) {
      var difference = a[i].codePointAt(0) - b[i].codePointAt(0);
      if (difference) {
        return difference;
      }
    }
    return a.length - b.length;
  }

  /* Section number -> weight, for the sections holding a word that starts with `word`. */
  function sectionsWith(word) {
    var weights = new Map();
    for (var i = firstFrom(word); i < index.words.length && index.words[i].startsWith(word); i++) {
      var postings = index.postings[i];
      for (var j = 0; j < postings.length; j += 2) {
        weights.set(postings[j], (weights.get(postings[j]) || 0) + postings[j + 1]);
      }
    }
    return weights;
  }

  function search(query) {
    var asked = words(query);
    if (!asked.length) {
      return [];
    }
    var total = null;
    asked.forEach(function (word) {
      var found = sectionsWith(word);
      if (total === null) {
        total = found;
        return;
      }
      var both = new Map();
      total.forEach(function (weight, section) {
        if (found.has(section)) {
          both.set(section, weight + found.get(section));
        }
      });
      total = both;
    });
    return Array.from(total.entries()).sort(function (a, b) {
      return b[1] - a[1] || a[0] - b[0];
    });
  }

  /* `text` into `holder`, the words that begin with a word asked for marked. */
  function marked(holder, text, asked) {
    var last = 0;
    text.replace(WORD, function (word, offset) {
      var folded = fold(word);
      var hit = asked.some(function (wanted) {
        return !unspaced(Array.from(wanted)[0]) && folded.startsWith(wanted);
      });
      if (hit) {
        holder.appendChild(document.createTextNode(text.slice(last, offset)));
        holder.appendChild(document.createElement("mark")).textContent = word;
        last = offset + word.length;
      }
      return word;
    });
    holder.appendChild(document.createTextNode(text.slice(last)));
  }

  function message(template, query, count) {
    return template.replace("{query}", query).replace("{count}", String(count));
  }

  function show(query) {
    list.textContent = "";
    if (!query.trim()) {
      status.textContent = "";
      return;
    }
    var results = search(query);
    if (!results.length) {
      status.textContent = message(status.dataset.none, query.trim(), 0);
      return;
    }
    status.textContent = message(status.dataset.found, query.trim(), results.length);
    results.forEach(function (result) {
      var section = index.sections[result[0]];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = section[0];
      link.textContent = section[2] || section[1];
      link.dir = "auto";
      item.appendChild(link);
      if (section[2]) {
        var part = document.createElement("span");
        part.className = "result-part";
        part.textContent = section[1];
        part.dir = "auto";
        item.appendChild(part);
      }
      if (section[3]) {
        var excerpt = document.createElement("p");
        excerpt.dir = "auto";
        marked(excerpt, section[3], words(query));
        item.appendChild(excerpt);
      }
      list.appendChild(item);
    });
  }

  var query = new URLSearchParams(window.location.search).get("q") || "";
  input.value = query;
  show(query);
  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      show(input.value);
    }, 200);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    try {
      window.history.replaceState(null, "", url);  /* the address keeps the query */
    } catch (refused) {
      /* some browsers refuse it on file:// pages: the results still show */
    }
    show(input.value);
  });
})();
