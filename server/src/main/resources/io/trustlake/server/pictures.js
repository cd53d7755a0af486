// Picking pictures in order from the shuffled grid: each click adds the picture's position to the
// hidden "positions" field; "Start again" clears it. With data-meter, the choice is rated live.
(function () {
  // The text password meter: rated by the server (zxcvbn) as the user types.
  var input = document.getElementById("new-password");
  var passwordMeter = document.getElementById("password-meter");
  if (input && passwordMeter && window.fetch) {
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (input.value === "") { passwordMeter.textContent = ""; return; }
        var who = document.querySelector("[data-user]");
        var user = who ? who.getAttribute("data-user").split(":")[1] : "";
        fetch("/api/v1/auth/password-strength", {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ password: input.value, username: user })
        }).then(function (r) { return r.json(); }).then(function (d) {
          passwordMeter.textContent = "Strength " + d.score + " of 4: " + (d.acceptable ? "strong enough." : d.reason + ".");
          passwordMeter.className = "meter " + (d.acceptable ? "strong" : "weak");
        });
      }, 250);
    });
  }
  var form = document.querySelector(".picture-form");
  if (!form) { return; }
  var field = form.querySelector("input[name=positions]");
  var layout = form.querySelector("input[name=layoutId]").value;
  var picked = form.querySelector(".picked");
  var meter = document.getElementById("picture-meter");
  var chosen = [];
  function rate() {
    if (!meter || !window.fetch) { return; }
    if (chosen.length === 0) { meter.textContent = "Not chosen yet."; meter.className = "meter"; return; }
    fetch("/api/v1/auth/picture-strength", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ layoutId: layout, positions: chosen })
    }).then(function (r) { return r.json(); }).then(function (d) {
      if (d.error) { meter.textContent = d.message; meter.className = "meter weak"; return; }
      meter.textContent = d.bits + " bits: " + (d.acceptable ? "strong enough." : d.reason + ".");
      meter.className = "meter " + (d.acceptable ? "strong" : "weak");
    });
  }
  function show() {
    field.value = chosen.join(",");
    picked.textContent = chosen.length === 0 ? "No pictures chosen." : chosen.length + (chosen.length === 1 ? " picture" : " pictures") + " chosen.";
    form.querySelectorAll(".picture").forEach(function (b) {
      var order = [];
      chosen.forEach(function (p, i) { if (String(p) === b.getAttribute("data-position")) { order.push(i + 1); } });
      b.setAttribute("data-order", order.join(" "));
      b.classList.toggle("chosen", order.length > 0);
    });
    rate();
  }
  form.querySelectorAll(".picture").forEach(function (b) {
    b.addEventListener("click", function () { chosen.push(Number(b.getAttribute("data-position"))); show(); });
  });
  form.querySelector(".clear-pictures").addEventListener("click", function () { chosen = []; show(); });
})();
