// Checks, in the browser, that each entry of "My audit trail" is in the consortium's ledger: it
// fetches the latest checkpoint (tree size and root, cosigned by the organisations' nodes), the
// entry's exact bytes and its RFC 9162 inclusion proof, recomputes the hashes with Web Crypto
// SHA-256 and folds the proof up to the root. Trusts nothing but the checkpoint's root; where the
// browser supports Ed25519, it also checks each organisation's signature of the checkpoint.
(function () {
  var cells = document.querySelectorAll("td[data-log-index]");
  var summary = document.getElementById("proof-summary");
  if (!cells.length || !window.crypto || !window.crypto.subtle || !window.fetch) { return; }

  function hex(bytes) {
    return Array.prototype.map.call(new Uint8Array(bytes), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  function unhex(text) {
    if (!/^[0-9a-f]{64}$/.test(text)) { throw new Error("not a hash"); }
    var out = new Uint8Array(32);
    for (var i = 0; i < 32; i++) { out[i] = parseInt(text.substr(i * 2, 2), 16); }
    return out;
  }
  function unbase64url(text) {
    var b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (b64.length % 4) { b64 += "="; }
    var raw = atob(b64);
    var out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }
  function sha256(prefix, parts) {
    var length = 1;
    parts.forEach(function (p) { length += p.length; });
    var data = new Uint8Array(length);
    data[0] = prefix;
    var at = 1;
    parts.forEach(function (p) { data.set(p, at); at += p.length; });
    return crypto.subtle.digest("SHA-256", data).then(function (d) { return new Uint8Array(d); });
  }
  function json(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    });
  }

  // RFC 9162 section 2.1.3.2.
  function inclusionValid(index, size, leaf, proof, root) {
    if (index >= size) { return Promise.resolve(false); }
    var fn = index, sn = size - 1, r = Promise.resolve(leaf);
    var ok = true;
    proof.forEach(function (p) {
      if (sn === 0) { ok = false; return; }
      if (fn % 2 === 1 || fn === sn) {
        r = r.then(function (h) { return sha256(1, [p, h]); });
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = r.then(function (h) { return sha256(1, [h, p]); });
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    });
    return r.then(function (h) { return ok && sn === 0 && hex(h) === hex(root); });
  }

  function signatureValid(signature, text) {
    if (signature.status !== "SIGNED") { return Promise.resolve(false); }
    return crypto.subtle.importKey("raw", unhex(signature.publicKey), { name: "Ed25519" }, false, ["verify"])
      .then(function (key) {
        return crypto.subtle.verify({ name: "Ed25519" }, key, unbase64url(signature.signature),
          new TextEncoder().encode(text));
      });
  }

  function countSignatures(checkpoint) {
    return Promise.all(checkpoint.signatures.map(function (s) {
      return signatureValid(s, checkpoint.signedText).catch(function () { return null; });
    })).then(function (results) {
      var checked = results.filter(function (v) { return v !== null; }).length;
      var valid = results.filter(function (v) { return v === true; }).length;
      var signed = checkpoint.signatures.filter(function (s) { return s.status === "SIGNED"; }).length;
      return { total: checkpoint.signatures.length, signed: checked ? valid : signed, checkedInBrowser: checked > 0 };
    });
  }

  function mark(cell, verified, text) {
    cell.textContent = text;
    cell.className = "proof " + (verified ? "verified" : "unverified");
  }

  function check(cell, checkpoint, root) {
    var index = Number(cell.getAttribute("data-log-index"));
    if (index >= checkpoint.size) {
      mark(cell, false, "could not verify yet: newer than the latest checkpoint");
      return Promise.resolve(false);
    }
    return Promise.all([
      json("/portal/ledger/entries/" + index),
      json("/portal/ledger/proofs/inclusion?index=" + index + "&size=" + checkpoint.size)
    ]).then(function (answers) {
      var entry = answers[0], proof = answers[1];
      return sha256(0, [unbase64url(entry.entry)]).then(function (leaf) {
        return inclusionValid(index, checkpoint.size, leaf, proof.proof.map(unhex), root);
      });
    }).then(function (valid) {
      mark(cell, valid, valid ? "verified" : "could not verify: the ledger's proof does not match this entry");
      return valid;
    }, function () {
      mark(cell, false, "could not verify: the ledger did not answer");
      return false;
    });
  }

  cells.forEach(function (cell) { cell.textContent = "checking…"; });
  json("/portal/ledger/checkpoint").then(function (checkpoint) {
    var root = unhex(checkpoint.root);
    return countSignatures(checkpoint).then(function (signatures) {
      return Promise.all(Array.prototype.map.call(cells, function (cell) { return check(cell, checkpoint, root); }))
        .then(function (results) {
          var verified = results.filter(Boolean).length;
          summary.textContent = verified + " of " + results.length + " entries verified in your browser against the"
            + " ledger checkpoint of " + checkpoint.size + " entries, signed by " + signatures.signed + " of "
            + signatures.total + " organisations" + (signatures.checkedInBrowser ? " (signatures checked here too)." : ".");
        });
    });
  }).catch(function () {
    cells.forEach(function (cell) { mark(cell, false, "could not verify: no checkpoint available"); });
  });
})();
