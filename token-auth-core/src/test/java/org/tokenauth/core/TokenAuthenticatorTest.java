package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tokenauth.core.Authentication.Failure;
import org.tokenauth.core.jdbc.JdbcTokenStore;

/**
 * Every row of DRF's authentication table (docs/WIRE-CONTRACT.md, "Authentication"), on the header value
 * as a container hands it over: one char per byte (ISO-8859-1).
 */
class TokenAuthenticatorTest {

    private static final String KEY = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b";
    private static final String INACTIVE_KEY = "0123456789abcdef0123456789abcdef01234567";
    private static final String DELETED_KEY = "fedcba9876543210fedcba9876543210fedcba98";
    /** A key of non-ASCII text, which a custom store may hold: "ключ" plus an emoji. */
    private static final String UNICODE_KEY = "ключ🔑";

    private final UserAccount alice = new UserAccount("1", "alice", true);
    private final UserAccount bob = new UserAccount("2", "bob", false);
    private final Map<String, UserAccount> users = Map.of("1", alice, "2", bob);
    private final UserLookup lookup = id -> Optional.ofNullable(users.get(id));

    private InMemoryTokenStore store;
    private TokenAuthenticator authenticator;

    @BeforeEach
    void setUp() {
        store = new InMemoryTokenStore();
        store.getOrInsert(Token.of(KEY, "1", Instant.EPOCH));
        store.getOrInsert(Token.of(INACTIVE_KEY, "2", Instant.EPOCH));
        store.getOrInsert(Token.of(DELETED_KEY, "3", Instant.EPOCH));
        store.getOrInsert(Token.of(UNICODE_KEY, "1000", Instant.EPOCH));
        authenticator = new TokenAuthenticator(store, lookup);
    }

