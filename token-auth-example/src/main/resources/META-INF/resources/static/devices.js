/*
 * The "Devices & tokens" page: lists the caller's tokens (GET accounts/tokens/), revokes one
 * (DELETE accounts/tokens/{id}/) or every one but this browser's, and creates a named token
 * (POST accounts/tokens/), whose key is shown once. In DRF mode the server keeps one token per
 * user and answers the list with "Allow: GET, HEAD, OPTIONS": the page then says so and hides
 * the create form.
 */
'use strict';

(() => {
  if (!TokenAuth.token()) {
    TokenAuth.toLogin();
    return;
  }

  const list = document.getElementById('tokens');
  const flash = document.getElementById('flash');
  const revokeOthers = document.getElementById('revoke-others');
  const createSection = document.getElementById('create');
  const form = document.getElementById('create-form');
  const formError = document.getElementById('create-error');
  const newToken = document.getElementById('new-token');
  const newKey = document.getElementById('new-token-key');
  const copyStatus = document.getElementById('copy-status');
  let others = [];

  if (TokenAuth.username()) {
    document.getElementById('user').textContent = TokenAuth.username();
    document.getElementById('signed-in').hidden = false;
  }

  function el(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === 'class') {
        element.className = value;
      } else if (name.startsWith('data-') || name.startsWith('aria-')) {
        element.setAttribute(name, value);
      } else {
        element[name] = value;
      }
    }
    element.append(...children);
    return element;
  }

  function when(iso, none) {
    if (!iso) {
      return el('span', { class: 'muted-text', textContent: none });
    }
    const date = new Date(iso);
    return el('time', {
      dateTime: iso,
      title: date.toISOString(),
      textContent: date.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
    });
  }

  function showFlash(text, kind = 'error') {
    flash.textContent = text;
    flash.className = `notice ${kind}`;
    flash.hidden = false;
  }

  function row(token, hashed) {
    const name = token.name
      ? el('span', { class: 'token-name', textContent: token.name })
      : el('span', { class: 'token-name unnamed', textContent: 'Login' });
    const scopes = token.scopes.length
      ? token.scopes.map((scope) => el('code', { class: 'scope', textContent: scope }))
      : [el('span', { class: 'muted-text', textContent: 'all (no scopes)' })];
    let action;
    if (token.current) {
      action = el('span', { class: 'badge', textContent: 'This browser' });
    } else {
      action = el('button', { type: 'button', class: 'secondary danger revoke', textContent: 'Revoke' });
      action.setAttribute('aria-label', `Revoke ${token.name || 'login token'} created ${token.created}`);
      action.addEventListener('click', () => revoke(token, action));
    }
    return el('tr', { class: token.current ? 'current' : '', 'data-token-id': token.id },
      el('td', { 'data-label': 'Name' }, name),
      el('td', { 'data-label': 'Scopes' }, ...scopes),
      el('td', { 'data-label': 'Created' }, when(token.created, '—')),
      // Hashed mode writes a last use behind, at most once a minute; DRF's table has no column for it.
      el('td', { 'data-label': 'Last used' }, when(token.last_used, hashed ? 'Not yet' : 'Not kept')),
      el('td', { 'data-label': 'Expires' }, when(token.expires, 'Never')),
      el('td', { class: 'action' }, action));
  }

  function render(tokens, hashed) {
    others = tokens.filter((t) => !t.current);
    const head = el('tr', {}, ...['Name', 'Scopes', 'Created', 'Last used', 'Expires', '']
      .map((h) => el('th', { scope: 'col', textContent: h })));
    list.replaceChildren(el('table', { class: 'tokens' },
      el('thead', {}, head),
      el('tbody', {}, ...tokens.map((token) => row(token, hashed)))));
    revokeOthers.hidden = others.length === 0;
  }

  async function load() {
    try {
      const { data, headers } = await TokenAuth.request('accounts/tokens/', { withHeaders: true });
      // The server's own word on whether it takes named tokens: POST is in Allow only in hashed mode.
      const creatable = (headers.get('Allow') || '').split(',').map((m) => m.trim()).includes('POST');
      document.getElementById('drf-mode').hidden = creatable;
      createSection.hidden = !creatable;
      render(data, creatable);
    } catch (e) {
      if (e.status !== 401) {
        list.replaceChildren(el('p', { class: 'error', textContent: `Could not load your tokens: ${e.message}` }));
      }
    }
  }

  /** Revokes one token by id; 404 means it is gone already, which is what was asked. */
  async function revokeById(token) {
    try {
      await TokenAuth.request(`accounts/tokens/${encodeURIComponent(token.id)}/`, { method: 'DELETE' });
    } catch (e) {
      if (e.status !== 404) {
        throw e;
      }
    }
  }

  async function revoke(token, button) {
    button.disabled = true;
    try {
      await revokeById(token);
      showFlash(`Revoked “${token.name || 'Login'}”: its next request will be refused.`, 'success');
      await load();
    } catch (e) {
      button.disabled = false;
      if (e.status !== 401) {
        showFlash(`Could not revoke it: ${e.message}`);
      }
    }
  }

  revokeOthers.addEventListener('click', async () => {
    revokeOthers.disabled = true;
    const targets = others;
    try {
      // One by one, by id: this browser's token stays (logout-all would end this session too).
      for (const token of targets) {
        await revokeById(token);
      }
      showFlash(`Signed out ${targets.length} other device${targets.length === 1 ? '' : 's'}.`, 'success');
    } catch (e) {
      if (e.status !== 401) {
        showFlash(`Could not sign out every other device: ${e.message}`);
      }
    } finally {
      revokeOthers.disabled = false;
      await load();
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.hidden = true;
    const name = form.elements.name.value.trim();
    const scopes = [...form.querySelectorAll('input[name=scopes]:checked')].map((box) => box.value);
    if (!name) {
      formError.textContent = 'Give the token a name.';
      formError.hidden = false;
      return;
    }
    const body = { name, scopes };
    const expiresIn = form.elements.expires_in.value;
    if (expiresIn) {
      body.expires_in = Number(expiresIn);
    }
    const submit = document.getElementById('create-button');
    submit.disabled = true;
    try {
      const created = await TokenAuth.request('accounts/tokens/', { method: 'POST', body });
      form.reset();
      document.getElementById('new-token-name').textContent = `“${created.name}”`;
      newKey.value = created.token;
      copyStatus.textContent = '';
      newToken.hidden = false;
      newKey.focus();
      newKey.select();
      await load();
    } catch (e) {
      if (e.status !== 401) {
        formError.textContent = e.message;
        formError.hidden = false;
      }
    } finally {
      submit.disabled = false;
    }
  });

  document.getElementById('copy-token').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(newKey.value);
      copyStatus.textContent = 'Copied to the clipboard.';
    } catch (e) {
      // No Clipboard API (not a secure context) or no permission: select it for Ctrl+C / ⌘C.
      newKey.focus();
      newKey.select();
      copyStatus.textContent = 'Selected: press Ctrl+C (⌘C on a Mac) to copy it.';
    }
  });

  // Once dismissed, the key is gone from the page: the server never shows it again.
  document.getElementById('dismiss-token').addEventListener('click', () => {
    newKey.value = '';
    newToken.hidden = true;
  });

  load();
})();
