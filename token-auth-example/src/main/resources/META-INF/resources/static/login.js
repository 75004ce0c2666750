/* The login form: trades username and password for a token at get_auth_token, keeps it, goes to the polls. */
'use strict';

(() => {
  const NOTICES = {
    expired: 'Your token is no longer valid. Please log in again.',
    logged_out: 'You have been logged out.',
  };
  const params = new URLSearchParams(location.search);
  const reason = params.get('reason');

  if (TokenAuth.token() && !reason) {
    location.replace(TokenAuth.url('polls/')); // already logged in
    return;
  }

  const notice = document.getElementById('notice');
  if (NOTICES[reason]) {
    notice.textContent = NOTICES[reason];
    notice.hidden = false;
  }

  function bind(formId, endpoint, errorId, tokenOf) {
    const form = document.getElementById(formId);
    const error = document.getElementById(errorId);
    const button = form.querySelector('button[type=submit]');
    const idle = button.textContent;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.hidden = true;
      const username = form.elements.username.value.trim();
      const password = form.elements.password.value;
      if (!username || !password) {
        show(error, ['Please enter a username and a password.']);
        return;
      }
      button.disabled = true;
      button.textContent = 'One moment…';
      try {
        // No token on this call: a stale one would be refused even here.
        const data = await TokenAuth.request(endpoint, { method: 'POST', body: { username, password }, auth: false });
        TokenAuth.remember(tokenOf(data), username);
        location.assign(TokenAuth.url('polls/'));
      } catch (e) {
        show(error, e instanceof TokenAuth.ApiError ? TokenAuth.messages(e.body) : [String(e)]);
        button.disabled = false;
        button.textContent = idle;
        form.elements.password.select();
      }
    });
  }

  function show(element, lines) {
    element.replaceChildren(...lines.map((line) => Object.assign(document.createElement('p'), { textContent: line })));
    element.hidden = false;
  }

  TokenAuth.forget();
  bind('login-form', 'accounts/get_auth_token/', 'login-error', (data) => data.token);
  bind('register-form', 'accounts/register/', 'register-error', (data) => data.token);

  const toggle = document.getElementById('show-register');
  const register = document.getElementById('register');
  toggle.addEventListener('click', () => {
    register.hidden = !register.hidden;
    toggle.setAttribute('aria-expanded', String(!register.hidden));
    if (!register.hidden) {
      document.getElementById('register-username').focus();
    }
  });
})();
