/*
 * Logging out: first ask the server to revoke the token (POST /accounts/logout/), so that every
 * copy of it stops working; then forget it here, whatever the server said; then go to the login form.
 */
'use strict';

(async () => {
  if (TokenAuth.token()) {
    try {
      await TokenAuth.request('accounts/logout/', { method: 'POST', redirectOn401: false });
    } catch (e) {
      // Already revoked, or the server is down: the browser forgets the token all the same.
    }
  }
  TokenAuth.forget();
  location.replace(TokenAuth.url('accounts/auth/?reason=logged_out'));
})();
