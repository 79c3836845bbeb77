// The admin's one small script (progressive enhancement: every page works without it).
// - confirmations: a form or button with data-confirm asks before sending;
// - drafts: a textarea with data-draft keeps what is typed in this browser and on the server, and
//   brings it back after an expired session or a closed tab;
// - live inbox: the count of items waiting in the title of every page, and the inbox list
//   refreshed when something changes;
// - canned replies: picking one inserts its text in the answer box.
(function () {
  'use strict';
  var body = document.body;
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  var user = body.getAttribute('data-user') || '';
  var text = function (name) { return body.getAttribute('data-t-' + name) || ''; };

  // ---- confirmations ----
  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    var submitter = ev.submitter;
    var msg = (submitter && submitter.getAttribute('data-confirm')) || form.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) return ev.preventDefault();
    // Long work (imports): one press only, and say what is happening.
    if (form.hasAttribute('data-busy')) {
      if (form.getAttribute('data-sent')) return ev.preventDefault();
      form.setAttribute('data-sent', '1');
      var btn = submitter || form.querySelector('button');
      if (btn) btn.textContent = form.getAttribute('data-busy');
    }
    // Where to come back to if the session has expired meanwhile (see admin/router.ts).
    if ((form.method || '').toLowerCase() === 'post' && !form.querySelector('input[name=_back]')) {
      var back = document.createElement('input');
      back.type = 'hidden';
      back.name = '_back';
      back.value = location.pathname + location.search;
      form.appendChild(back);
    }
  });

  // ---- drafts ----
  var SERVER_SAVE_MS = 1500;
  function draftBox(area) {
    var key = area.getAttribute('data-draft');
    var storeKey = 'tl-draft:' + user + ':' + key;
    var note = document.getElementById('draft-note');
    var cleared = Date.parse(area.getAttribute('data-draft-cleared') || '') || 0;
    var local = null;
    try { local = JSON.parse(localStorage.getItem(storeKey) || 'null'); } catch (e) { local = null; }
    var server = { text: area.getAttribute('data-draft-server') || '', at: Date.parse(area.getAttribute('data-draft-at') || '') || 0 };
    // The newest copy typed after the last accepted send wins; older copies were sent already.
    var best = null;
    [local, server].forEach(function (c) {
      if (c && c.text && c.at > cleared && (!best || c.at > best.at)) best = c;
    });
    if (!best && local && local.at <= cleared) localStorage.removeItem(storeKey);
    if (best && !area.value) {
      area.value = best.text;
      if (note) note.textContent = text('draft-restored');
    }
    var timer = null;
    area.addEventListener('input', function () {
      try { localStorage.setItem(storeKey, JSON.stringify({ text: area.value, at: Date.now() })); } catch (e) { /* storage full or off */ }
      clearTimeout(timer);
      timer = setTimeout(function () {
        fetch('/admin/drafts', {
          method: 'POST', credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, Accept: 'application/json' },
          body: JSON.stringify({ key: key, text: area.value }),
        }).then(function (r) {
          if (note) note.textContent = r.ok ? text('draft-saved') : text('draft-local');
        }).catch(function () { if (note) note.textContent = text('draft-local'); });
      }, SERVER_SAVE_MS);
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('textarea[data-draft]'), draftBox);

  // ---- canned replies ----
  var pick = document.getElementById('canned-pick');
  if (pick) {
    pick.addEventListener('change', function () {
      var opt = pick.options[pick.selectedIndex];
      var area = document.getElementById(pick.getAttribute('data-target'));
      if (!opt || !opt.value || !area) return;
      var add = opt.getAttribute('data-text') || '';
      area.value = area.value ? area.value.replace(/\s*$/, '') + '\n\n' + add : add;
      area.dispatchEvent(new Event('input'));
      area.focus();
      pick.selectedIndex = 0;
    });
  }

  // ---- live inbox ----
  var liveMs = Number(body.getAttribute('data-live-ms')) || 0;
  if (!liveMs) return;
  var baseTitle = document.title;
  var list = document.getElementById('inbox-live');
  var stamp = list ? list.getAttribute('data-stamp') : null;
  var busy = false;
  function poll() {
    if (busy) return;
    busy = true;
    fetch('/admin/inbox/live.json', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) return;
        document.title = p.waiting ? '(' + p.waiting + ') ' + baseTitle : baseTitle;
        if (list && p.stamp !== stamp) return refreshList(p.stamp);
      })
      .catch(function () { /* offline: try again at the next tick */ })
      .then(function () { busy = false; });
  }
  function refreshList(next) {
    return fetch(location.href, { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.getElementById('inbox-live');
        if (!fresh) return;
        list.innerHTML = fresh.innerHTML;
        stamp = fresh.getAttribute('data-stamp') || next;
        list.setAttribute('data-stamp', stamp);
        var note = document.getElementById('inbox-live-note');
        if (note) note.textContent = text('inbox-updated') + ' ' + new Date().toLocaleTimeString('vi-VN');
      });
  }
  poll();
  setInterval(poll, liveMs);
})();
