// The player on the content origin (Kursportal): the SCORM API object for the package in the
// frame below, loaded with the attempt's state, committing to this origin with the launch's
// token. Commits happen when the package commits or finishes, every 30 seconds while it runs,
// and when the page is hidden or left (fetch with keepalive, which outlives the page). Every
// commit carries the whole state, so the last one wins and a failed one is made good by the next.
(function () {
  "use strict";
  var launch = JSON.parse(document.getElementById("kp-launch").textContent);
  // The status line comes after this script in the page: looked up when needed.
  function statusLine() { return document.getElementById("kp-status"); }
  var session = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + String(Math.random()).slice(2);
  var loadedAt = Date.now();
  var api;

  function show(text, problem, withLink) {
    var status = statusLine();
    status.textContent = text + " ";
    if (withLink) {
      var back = document.createElement("a");
      back.href = launch.backUrl;
      back.target = "_top";
      back.textContent = launch.texts.back;
      status.appendChild(back);
    }
    status.className = problem ? "kp-problem" : "";
    status.hidden = false;
    document.body.className = "kp-with-status";
  }

  function messageOf(body) {
    var message = body && body.message;
    if (message && typeof message === "object") return message.text || "";
    return typeof message === "string" ? message : "";
  }

  var settings = {
    lmsCommitUrl: launch.commitUrl,
    dataCommitFormat: "json",
    commitRequestDataType: "application/json;charset=UTF-8",
    autocommit: true,
    autocommitSeconds: 10,
    mastery_override: true,
    logLevel: 4,
    requestHandler: function (commit) {
      return {
        session: session,
        elapsed: (Date.now() - loadedAt) / 1000,
        terminated: api.isTerminated(),
        cmi: commit.cmi || {}
      };
    },
    responseHandler: function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (response.ok) {
          if (api.isTerminated()) show(launch.texts.finished, false, true);
          else if (statusLine().className === "kp-problem") { statusLine().hidden = true; document.body.className = ""; }
          return { result: "true", errorCode: 0 };
        }
        show(messageOf(body) || launch.texts.notSaved, true, response.status === 409);
        return { result: "false", errorCode: 101 };
      });
    }
  };

  api = launch.version === "1.2" ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
  api.loadFromJSON({ cmi: launch.cmi }, "");
  if (launch.version === "1.2") window.API = api; else window.API_1484_11 = api;

  function commitNow() {
    if (api.isInitialized() && !api.isTerminated()) {
      api.storeData(false);
    }
  }
  setInterval(commitNow, 30000);
  window.addEventListener("pagehide", commitNow);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") commitNow();
  });
  window.addEventListener("online", commitNow);
})();
