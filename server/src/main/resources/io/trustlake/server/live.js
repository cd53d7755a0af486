// Live notifications for signed-in portal users (progressive enhancement: pages work without it).
// Listens to the node's server-sent events and shows a short notice with a link to refresh.
(function () {
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
  source.addEventListener("access-request", function (e) {
    var d = JSON.parse(e.data);
    if (d.status === "PENDING") { show(d.who + " asks for access to your record.", "/portal#access-requests"); }
    else { show("Access request " + d.status.toLowerCase() + ".", "/portal"); }
  });
  source.addEventListener("error", function () { source.close(); });
})();
