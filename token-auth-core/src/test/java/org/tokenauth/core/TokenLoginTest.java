package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenLoginTest {

    private final Map<String, UserAccount> users = Map.of(
            "alice", new UserAccount("1", "alice", true),
            "bob", new UserAccount("2", "bob", false));
    private final CredentialsVerifier verifier = (username, password) ->
            password.equals(username + " pw") ? Optional.ofNullable(users.get(username)) : Optional.empty();
    private final InMemoryTokenStore store = new InMemoryTokenStore();
    private final TokenLogin login = new TokenLogin(verifier, new TokenService(store));

    @Test
    void loginWhenRightPasswordThenTokenIssuedUnderThePolicy() {
        IssuedToken issued = login.login("alice", "alice pw").orElseThrow();

        assertEquals("1", issued.token().userId());
        assertEquals(issued, login.login("alice", "alice pw").orElseThrow(), "DRF's policy: the same token");
    }

    @Test
    void loginWhenWrongPasswordUnknownOrInactiveThenEmptyAndNothingIssued() {
        assertEquals(Optional.empty(), login.login("alice", "wrong"));
        assertEquals(Optional.empty(), login.login("nobody", "nobody pw"));
        assertEquals(Optional.empty(), login.login("bob", "bob pw"));
        assertTrue(store.findAllOf("2").isEmpty(), "no token for the inactive user");
    }

    @Test
    void loginWhenVerifierFailsThenItsFailurePropagates() {
        IllegalStateException outage = new IllegalStateException("users database down");
        TokenLogin broken = new TokenLogin((u, p) -> {
            throw outage;
        }, new TokenService(store));

        assertSame(outage, assertThrows(IllegalStateException.class, () -> broken.login("alice", "alice pw")));
    }
}
