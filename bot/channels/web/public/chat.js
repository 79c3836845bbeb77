// The web chat page: no build step, plain DOM.
// - its identity is issued and signed by the server (POST /api/webchat/session), carried in an
//   HttpOnly cookie; inside the widget's frame, where a browser may withhold that cookie, the page
//   also keeps the id in its own storage and names it in each request;
// - opens with the conversation so far (GET /api/webchat/history), and says so when a form is open;
//   a first visit opens with the greeting and the menu (GET /api/webchat/welcome: shown, not recorded);
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
  var banner = document.getElementById('banner');
  var lang = main.getAttribute('data-lang') || 'vi';
  var embedded = main.getAttribute('data-embedded') === '1';
  var T = function (name) { return main.getAttribute('data-t-' + name) || ''; };
  var OUTBOX_KEY = 'motcua.outbox';
  var ID_KEY = 'motcua.chatId';
  // Retry a message that could not leave while the browser claims to be online (a flaky network).
  var RETRY_MS = 5000;

  // Ids the page chose itself before identities were issued by the server are of no use any more.
  try { localStorage.removeItem('motcua.userId'); } catch (e) { /* storage off */ }
  var userId = null;
  if (embedded) { try { userId = localStorage.getItem(ID_KEY); } catch (e) { userId = null; } }

  /** Asks the server for this chat's identity (the same one when the page has it already). */
  function session(fresh) {
    var body = !fresh && userId ? { userId: userId } : {};
    return fetch('/api/webchat/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    }).then(function (r) { return r.ok ? r.json() : {}; }).then(function (data) {
      if (data.userId) {
        userId = data.userId;
        if (embedded) { try { localStorage.setItem(ID_KEY, userId); } catch (e) { /* storage off */ } }
      }
      return userId;
    });
  }
  function withId(url) {
    return userId ? url + (url.indexOf('?') < 0 ? '?' : '&') + 'userId=' + encodeURIComponent(userId) : url;
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

  function add(kind, reply, past) {
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
      // Buttons of an earlier answer, shown again on reopening, are spent: only the last answer's work.
      if (past) box.setAttribute('data-used', '1');
      reply.buttons.forEach(function (b) {
        var el;
        if (b.url) {
          // Only web addresses: a javascript: or data: link from a bad catalog entry is not made a link.
          if (!/^https?:\/\//i.test(b.url)) return;
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
    var payload = { id: msg.id };
    if (userId) payload.userId = userId;
    for (var k in msg.body) payload[k] = msg.body[k];
    fetch('/api/webchat/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(payload),
    }).then(function (r) {
      // The identity is no longer accepted (the server's key changed): take a new one and send again.
      if (r.status === 401 && !msg.renewed) {
        msg.renewed = true;
        return session(true).then(function () { return { retry: true }; });
      }
      // A server error is worth another try; a refusal (4xx) is shown and not repeated.
      if (r.status >= 500) throw new Error('server ' + r.status);
      return r.json();
    }).then(function (data) {
      if (data.retry) { setSending(false); openStream(); flush(); return; }
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
    banner.hidden = true;
    send({ text: text }, text);
  });

  // ---- opening the page ----
  function welcome() {
    return fetch('/api/webchat/welcome?lang=' + encodeURIComponent(lang), { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { replies: [] }; })
      .then(function (data) { showReplies(data.replies || []); });
  }

  // The conversation so far, oldest first; a first visit gets the greeting instead.
  function restore() {
    return fetch(withId('/api/webchat/history'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : { messages: [] }; })
      .then(function (data) {
        var messages = data.messages || [];
        if (!messages.length) return welcome();
        var lastBot = -1;
        messages.forEach(function (m, i) { if (m.direction === 'out') lastBot = i; });
        messages.forEach(function (m, i) {
          add(m.direction === 'in' ? 'user' : 'bot', { text: m.text, buttons: m.buttons }, i !== lastBot);
        });
        log.scrollTop = log.scrollHeight;
        if (data.openForm) {
          banner.textContent = data.openForm;
          banner.hidden = false;
        }
      });
  }

  var es = null;
  function openStream() {
    if (!window.EventSource) return;
    if (es) es.close();
    es = new EventSource(withId('/api/webchat/stream'));
    es.onmessage = function (e) {
      try { showReplies(JSON.parse(e.data).replies); } catch (_) { /* ignore */ }
    };
    es.onerror = function () {
      // Closed for good (refused): try again later; a dropped stream reconnects by itself.
      if (es.readyState === 2) setTimeout(openStream, RETRY_MS * 6);
    };
  }

  session(false)
    .then(restore)
    .catch(function () { /* offline at open: the menu comes with the first answer */ })
    .then(function () {
      // Messages typed offline before a reload are still waiting: show them and send them.
      queue.forEach(function (m) {
        bubbles[m.id] = add('user', { text: m.shown });
        note(bubbles[m.id], T('queued'), 'msg--queued');
      });
      flush();
      openStream();
    });
  input.focus();
})();
