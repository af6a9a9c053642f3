(function () {
  "use strict";
  // Progressive enhancement only: every link works without this script (plain #anchors).
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.card[data-f]"));
  var panes = Array.prototype.slice.call(document.querySelectorAll("section.pane"));
  var panesBox = document.getElementById("panes");
  var status = document.getElementById("status");
  var current = -1;

  function sticky() {
    return !!panesBox && window.getComputedStyle(panesBox).position === "sticky";
  }

  function flash(el) {
    el.classList.remove("flash");
    void el.offsetWidth; // restart the animation
    el.classList.add("flash");
    window.setTimeout(function () { el.classList.remove("flash"); }, 1500);
  }

  // Scroll a pane (only the pane, not the page) so that el sits a third of the way down.
  function scrollInPane(el, bringPaneIntoView) {
    var pane = el.closest ? el.closest("section.pane") : null;
    if (!pane) { el.scrollIntoView({ block: "center" }); return; }
    var pr = pane.getBoundingClientRect();
    var er = el.getBoundingClientRect();
    pane.scrollTop += er.top - pr.top - pane.clientHeight / 3;
    if (bringPaneIntoView && (pr.bottom < 40 || pr.top > window.innerHeight - 40)) {
      pane.scrollIntoView({ block: "nearest" });
    }
  }

  // The pieces of finding num's passage in a pane: they all link to the same twin (or card).
  function pieces(num, pane) {
    return pane.querySelectorAll('a.hl[href^="#f' + num + '-"], a.hl[href="#f' + num + '"]');
  }

  function cardIndex(num) {
    for (var i = 0; i < cards.length; i++) {
      if (cards[i].getAttribute("data-f") === String(num)) { return i; }
    }
    return -1;
  }

  function setCurrent(i, scrollCard) {
    if (current >= 0 && cards[current]) { cards[current].classList.remove("current"); }
    current = i;
    var card = cards[i];
    if (!card) { return; }
    card.classList.add("current");
    if (scrollCard) { card.scrollIntoView({ block: "nearest" }); }
    if (status) {
      var tag = card.querySelector(".tag");
      status.textContent = "finding " + (i + 1) + " of " + cards.length + (tag ? " (" + tag.textContent + ")" : "");
    }
  }

  // Show finding num in every pane but the one the click came from, flashing its passages there.
  function showInPanes(num, fromPane, bringIntoView) {
    panes.forEach(function (pane) {
      if (pane === fromPane) { return; }
      var anchor = document.getElementById("f" + num + "-d" + pane.getAttribute("data-doc"));
      if (!anchor) { return; }
      scrollInPane(anchor, bringIntoView);
      Array.prototype.forEach.call(pieces(num, pane), flash);
    });
  }

  function go(i) {
    if (!cards.length) { return; }
    i = Math.max(0, Math.min(cards.length - 1, i));
    setCurrent(i, true);
    flash(cards[i]);
    showInPanes(cards[i].getAttribute("data-f"), null, false);
  }

  document.addEventListener("click", function (ev) {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) { return; }
    var a = ev.target.closest ? ev.target.closest("a[href^='#']") : null;
    if (!a) { return; }
    var id = a.getAttribute("href").slice(1);
    var m = /^f(\d+)(?:-d(\d+)|-e(\d+))?$/.exec(id);
    var target = document.getElementById(id);
    if (!m || !target) { return; }
    ev.preventDefault();
    var num = m[1];
    var fromPane = a.closest("section.pane");
    var i = cardIndex(num);
    if (m[3] !== undefined) {            // a piece of evidence: only its own place
      scrollInPane(target, true);
      var parent = target.nextElementSibling;
      if (parent) { flash(parent); }
    } else if (m[2] !== undefined) {     // a passage: the twin, and its card
      if (fromPane) {
        showInPanes(num, fromPane, true);
        if (i >= 0) { setCurrent(i, sticky()); }
      } else {
        showInPanes(num, null, true);
        if (i >= 0) { setCurrent(i, false); }
      }
    } else if (i >= 0) {                 // a card (from the plot, a unique passage)
      go(i);
    }
    try { history.replaceState(null, "", "#" + id); } catch (e) { /* file:// in some browsers */ }
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.metaKey || ev.ctrlKey || ev.altKey) { return; }
    var t = ev.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    if (ev.key === "n") { ev.preventDefault(); go(current + 1); }
    else if (ev.key === "p") { ev.preventDefault(); go(current < 0 ? 0 : current - 1); }
  });
}());
