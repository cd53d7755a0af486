// Live notifications for signed-in portal users (progressive enhancement: pages work without it).
// Listens to the node's server-sent events and shows a short notice with a link to refresh.
(function () {
  // The sign-in page waiting for a push approval checks every two seconds and continues by itself.
  var wait = document.getElementById("push-wait");
  if (wait && window.fetch) {
    var check = function () {
      fetch(location.pathname, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (d) {
          if (d.status === "SIGNED_IN") { location.href = "/portal"; }
          else if (d.status === "WAITING") { setTimeout(check, 2000); }
          else { location.reload(); }
        })
        .catch(function () { setTimeout(check, 4000); });
    };
    setTimeout(check, 2000);
    return;
  }
  if (!window.EventSource || location.pathname === "/login") { return; }
  var box = document.getElementById("live");
  if (!box) { return; }
  var source = new EventSource("/portal/events");
  function show(text, href) {
    box.hidden = false;
    box.textContent = text + " ";
    var link = document.createElement("a");
    link.href = href;
    link.textContent = "Show";
    box.appendChild(link);
  }
  source.addEventListener("access", function (e) {
    var d = JSON.parse(e.data);
    var what = d.emergency ? "Emergency access to your record by " : (d.outcome === "GRANTED" ? "Your record was opened by " : "Refused request for your record by ");
    show(what + d.who + ".", "/portal/audit");
  });
  // The requester hears of their own request too: they are told the answer, not asked for access.
  var user = document.querySelector("[data-user]");
  var me = user ? user.getAttribute("data-user") : "";
  source.addEventListener("access-request", function (e) {
    var d = JSON.parse(e.data);
    var status = d.status.toLowerCase();
    if (d.who === me) {
      if (d.status !== "PENDING") { show("Your access request was " + status + ".", "/portal/patients?patientId=" + encodeURIComponent(d.patientId)); }
    } else if (d.status === "PENDING") {
      // A new query string so that "Show" reloads the start page even when it is already open.
      show(d.who + " asks for access to your record.", "/portal?request=" + encodeURIComponent(d.requestId) + "#access-requests");
    } else {
      show("Access request " + status + ".", "/portal");
    }
  });
  source.addEventListener("login-approval", function (e) {
    var d = JSON.parse(e.data);
    show("A sign-in to your account from " + d.address + " waits for your approval.", "/portal/security#approvals");
  });
  source.addEventListener("error", function () { source.close(); });
})();
