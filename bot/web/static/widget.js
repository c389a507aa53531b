/* Wegwijzer chat widget for inhabitants.
 *
 * On a library's site, one tag opens the chat as a launcher button and a panel:
 *   <script src="https://wegwijzer.example/widget.js" defer></script>
 * On Wegwijzer's own page (GET /) it fills the element with data-wegwijzer-inline.
 *
 * It talks to the chat API of the server it was loaded from (POST /chat/start and
 * /chat/message). Every text is put on the page as text, never as HTML; only web
 * addresses become links. The conversation is kept in sessionStorage, so it survives
 * a reload of the page (and ends with the browser tab). "Voorlezen" reads a message
 * aloud with the browser's own Dutch voice, and is left out when there is none.
 */
(function () {
  "use strict";
  if (window.__wegwijzerWidget) { return; }
  window.__wegwijzerWidget = true;

  var script = document.currentScript;
  var BASE = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var STORE = "wegwijzer.chat";
  var MAX = 1000;
  var T = {
    launcher: "Chat met Wegwijzer",
    title: "Wegwijzer",
    intro: "Stel uw vraag over de overheid. Ik ben een computerprogramma.",
    close: "Sluiten",
    restart: "Opnieuw beginnen",
    label: "Uw bericht",
    help: "Schrijf uw vraag in een paar woorden. Bijvoorbeeld: mijn DigiD werkt niet.",
    send: "Verstuur",
    you: "U: ",
    bot: "Wegwijzer: ",
    typing: "Wegwijzer typt",
    choose: "Kies een antwoord",
    empty: "Typ eerst uw vraag.",
    left: "Nog {n} tekens.",
    full: "U heeft het maximum van " + MAX + " tekens bereikt. Stuur dit eerst. Daarna kunt u verder typen.",
    offline: "Er is geen verbinding. Controleer uw internet en probeer het opnieuw.",
    wrong: "Er ging iets mis. Probeer het opnieuw.",
    read: "Voorlezen",
    stop: "Stoppen",
    readLabel: "Lees dit bericht voor",
    newWindow: " (opent in een nieuw venster)",
    log: "Gesprek met Wegwijzer"
  };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function bubble() {  // a speech bubble, drawn (no icon font, no emoji font needed)
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "22");
    svg.setAttribute("height", "22");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z");
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  // ------------------------------------------------------------------ state
  function load() {
    try { return JSON.parse(sessionStorage.getItem(STORE)) || { messages: [], open: false }; }
    catch (e) { return { messages: [], open: false }; }
  }
  var state = load();
  function save() {
    try { sessionStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  // ------------------------------------------------------------------ the DOM
  var host = document.querySelector("[data-wegwijzer-inline]");
  var inline = !!host;
  if (!document.querySelector('link[data-wegwijzer]')) {
    var css = el("link", { rel: "stylesheet", href: BASE + "/static/widget.css", "data-wegwijzer": "" });
    document.head.appendChild(css);
  }
  var root = el("div", { id: "wegwijzer-widget", "class": inline ? "ww-inline" : "ww-floating" });
  var launcher = null;
  if (!inline) {
    launcher = el("button", { type: "button", "class": "ww-launcher", "aria-expanded": "false", "aria-controls": "ww-panel" });
    launcher.appendChild(bubble());
    launcher.appendChild(el("span", {}, T.launcher));
    root.appendChild(launcher);
  }
  var panel = el("section", { id: "ww-panel", "class": "ww-panel", "aria-labelledby": "ww-title" });
  if (!inline) { panel.hidden = true; }
  var header = el("div", { "class": "ww-header" });
  header.appendChild(el(inline ? "h2" : "h2", { id: "ww-title", "class": "ww-title" }, T.title));
  var restart = el("button", { type: "button", "class": "ww-secondary ww-restart" }, T.restart);
  header.appendChild(restart);
  var close = null;
  if (!inline) {
    close = el("button", { type: "button", "class": "ww-close", "aria-label": T.close + " chat" }, "×");
    header.appendChild(close);
  }
  panel.appendChild(header);
  panel.appendChild(el("p", { "class": "ww-intro" }, T.intro));
  var log = el("div", { "class": "ww-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0", "aria-label": T.log });
  panel.appendChild(log);
  var status = el("p", { "class": "ww-status", role: "status", "aria-live": "polite" });
  panel.appendChild(status);
  var form = el("form", { "class": "ww-form", autocomplete: "off", novalidate: "" });
  form.appendChild(el("label", { "for": "ww-input" }, T.label));
  var row = el("div", { "class": "ww-row" });
  var input = el("textarea", { id: "ww-input", name: "message", rows: "2", maxlength: String(MAX), "aria-describedby": "ww-help ww-count" });
  row.appendChild(input);
  row.appendChild(el("button", { type: "submit", "class": "ww-send" }, T.send));
  form.appendChild(row);
  form.appendChild(el("p", { id: "ww-help", "class": "ww-help" }, T.help));
  var count = el("p", { id: "ww-count", "class": "ww-count", "aria-live": "polite" });
  form.appendChild(count);
  panel.appendChild(form);
  root.appendChild(panel);
  (inline ? host : document.body).appendChild(root);

  // ------------------------------------------------------------------ speech (Voorlezen)
  var speech = window.speechSynthesis;
  var dutch = null;
  var speaking = null;
  function findVoice() {
    if (!speech || typeof speech.getVoices !== "function") { return null; }
    var voices = speech.getVoices() || [];
    var best = null;
    voices.forEach(function (v) {
      var lang = (v.lang || "").toLowerCase().replace("_", "-");
      if (lang === "nl-nl" && !best) { best = v; }
    });
    voices.forEach(function (v) {
      if (!best && (v.lang || "").toLowerCase().indexOf("nl") === 0) { best = v; }
    });
    return best;
  }
  function readButton(item, text) {
    if (!dutch || item.querySelector(".ww-read")) { return; }
    var button = el("button", { type: "button", "class": "ww-read", "aria-label": T.readLabel }, T.read);
    button.addEventListener("click", function () {
      if (speaking === button) { speech.cancel(); return; }
      speech.cancel();
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = dutch.lang || "nl-NL";
      try { utterance.voice = dutch; } catch (e) { /* the language alone chooses the voice */ }
      utterance.rate = 0.9;
      utterance.onend = utterance.onerror = function () {
        if (speaking === button) { speaking = null; button.textContent = T.read; button.setAttribute("aria-label", T.readLabel); }
      };
      speaking = button;
      button.textContent = T.stop;
      button.setAttribute("aria-label", T.stop + " met voorlezen");
      speech.speak(utterance);
    });
    item.appendChild(button);
  }
  function voicesReady() {
    var found = findVoice();
    if (found && !dutch) {
      dutch = found;
      Array.prototype.forEach.call(log.querySelectorAll(".ww-msg.ww-bot"), function (item) {
        readButton(item, item.getAttribute("data-text") || "");
      });
    }
  }
  if (speech) {
    voicesReady();
    if (typeof speech.addEventListener === "function") { speech.addEventListener("voiceschanged", voicesReady); }
  }

  // ------------------------------------------------------------------ messages
  var URL_RE = /(https?:\/\/[^\s<>"]+[^\s<>".,;:!?)'])|(www\.[^\s<>"]+[^\s<>".,;:!?)'])/g;
  function withLinks(parent, text) {
    var last = 0;
    text.replace(URL_RE, function (match, _http, _www, offset) {
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var href = match.indexOf("http") === 0 ? match : "https://" + match;
      var a = el("a", { href: href, target: "_blank", rel: "noopener noreferrer" }, match);
      a.appendChild(el("span", { "class": "ww-hidden" }, T.newWindow));
      parent.appendChild(a);
      last = offset + match.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function render(message, live) {
    var who = message.who === "user" ? "user" : "bot";
    var item = el("div", { "class": "ww-msg ww-" + who });
    item.appendChild(el("span", { "class": "ww-hidden" }, who === "bot" ? T.bot : T.you));
    var body = el("div", { "class": "ww-text" });
    withLinks(body, message.text || "");
    item.appendChild(body);
    if (who === "bot") {
      item.setAttribute("data-text", message.text || "");
      readButton(item, message.text || "");
    }
    log.appendChild(item);
    if (message.buttons && message.buttons.length) {
      var group = el("div", { "class": "ww-buttons", role: "group", "aria-label": T.choose });
      message.buttons.forEach(function (b) {
        var button = el("button", { type: "button", "class": "ww-choice" }, b.title);
        button.disabled = !live;
        button.addEventListener("click", function () {
          say(b.title, { payload: b.payload });
        });
        group.appendChild(button);
      });
      log.appendChild(group);
    }
    log.scrollTop = log.scrollHeight;
  }

  function disableChoices() {
    Array.prototype.forEach.call(log.querySelectorAll(".ww-choice"), function (b) { b.disabled = true; });
  }

  function add(message, live) {
    state.messages.push(message);
    if (state.messages.length > 200) { state.messages = state.messages.slice(-200); }
    save();
    render(message, live);
  }

  function restore() {
    var lastBot = -1;
    state.messages.forEach(function (m, i) { if (m.who !== "user") { lastBot = i; } });
    state.messages.forEach(function (m, i) { render(m, i === lastBot && i === state.messages.length - 1); });
  }

  // ------------------------------------------------------------------ talking to the server
  var waiting = 0;
  function typing(on) {
    waiting += on ? 1 : -1;
    if (waiting > 0) {
      status.textContent = "";
      var dots = el("span", { "class": "ww-dots", "aria-hidden": "true" });
      dots.appendChild(el("span")); dots.appendChild(el("span")); dots.appendChild(el("span"));
      status.appendChild(document.createTextNode(T.typing + " "));
      status.appendChild(dots);
      status.classList.add("ww-typing");
    } else {
      waiting = 0;
      status.textContent = "";
      status.classList.remove("ww-typing");
    }
  }

  function post(path, body) {
    typing(true);
    return fetch(BASE + path, {
      method: "POST",
      credentials: "include",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        typing(false);
        if (data.expired) {
          state.messages = []; save(); log.textContent = "";
          return post("/chat/start");
        }
        if (data.messages && data.messages.length) {
          data.messages.forEach(function (m, i) {
            add({ who: "bot", text: m.text || "", buttons: m.buttons || [] }, i === data.messages.length - 1);
          });
        } else if (data.error) {
          add({ who: "bot", text: data.error }, true);
        } else if (!r.ok) {
          add({ who: "bot", text: T.wrong }, true);
        }
      });
    }).catch(function () {
      typing(false);
      add({ who: "bot", text: T.offline }, true);
    });
  }

  function say(text, body) {
    disableChoices();
    add({ who: "user", text: text }, false);
    return post("/chat/message", body);
  }

  function start() {
    if (!state.messages.length) { post("/chat/start"); }
  }

  // ------------------------------------------------------------------ events
  function counter() {
    var left = MAX - input.value.length;
    count.textContent = left <= 0 ? T.full : left <= 100 ? T.left.replace("{n}", left) : "";
    count.classList.toggle("ww-full", left <= 0);
  }
  input.addEventListener("input", counter);
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit")); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { status.textContent = T.empty; input.focus(); return; }
    input.value = "";
    counter();
    say(text, { text: text });
    input.focus();
  });
  restart.addEventListener("click", function () {
    if (speech) { speech.cancel(); }
    state.messages = []; save(); log.textContent = "";
    say(T.restart, { text: "opnieuw beginnen" });
    input.focus();
  });

  function open(focus) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    root.classList.add("ww-open");
    state.open = true; save();
    start();
    if (focus) { input.focus(); }
  }
  function shut() {
    if (speech) { speech.cancel(); }
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    root.classList.remove("ww-open");
    state.open = false; save();
    launcher.focus();
  }
  if (!inline) {
    launcher.addEventListener("click", function () { if (panel.hidden) { open(true); } else { shut(); } });
    close.addEventListener("click", shut);
    panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { shut(); } });
  }

  restore();
  counter();
  if (inline) { start(); }
  else if (state.open) { open(false); }
})();
