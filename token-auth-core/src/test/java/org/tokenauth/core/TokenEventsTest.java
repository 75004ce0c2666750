package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.cache.CachingTokenStore;

/** Every event of {@link TokenEvents}, fired once, from the service, the authenticator and the login. */
class TokenEventsTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final Recording events = new Recording();
    private final UserAccount alice = new UserAccount("1", "alice", true);
    private final UserAccount bob = new UserAccount("2", "bob", false);
    private final UserLookup users = id -> Optional.ofNullable(Map.of("1", alice, "2", bob).get(id));

    /** Writes each event as one short line: its name, then what identifies it (never a key). */
    static final class Recording implements TokenEvents {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void issued(Token token) {
            seen.add("issued " + token.userId() + " " + token.id());
        }

        @Override
        public void authenticated(UserAccount user, Token token) {
            seen.add("authenticated " + user.id() + " " + token.id());
        }

        @Override
        public void rejected(Authentication.Failure reason, Optional<Token> token) {
            seen.add("rejected " + reason + token.map(t -> " " + t.id()).orElse(""));
        }

        @Override
        public void revoked(Token token, Revocation why) {
            seen.add("revoked " + token.userId() + " " + token.id() + " " + why);
        }

        @Override
        public void expired(Token token) {
            seen.add("expired " + token.id());
        }

        @Override
        public void refreshed(Token token, Instant expires) {
            seen.add("refreshed " + token.id() + " " + expires);
        }

        @Override
        public void migrated(Token token) {
            seen.add("migrated " + token.userId() + " " + token.id());
        }

        @Override
        public void loginFailed(String username, String sourceAddress) {
            seen.add("loginFailed " + username + " " + sourceAddress);
        }
    }

    private TokenService.Builder hashed(TokenStore store) {
        return TokenService.builder(store).keys(KeyMode.hashed(KeyModeTest.SECRET)).clock(clock).events(events);
    }

    @Test
    void issueForWhenCapReachedThenIssuedAndLeastRecentlyUsedEvicted() {
        TokenService tokens = hashed(new InMemoryTokenStore()).tokenPerLogin(2).build();
        IssuedToken first = tokens.issueFor("1");
        clock.advance(Duration.ofSeconds(1));
        IssuedToken second = tokens.issueFor("1");
        clock.advance(Duration.ofSeconds(1));
        IssuedToken third = tokens.issueFor("1");

        assertEquals(List.of("issued 1 " + first.token().id(), "issued 1 " + second.token().id(),
                "issued 1 " + third.token().id(), "revoked 1 " + first.token().id() + " EVICTED"), events.seen);
    }

    @Test
    void issueForWhenDrfModeAndUserHasTokenThenIssuedOnlyOnce() {
        TokenService tokens = TokenService.builder(new InMemoryTokenStore()).clock(clock).events(events).build();
        IssuedToken first = tokens.issueFor("1");
        IssuedToken again = tokens.issueFor("1");

        assertEquals(first.key(), again.key());
        assertEquals(List.of("issued 1 " + first.token().id()), events.seen);
    }

    @Test
    void reissueForThenNewTokenIssuedAndOldOnesReplaced() {
        TokenService tokens = hashed(new InMemoryTokenStore()).build();
        IssuedToken old = tokens.issueFor("1");
        events.seen.clear();

        IssuedToken fresh = tokens.reissueFor("1");

        assertEquals(List.of("issued 1 " + fresh.token().id(), "revoked 1 " + old.token().id() + " REPLACED"), events.seen);
    }

    @Test
    void revokeThenRevokedWithWhoWhichAndWhy() {
        TokenService tokens = hashed(new InMemoryTokenStore()).build();
        IssuedToken a = tokens.issueFor("1");
        IssuedToken b = tokens.issueFor("1");
        IssuedToken c = tokens.issueFor("2");
        IssuedToken d = tokens.issueFor("2");
        events.seen.clear();

        assertTrue(tokens.revoke(a.key()));
        assertTrue(tokens.revokeById("1", b.token().id()));
        assertEquals(2, tokens.revokeAllOf("2"));
        tokens.revoke(a.key()); // gone already: nothing deleted, nothing fired

        assertEquals(List.of("revoked 1 " + a.token().id() + " LOGOUT", "revoked 1 " + b.token().id() + " BY_ID"),
                events.seen.subList(0, 2));
        assertEquals(List.of("revoked 2 " + c.token().id() + " ALL_OF_USER", "revoked 2 " + d.token().id() + " ALL_OF_USER")
                .stream().sorted().toList(), events.seen.subList(2, 4).stream().sorted().toList());
        assertEquals(4, events.seen.size());
    }

    @Test
    void authenticateWhenTokenExpiredThenExpiredAndRejectedWithTheToken() {
        TokenService tokens = hashed(new InMemoryTokenStore()).timeToLive(Duration.ofHours(1)).build();
        IssuedToken issued = tokens.issueFor("1");
        clock.advance(Duration.ofHours(2));
        events.seen.clear();

        Authentication outcome = new TokenAuthenticator(tokens, users, "Token").authenticate("Token " + issued.key());

        assertEquals(Authentication.Failure.INVALID_TOKEN, ((Authentication.Rejected) outcome).failure());
        assertEquals(List.of("expired " + issued.token().id(), "rejected TOKEN_EXPIRED " + issued.token().id()), events.seen);
    }

    @Test
    void checkWhenSlidingRefreshDueThenRefreshed() {
        TokenService tokens = hashed(new InMemoryTokenStore()).timeToLive(Duration.ofHours(1))
                .slidingRefresh(Duration.ofMinutes(1)).build();
        IssuedToken issued = tokens.issueFor("1");
        events.seen.clear();
        clock.advance(Duration.ofMinutes(5));

        tokens.check(issued.key());
        tokens.check(issued.key()); // within the interval: no second write, no second event

        assertEquals(List.of("refreshed " + issued.token().id() + " " + clock.instant().plus(Duration.ofHours(1))), events.seen);
    }

    @Test
    void checkWhenDrfKeyOfLegacyTableThenMigrated() {
        InMemoryTokenStore legacy = new InMemoryTokenStore();
        String drfKey = TokenGenerator.secureRandomHex().generate();
        legacy.getOrInsert(Token.of(drfKey, "1", clock.instant()));
        TokenService tokens = hashed(new InMemoryTokenStore()).migrateFrom(legacy).build();

        TokenCheck check = tokens.check(drfKey);
        tokens.check(drfKey); // moved already: no second event

        Token moved = assertInstanceOf(TokenCheck.Valid.class, check).token();
        assertEquals(List.of("migrated 1 " + moved.id()), events.seen);
    }

    @Test
    void authenticateWhenBadCredentialsThenRejectedWithTheReason() {
        TokenService tokens = hashed(new InMemoryTokenStore()).build();
        IssuedToken bobs = tokens.issueFor("2");
        events.seen.clear();
        TokenAuthenticator authenticator = new TokenAuthenticator(tokens, users, "Token");

        authenticator.authenticate("Token");
        authenticator.authenticate("Token a b");
        authenticator.authenticate("Token \u00ff\u00fe");
        authenticator.authenticate("Token tka_unknown");
        authenticator.authenticate("Token " + bobs.key());
        authenticator.authenticate("Basic abc"); // another scheme: anonymous, not rejected
        authenticator.authenticate(null);

        assertEquals(List.of("rejected NO_CREDENTIALS", "rejected CONTAINS_SPACES", "rejected INVALID_CHARACTERS",
                "rejected INVALID_TOKEN", "rejected USER_INACTIVE " + bobs.token().id()), events.seen);
    }

    @Test
    void authenticateWhenValidThenAuthenticatedOnlyIfAskedFor() {
        TokenService quiet = hashed(new InMemoryTokenStore()).build();
        IssuedToken key = quiet.issueFor("1");
        events.seen.clear();
        new TokenAuthenticator(quiet, users, "Token").authenticate("Token " + key.key());
        assertEquals(List.of(), events.seen, "off by default");

        TokenService loud = TokenService.builder(quiet.store()).keys(KeyMode.hashed(KeyModeTest.SECRET)).clock(clock)
                .events(events, true).build();
        new TokenAuthenticator(loud, users, "Token").authenticate("Token " + key.key());
        assertEquals(List.of("authenticated 1 " + key.token().id()), events.seen);
    }

    @Test
    void loginWhenRefusedThenLoginFailedWithSourceAddress() {
        TokenService tokens = hashed(new InMemoryTokenStore()).build();
        CredentialsVerifier verifier = (username, password) -> Optional.of(username.equals("bob") ? bob : alice)
                .filter(user -> password.equals("right"));
        TokenLogin login = new TokenLogin(verifier, tokens);

        login.login("alice", "wrong", "203.0.113.7");
        login.login("bob", "right", "2001:db8::1"); // inactive: the same refusal
        IssuedToken ok = login.login("alice", "right", "203.0.113.7").orElseThrow();

        assertEquals(List.of("loginFailed alice 203.0.113.7", "loginFailed bob 2001:db8::1", "issued 1 " + ok.token().id()),
                events.seen);
    }

    @Test
    void pruneExpiredThenOnlyExpiredTokensDeletedAndReported() {
        TokenService tokens = hashed(new InMemoryTokenStore()).timeToLive(Duration.ofHours(1)).build();
        IssuedToken old = tokens.issueFor("1");
        clock.advance(Duration.ofMinutes(90));
        IssuedToken live = tokens.issueFor("1");
        events.seen.clear();

        assertEquals(1, tokens.pruneExpired("1"));

        assertEquals(List.of("revoked 1 " + old.token().id() + " EXPIRED"), events.seen);
        assertEquals(List.of(live.token().id()), tokens.tokensOf("1").stream().map(Token::id).toList());
    }

    @Test
    void eventsWhenListenerThrowsThenLoggedAndTheCallSucceeds() {
        TokenEvents failing = new TokenEvents() {
            @Override
            public void issued(Token token) {
                throw new IllegalStateException("audit log full");
            }

            @Override
            public void rejected(Authentication.Failure reason, Optional<Token> token) {
                throw new IllegalStateException("audit log full");
            }
        };
        TokenService tokens = TokenService.builder(new InMemoryTokenStore()).keys(KeyMode.hashed(KeyModeTest.SECRET))
                .events(failing).build();

        IssuedToken issued = tokens.issueFor("1");
        Authentication outcome = new TokenAuthenticator(tokens, users, "Token").authenticate("Token tka_nope");

        assertInstanceOf(TokenCheck.Valid.class, tokens.check(issued.key()));
        assertEquals(Authentication.Failure.INVALID_TOKEN, ((Authentication.Rejected) outcome).failure());
    }

    @Test
    void eventsWhenCacheInFrontOfStoreThenFiredOnce() {
        TokenService tokens = hashed(new InMemoryTokenStore()).build();
        TokenService cached = tokens.withStore(CachingTokenStore.of(tokens.store()));

        IssuedToken issued = cached.issueFor("1");
        cached.revoke(issued.key());

        assertEquals(List.of("issued 1 " + issued.token().id(), "revoked 1 " + issued.token().id() + " LOGOUT"), events.seen);
    }
}
