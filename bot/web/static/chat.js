// Wegwijzer chat: sends typed text or an offered button's payload to the web app.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("chat-form");
  var input = document.getElementById("message");
  var status = document.getElementById("status");
  var restart = document.getElementById("restart");

  function add(who, text, buttons) {
    var item = document.createElement("div");
    item.className = "msg " + who;
    var label = document.createElement("span");
    label.className = "who";
    label.textContent = who === "bot" ? "Wegwijzer: " : "U: ";
    item.appendChild(label);
    item.appendChild(document.createTextNode(text));
    log.appendChild(item);
    if (buttons && buttons.length) {
      var group = document.createElement("div");
      group.className = "buttons";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Kies een antwoord");
      buttons.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = b.title;
        button.addEventListener("click", function () {
          disableButtons();
          add("user", b.title);
          send({ payload: b.payload });
        });
        group.appendChild(button);
      });
      log.appendChild(group);
    }
    log.scrollTop = log.scrollHeight;
  }

  function disableButtons() {
    Array.prototype.forEach.call(log.querySelectorAll(".buttons button"), function (b) { b.disabled = true; });
  }

  function show(messages) {
    (messages || []).forEach(function (m) { add("bot", m.text || "", m.buttons); });
  }

  function post(url, body) {
    status.textContent = "Wegwijzer denkt na…";
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        status.textContent = "";
        if (data.messages) { show(data.messages); }
        else if (data.error) { add("bot", data.error); }
        else if (!r.ok) { add("bot", "Er ging iets mis. Probeer het opnieuw."); }
      });
    }).catch(function () {
      status.textContent = "";
      add("bot", "Er is geen verbinding. Controleer uw internet en probeer het opnieuw.");
    });
  }

  function send(body) { return post("/chat/message", body); }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) { status.textContent = "Typ eerst uw vraag."; input.focus(); return; }
    disableButtons();
    add("user", text);
    input.value = "";
    send({ text: text });
    input.focus();
  });

  restart.addEventListener("click", function () {
    disableButtons();
    add("user", "Opnieuw beginnen");
    send({ text: "opnieuw beginnen" });
  });

  post("/chat/start");
})();
