// The web chat page: no build step, plain DOM. Keeps a random user id in localStorage.
// - opens with the greeting and the menu (GET /api/webchat/welcome: shown, not recorded);
// - one message at a time: a sending state, a second tap sends nothing twice;
// - offline: messages wait in localStorage and go, in order and with their ids (the server drops
//   a repeated id), when the network is back;
// - web addresses in answers are links; a long answer opens at its start.
(function () {
  'use strict';
  var main = document.querySelector('main.chat');
  var log = document.getElementById('log');
  var form = document.getElementById('form');
  var input = document.getElementById('text');
  var sendButton = document.getElementById('send');
  var statusLine = document.getElementById('status');
  var lang = main.getAttribute('data-lang') || 'vi';
  if (/[?&]embed=1\b/.test(location.search)) document.body.classList.add('embedded');
  var T = function (name) { return main.getAttribute('data-t-' + name) || ''; };
  var OUTBOX_KEY = 'motcua.outbox';
  // Retry a message that could not leave while the browser claims to be online (a flaky network).
  var RETRY_MS = 5000;

  var userId = localStorage.getItem('motcua.userId');
  if (!userId) {
    userId = 'w-' + Math.random().toString(36).slice(2) + Date.now().toString(36);
    localStorage.setItem('motcua.userId', userId);
  }

  // The engine numbers every option in the text for channels without buttons; here the buttons
  // show them, so the trailing "1. …" lines that repeat a button title are left out.
  function withoutNumberedOptions(reply) {
    var lines = (reply.text || '').split('\n');
    var titles = (reply.buttons || []).filter(function (b) { return !b.url; }).map(function (b) { return b.title; });
    while (lines.length > 1) {
      var m = /^(\d+)\. (.*)$/.exec(lines[lines.length - 1]);
      if (!m || titles.indexOf(m[2]) < 0) break;
      lines.pop();
    }
    return lines.join('\n');
  }

  // Web addresses (with or without http) become links; trailing punctuation stays text.
  var URL_RE = /(https?:\/\/[^\s<>"]+|\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov\.vn|com\.vn|org\.vn|edu\.vn|vn|com|org|net)\b(?:\/[^\s<>"]*)?)/gi;
  function appendLinked(el, text) {
    var last = 0;
    text.replace(URL_RE, function (match, _u, offset) {
      var url = match.replace(/[.,;:!?)\]]+$/, '');
      el.appendChild(document.createTextNode(text.slice(last, offset)));
      var a = document.createElement('a');
      a.href = /^https?:\/\//i.test(url) ? url : 'https://' + url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.textContent = url;
      el.appendChild(a);
      last = offset + url.length;
      return match;
    });
    el.appendChild(document.createTextNode(text.slice(last)));
  }

  function add(kind, reply) {
    var li = document.createElement('li');
    li.className = 'msg msg--' + kind;
    var body = document.createElement('span');
    body.className = 'msg__text';
    if (kind === 'bot') appendLinked(body, withoutNumberedOptions(reply));
    else body.textContent = reply.text;
    li.appendChild(body);
    if (reply.buttons && reply.buttons.length) {
      var box = document.createElement('div');
      box.className = 'msg__buttons';
      reply.buttons.forEach(function (b) {
        var el;
        if (b.url) {
          el = document.createElement('a');
          el.href = b.url;
          el.target = '_blank';
          el.rel = 'noopener';
        } else {
          el = document.createElement('button');
          el.type = 'button';
          el.addEventListener('click', function () {
            // A choice is made once: a second tap on the same message sends nothing.
            if (box.getAttribute('data-used')) return;
            box.setAttribute('data-used', '1');
            el.classList.add('chosen');
            send({ payload: b.payload }, b.title);
          });
        }
        el.textContent = b.title;
        box.appendChild(el);
      });
      li.appendChild(box);
    }
    (reply.images || []).forEach(function (img) {
      var i = document.createElement('img');
      i.src = img.url; i.alt = img.caption || ''; i.style.maxWidth = '100%';
      li.appendChild(i);
    });
    log.appendChild(li);
    return li;
  }

  // Shows the bot's replies; a reply taller than the window opens at its first line.
  function showReplies(replies) {
    var first = null;
    replies.forEach(function (r) {
      var li = add('bot', r);
      if (!first) first = li;
    });
    if (!first) return;
    var tall = log.scrollHeight - first.offsetTop > log.clientHeight;
    log.scrollTop = tall ? first.offsetTop - 8 : log.scrollHeight;
  }

  function note(li, text, cls) {
    var n = li.querySelector('.msg__note');
    if (!n) {
      n = document.createElement('small');
      n.className = 'msg__note';
      li.appendChild(n);
    }
    n.textContent = text;
    li.className = 'msg msg--user' + (cls ? ' ' + cls : '');
  }
  function clearNote(li) {
    var n = li.querySelector('.msg__note');
    if (n) n.remove();
    li.className = 'msg msg--user';
  }

  // ---- the outbox: one message in flight at a time, in order ----
  var queue = [];
  try { queue = JSON.parse(localStorage.getItem(OUTBOX_KEY) || '[]') || []; } catch (e) { queue = []; }
  var bubbles = {};
  var inFlight = false;
  var retryTimer = null;
  function save() {
    try { localStorage.setItem(OUTBOX_KEY, JSON.stringify(queue)); } catch (e) { /* storage full: kept in memory */ }
  }
  function setSending(on) {
    inFlight = on;
    sendButton.disabled = on;
    sendButton.setAttribute('aria-busy', on ? 'true' : 'false');
  }
  function setOffline(on) {
    statusLine.hidden = !on;
    statusLine.textContent = on ? T('offline') : '';
  }

  function send(body, shown) {
    var msg = { id: 'w-' + Date.now() + '-' + Math.random().toString(36).slice(2, 8), body: body, shown: shown };
    queue.push(msg);
    save();
    bubbles[msg.id] = add('user', { text: shown });
    note(bubbles[msg.id], T('sending'), 'msg--pending');
    log.scrollTop = log.scrollHeight;
    flush();
  }

  function flush() {
    if (inFlight || !queue.length) return;
    var msg = queue[0];
    var li = bubbles[msg.id];
    if (!navigator.onLine) {
      setOffline(true);
      queue.forEach(function (m) { if (bubbles[m.id]) note(bubbles[m.id], T('queued'), 'msg--queued'); });
      return;
    }
    setSending(true);
    if (li) note(li, T('sending'), 'msg--pending');
    var payload = { userId: userId, id: msg.id };
    for (var k in msg.body) payload[k] = msg.body[k];
    fetch('/api/webchat/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    }).then(function (r) {
      // A server error is worth another try; a refusal (4xx) is shown and not repeated.
      if (r.status >= 500) throw new Error('server ' + r.status);
      return r.json();
    }).then(function (data) {
      queue.shift();
      save();
      if (li) clearNote(li);
      setOffline(false);
      setSending(false);
      if (data.replies) showReplies(data.replies);
      else if (data.error) showReplies([{ text: data.error.message }]);
      flush();
    }).catch(function () {
      setSending(false);
      if (li) note(li, T('queued'), 'msg--queued');
      setOffline(true);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(flush, RETRY_MS);
    });
  }
  window.addEventListener('online', function () { setOffline(false); flush(); });
  window.addEventListener('offline', function () { setOffline(true); });

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || inFlight) return;
    input.value = '';
    send({ text: text }, text);
  });

  // ---- opening the page ----
  function welcome() {
    return fetch('/api/webchat/welcome?lang=' + encodeURIComponent(lang), { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { replies: [] }; })
      .then(function (data) { showReplies(data.replies || []); })
      .catch(function () { /* offline at open: the menu comes with the first answer */ });
  }
  welcome().then(function () {
    // Messages typed offline before a reload are still waiting: show them and send them.
    queue.forEach(function (m) {
      bubbles[m.id] = add('user', { text: m.shown });
      note(bubbles[m.id], T('queued'), 'msg--queued');
    });
    flush();
  });

  if (window.EventSource) {
    var es = new EventSource('/api/webchat/stream?userId=' + encodeURIComponent(userId));
    es.onmessage = function (e) {
      try { showReplies(JSON.parse(e.data).replies); } catch (_) { /* ignore */ }
    };
  }
  input.focus();
})();
