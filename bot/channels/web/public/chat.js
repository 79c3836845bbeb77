// The web chat page: no build step, plain DOM. Keeps a random user id in localStorage.
(function () {
  'use strict';
  var log = document.getElementById('log');
  var form = document.getElementById('form');
  var input = document.getElementById('text');
  var userId = localStorage.getItem('motcua.userId');
  if (!userId) {
    userId = 'w-' + Math.random().toString(36).slice(2) + Date.now().toString(36);
    localStorage.setItem('motcua.userId', userId);
  }

  // The engine numbers every option in the text for channels without buttons; here the buttons
  // show them, so the trailing "1. …" lines that repeat a button title are left out.
  function withoutNumberedOptions(reply) {
    var lines = reply.text.split('\n');
    var titles = (reply.buttons || []).filter(function (b) { return !b.url; }).map(function (b) { return b.title; });
    while (lines.length > 1) {
      var m = /^(\d+)\. (.*)$/.exec(lines[lines.length - 1]);
      if (!m || titles.indexOf(m[2]) < 0) break;
      lines.pop();
    }
    return lines.join('\n');
  }

  function add(kind, reply) {
    var li = document.createElement('li');
    li.className = 'msg msg--' + kind;
    li.textContent = withoutNumberedOptions(reply);
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
          el.addEventListener('click', function () { send({ payload: b.payload }, b.title); });
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
    log.scrollTop = log.scrollHeight;
  }

  function send(body, shown) {
    add('user', { text: shown });
    body.userId = userId;
    body.id = 'w-' + Date.now() + '-' + Math.random().toString(36).slice(2, 8);
    return fetch('/api/webchat/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (r) { return r.json(); }).then(function (data) {
      if (data.replies) data.replies.forEach(function (r) { add('bot', r); });
      else if (data.error) add('bot', { text: data.error.message });
    }).catch(function () {
      add('bot', { text: '⚠ Mất kết nối. Vui lòng thử lại. / Connection lost, please retry.' });
    });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    send({ text: text }, text);
  });

  if (window.EventSource) {
    var es = new EventSource('/api/webchat/stream?userId=' + encodeURIComponent(userId));
    es.onmessage = function (e) {
      try { JSON.parse(e.data).replies.forEach(function (r) { add('bot', r); }); } catch (_) { /* ignore */ }
    };
  }
  input.focus();
})();