    /** The header as a container hands over these UTF-8 bytes: one char per byte. */
    private static String latin1(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private void assertAuthenticated(String header) {
        Authentication result = authenticator.authenticate(header);
        assertTrue(result instanceof Authentication.Authenticated, () -> "'" + header + "' gave " + result);
        Authentication.Authenticated authenticated = (Authentication.Authenticated) result;
        assertEquals(alice, authenticated.user());
        assertEquals(KEY, authenticated.token().lookup());
    }

    private void assertAnonymous(String header) {
        assertEquals(new Authentication.Anonymous(), authenticator.authenticate(header), () -> "'" + header + "'");
    }

    private void assertRejected(Failure failure, String header) {
        assertEquals(new Authentication.Rejected(failure), authenticator.authenticate(header), () -> "'" + header + "'");
    }

    @Test
    void authenticateWhenValidKeyThenAuthenticatedAsItsOwner() {
        assertAuthenticated("Token " + KEY);
    }

    @Test
    void authenticateWhenNoHeaderThenAnonymous() {
        assertAnonymous(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "  \r\n "})
    void authenticateWhenEmptyHeaderThenAnonymous(String header) {
        assertAnonymous(header);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Basic YWxpY2U6d29uZGVybGFuZA==",
        "Bearer " + KEY,
        "Token: " + KEY,
        "Token:" + KEY,
        "Token=" + KEY,
        "Tokens " + KEY,
        "Toke " + KEY,
        KEY,
        "Digest username=\"alice\"",
        "Token\u00a0" + KEY, // no-break space is not ASCII whitespace: one word
        "Token\u001c" + KEY, // nor are the separators \x1c-\x1f (whitespace to str.split, not bytes.split)
        "Token\u0085" + KEY, // nor NEL
        "Tökén " + KEY,
    })
    void authenticateWhenOtherSchemeThenAnonymous(String header) {
        assertAnonymous(header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"token ", "TOKEN ", "tOkEn ", "ToKeN "})
    void authenticateWhenKeywordInAnyCaseThenAuthenticated(String keyword) {
        assertAuthenticated(keyword + KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Token", "token", "Token ", "Token   ", "Token\t", "Token \r\n", "  Token  \u000b\u000c "})
    void authenticateWhenKeywordAloneThenNoCredentials(String header) {
        assertRejected(Failure.NO_CREDENTIALS, header);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Token\t" + KEY,
        "Token\n" + KEY,
        "Token\r\n" + KEY,
        "Token\u000b" + KEY,
        "Token\u000c" + KEY,
        "Token \t \r\n\u000b\u000c " + KEY,
        " Token " + KEY,
        "\t\r\nToken " + KEY,
        "Token " + KEY + " ",
        "Token " + KEY + "\r\n",
        "Token " + KEY + "\u000b\u000c",
        "Token    " + KEY,
    })
    void authenticateWhenAsciiWhitespaceSeparatesThenAuthenticated(String header) {
        assertAuthenticated(header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Token a b", "Token " + KEY + " " + KEY, "Token " + KEY + " x", "Token a\tb", "Token a b c d"})
    void authenticateWhenMoreThanOneCredentialThenContainsSpaces(String header) {
        assertRejected(Failure.CONTAINS_SPACES, header);
    }

    @Test
    void authenticateWhenCredentialBytesAreNotUtf8ThenInvalidCharacters() {
        assertRejected(Failure.INVALID_CHARACTERS, "Token \u00ff\u00fe");
        assertRejected(Failure.INVALID_CHARACTERS, "Token " + KEY.substring(1) + "\u00e9"); // a lone Latin-1 é
        assertRejected(Failure.INVALID_CHARACTERS, "Token \u00c3"); // a truncated two-byte sequence
        assertRejected(Failure.INVALID_CHARACTERS, "Token \u00ed\u00a0\u0080"); // an encoded surrogate (CESU)
        assertRejected(Failure.INVALID_CHARACTERS, "Token \u00c0\u00af"); // an overlong '/'
        assertRejected(Failure.INVALID_CHARACTERS, "Token " + KEY + "\u00a0"); // no-break space: kept in the key
    }

    @Test
    void authenticateWhenValidMultiByteUtf8KeyThenLookedUp() {
        // Unknown: DRF's "Invalid token.", not "invalid characters".
        assertRejected(Failure.INVALID_TOKEN, "Token " + latin1("ключ"));
        assertRejected(Failure.INVALID_TOKEN, "Token " + latin1("日本語🔑"));

        // Known (a custom store may hold any text): found by its UTF-8 bytes.
        Authentication result = authenticator.authenticate("Token " + latin1(UNICODE_KEY));
        assertEquals(new Authentication.Rejected(Failure.USER_INACTIVE), result, "user 1000 does not exist");
    }

    @Test
    void authenticateWhenContainerAlreadyDecodedUtf8ThenSameResult() {
        // A container that decoded the header as UTF-8 hands over chars above U+00FF.
        assertEquals(authenticator.authenticate("Token " + latin1(UNICODE_KEY)),
                authenticator.authenticate("Token " + UNICODE_KEY));
        assertRejected(Failure.INVALID_TOKEN, "Token ключ");
    }

    @Test
    void authenticateWhenUnknownKeyThenInvalidToken() {
        assertRejected(Failure.INVALID_TOKEN, "Token " + TokenGenerator.secureRandomHex().generate());
    }

    @Test
    void authenticateWhenKeyInWrongCaseThenInvalidToken() {
        assertRejected(Failure.INVALID_TOKEN, "Token " + KEY.toUpperCase(Locale.ROOT));
    }

    @Test
    void authenticateWhenKeyTruncatedOrExtendedThenInvalidToken() {
        assertRejected(Failure.INVALID_TOKEN, "Token " + KEY.substring(0, 39));
        assertRejected(Failure.INVALID_TOKEN, "Token " + KEY.substring(1));
        assertRejected(Failure.INVALID_TOKEN, "Token " + KEY + "0");
        assertRejected(Failure.INVALID_TOKEN, "Token x");
    }

    @Test
    void authenticateWhenKeyOf4000CharactersThenInvalidToken() {
        assertRejected(Failure.INVALID_TOKEN, "Token " + "a".repeat(4_000));
        assertRejected(Failure.INVALID_TOKEN, "Token " + KEY.repeat(100));
    }

    @Test
    void authenticateWhenKeyHoldsNulThenInvalidToken() {
        assertRejected(Failure.INVALID_TOKEN, "Token " + KEY + "\0");
        assertRejected(Failure.INVALID_TOKEN, "Token \0");
    }

    @Test
    void authenticateWhenUserInactiveThenUserInactive() {
        assertRejected(Failure.USER_INACTIVE, "Token " + INACTIVE_KEY);
    }

    @Test
    void authenticateWhenUserDeletedThenUserInactive() {
        assertRejected(Failure.USER_INACTIVE, "Token " + DELETED_KEY);
    }

    @Test
    void authenticateWhenCustomKeywordThenOnlyThatKeywordCounts() {
        TokenAuthenticator bearer = new TokenAuthenticator(new TokenService(store), lookup, "Bearer");

        assertEquals("Bearer", bearer.keyword());
        assertTrue(bearer.authenticate("Bearer " + KEY) instanceof Authentication.Authenticated);
        assertTrue(bearer.authenticate("bearer " + KEY) instanceof Authentication.Authenticated);
        assertEquals(new Authentication.Anonymous(), bearer.authenticate("Token " + KEY));
        assertEquals(new Authentication.Rejected(Failure.NO_CREDENTIALS), bearer.authenticate("Bearer"));
        assertEquals(new Authentication.Rejected(Failure.CONTAINS_SPACES), bearer.authenticate("Bearer a b"));
    }

    @Test
    void constructorWhenKeywordInvalidThenRefused() {
        for (String keyword : new String[] {"", " ", "Two words", "Tab\t", "Tök", "Token\u0000", "\u007f", "Tok\u00a0en"}) {
            assertFalse(TokenAuthenticator.isValidKeyword(keyword), keyword);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TokenAuthenticator(new TokenService(store), lookup, keyword));
            assertTrue(e.getMessage().contains("keyword"), e.getMessage());
        }
        for (String keyword : new String[] {"Token", "Bearer", "Api-Key", "X", "JWT"}) {
            assertTrue(TokenAuthenticator.isValidKeyword(keyword), keyword);
        }
        assertThrows(NullPointerException.class, () -> new TokenAuthenticator(new TokenService(store), lookup, null));
        assertThrows(NullPointerException.class, () -> new TokenAuthenticator((TokenStore) null, lookup));
        assertThrows(NullPointerException.class, () -> new TokenAuthenticator(store, null));
    }

    @Test
    void authenticateWhenStoreFailsThenTokenStoreExceptionNotRejection() {
        // A real failure: a database without the token table.
        try (HikariDataSource empty = H2TestDatabase.newPool()) {
            TokenAuthenticator broken = new TokenAuthenticator(new JdbcTokenStore(empty), lookup);

            TokenStoreException e = assertThrows(TokenStoreException.class, () -> broken.authenticate("Token " + KEY));

            TokenStoreContract.assertNoKeyIn(e, KEY);
            // Anonymous and malformed headers never reach the store.
            assertEquals(new Authentication.Anonymous(), broken.authenticate("Basic x"));
            assertEquals(new Authentication.Rejected(Failure.CONTAINS_SPACES), broken.authenticate("Token a b"));
        }
    }

    @Test
    void authenticateWhenUserLookupFailsThenItsExceptionPropagates() {
        IllegalStateException outage = new IllegalStateException("users database down");
        TokenAuthenticator broken = new TokenAuthenticator(store, id -> {
            throw outage;
        });

        assertSame(outage, assertThrows(IllegalStateException.class, () -> broken.authenticate("Token " + KEY)));
    }

    @Test
    void authenticateKeyWhenKeyAlreadyExtractedThenSameRules() {
        assertTrue(authenticator.authenticateKey(KEY) instanceof Authentication.Authenticated);
        assertEquals(new Authentication.Rejected(Failure.INVALID_TOKEN), authenticator.authenticateKey(" " + KEY));
        assertEquals(new Authentication.Rejected(Failure.USER_INACTIVE), authenticator.authenticateKey(INACTIVE_KEY));
    }

    @Test
    void authenticateKeyWhenExpiredThenInvalidTokenUnlessExpiryIsReported() {
        java.time.Clock late = java.time.Clock.fixed(Instant.EPOCH.plusSeconds(3_601), java.time.ZoneOffset.UTC);
        TokenService expiring = TokenService.builder(store).timeToLive(java.time.Duration.ofHours(1)).clock(late).build();
        TokenAuthenticator drf = new TokenAuthenticator(expiring, lookup, "Token");

        assertEquals(new Authentication.Rejected(Failure.INVALID_TOKEN), drf.authenticate("Token " + KEY));
        assertEquals(new Authentication.Rejected(Failure.TOKEN_EXPIRED),
                drf.reportingExpiry(true).authenticate("Token " + KEY));
        assertEquals(new Authentication.Rejected(Failure.INVALID_TOKEN),
                drf.reportingExpiry(true).authenticate("Token " + KEY.replace('a', 'b')), "unknown stays invalid");
    }

    @Test
    void failureDetailWhenSentThenDrfsExactMessages() {
        assertEquals("Invalid token header. No credentials provided.", Failure.NO_CREDENTIALS.detail());
        assertEquals("Invalid token header. Token string should not contain spaces.", Failure.CONTAINS_SPACES.detail());
        assertEquals("Invalid token header. Token string should not contain invalid characters.",
                Failure.INVALID_CHARACTERS.detail());
        assertEquals("Invalid token.", Failure.INVALID_TOKEN.detail());
        assertEquals("User inactive or deleted.", Failure.USER_INACTIVE.detail());
        assertEquals("Token has expired.", Failure.TOKEN_EXPIRED.detail());
    }

    @Test
    void toStringWhenPrintedThenNamesKeywordAndStore() {
        assertEquals("TokenAuthenticator[keyword=Token, tokens=TokenService[keys=KeyMode.drf, policy=one per user, "
                + "store=InMemoryTokenStore[4 tokens]]]", authenticator.toString());
    }
}
