/*
 * The one wrapper every API call of these pages goes through (the tutorial's "interceptor"):
 * it adds "Authorization: Token <key>" when the browser holds a token, sends and reads JSON,
 * and, when the API answers 401, forgets the token and goes to the login form.
 */
'use strict';

const TokenAuth = (() => {
  const TOKEN_KEY = 'tokenauth.token';
  const USER_KEY = 'tokenauth.username';

  // The application's root URL, whatever context path it is deployed at: this file is <root>static/api.js.
  const root = new URL('../', document.currentScript.src);

  /** An API answer other than 2xx; `body` is DRF's error object. */
  class ApiError extends Error {
    constructor(status, body) {
      super(messages(body).join(' ') || `HTTP ${status}`);
      this.status = status;
      this.body = body;
    }
  }

  function url(path) {
    return new URL(path, root).toString();
  }

  function token() {
    return localStorage.getItem(TOKEN_KEY);
  }

  function username() {
    return localStorage.getItem(USER_KEY);
  }

  function remember(key, name) {
    localStorage.setItem(TOKEN_KEY, key);
    localStorage.setItem(USER_KEY, name);
  }

  /** Logging out on this browser: the token is simply forgotten. */
  function forget() {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
  }

  function toLogin(reason) {
    location.assign(url('accounts/auth/') + (reason ? `?reason=${encodeURIComponent(reason)}` : ''));
  }

  /** DRF's error bodies as sentences: {"detail": …} or {"field": ["message", …], …}. */
  function messages(body) {
    if (!body || typeof body !== 'object') {
      return [];
    }
    if (typeof body.detail === 'string') {
      return [body.detail];
    }
    const out = [];
    for (const [field, value] of Object.entries(body)) {
      const list = Array.isArray(value) ? value : [value];
      for (const item of list) {
        if (typeof item === 'string') {
          out.push(field === 'non_field_errors' ? item : `${label(field)}: ${item}`);
        } else {
          out.push(...messages(item).map((m) => `${label(field)}: ${m}`));
        }
      }
    }
    return out;
  }

  function label(field) {
    return field.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
  }

  /**
   * Calls the API. Options: method, body (sent as JSON), auth (send the token; default true),
   * redirectOn401 (default true: a refused token means "log in again"), withHeaders (default false:
   * the answer is the parsed body; true: `{ data, headers }`, e.g. to read `Allow`).
   */
  async function request(path, { method = 'GET', body, auth = true, redirectOn401 = true, withHeaders = false } = {}) {
    const headers = { Accept: 'application/json' };
    const key = auth ? token() : null;
    if (key) {
      headers.Authorization = `Token ${key}`;
    }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(url(path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (e) {
      throw new ApiError(0, { detail: 'Cannot reach the server. Is it running?' });
    }
    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = { detail: `Unexpected answer from the server (HTTP ${response.status}).` };
      }
    }
    if (response.status === 401 && auth && redirectOn401) {
      forget();
      toLogin('expired');
    }
    if (!response.ok) {
      throw new ApiError(response.status, data);
    }
    return withHeaders ? { data, headers: response.headers } : data;
  }

  return { request, url, token, username, remember, forget, toLogin, messages, ApiError };
})();
