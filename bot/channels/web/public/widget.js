// The embeddable web chat: one line on the commune's site,
//   <script src="https://ASSISTANT-HOST/webchat/widget.js" defer></script>
// adds a round button in the bottom corner that opens the chat in a panel (an iframe of the
// assistant's own page, so the chat keeps its own address, storage and security headers).
// Optional attributes on the script tag: data-lang="en", data-label="…" (button text).
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || document.getElementById('motcua-widget')) return;
  var origin = new URL(script.src).origin;
  var lang = script.getAttribute('data-lang') === 'en' ? 'en' : 'vi';
  var label = script.getAttribute('data-label') || (lang === 'en' ? 'Ask the one-stop assistant' : 'Hỏi Trợ lý Một cửa');
  var closeLabel = lang === 'en' ? 'Close' : 'Đóng';

  var root = document.createElement('div');
  root.id = 'motcua-widget';
  root.style.cssText = 'position:fixed;right:16px;bottom:16px;z-index:2147483000;font-family:system-ui,Arial,sans-serif';
  var panel = document.createElement('div');
  panel.id = 'motcua-widget-panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', label);
  panel.style.cssText = 'position:fixed;right:16px;bottom:84px;width:min(380px,calc(100vw - 32px));height:min(600px,calc(100vh - 110px));' +
    'background:#fff;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.25);overflow:hidden;display:none;flex-direction:column';
  var isOpen = false;
  var bar = document.createElement('div');
  bar.style.cssText = 'display:flex;align-items:center;justify-content:space-between;padding:8px 12px;background:#b71c1c;color:#fff;font-weight:600';
  bar.textContent = label;
  var close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', closeLabel);
  close.style.cssText = 'background:none;border:0;color:#fff;font-size:24px;line-height:1;cursor:pointer';
  bar.appendChild(close);
  panel.appendChild(bar);
  var frame = null;

  var bubble = document.createElement('button');
  bubble.type = 'button';
  bubble.id = 'motcua-widget-button';
  bubble.setAttribute('aria-label', label);
  bubble.setAttribute('aria-expanded', 'false');
  bubble.title = label;
  bubble.innerHTML = '<svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true"><path fill="#fff" d="M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
  bubble.style.cssText = 'width:60px;height:60px;border-radius:50%;border:0;background:#b71c1c;box-shadow:0 4px 16px rgba(0,0,0,.3);cursor:pointer;display:flex;align-items:center;justify-content:center';

  function toggle(open) {
    isOpen = open;
    panel.style.display = open ? 'flex' : 'none';
    bubble.setAttribute('aria-expanded', open ? 'true' : 'false');
    // The chat loads on first open only: a visitor who never opens it costs nothing.
    if (open && !frame) {
      frame = document.createElement('iframe');
      frame.src = origin + '/?embed=1&lang=' + lang;
      frame.title = label;
      frame.style.cssText = 'flex:1;border:0;width:100%';
      panel.appendChild(frame);
    }
  }
  bubble.addEventListener('click', function () { toggle(!isOpen); });
  close.addEventListener('click', function () { toggle(false); bubble.focus(); });
  root.appendChild(panel);
  root.appendChild(bubble);
  (document.body || document.documentElement).appendChild(root);
})();
