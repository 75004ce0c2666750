package org.tokenauth.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the value of an {@code Authorization} header into an {@link Authentication}, exactly as
 * Django REST Framework's {@code TokenAuthentication} does. It knows nothing of servlets, so the
 * servlet filter is a thin adapter and other adapters (JAX-RS, a Jetty handler) can reuse it.
 *
 * <p>The header is handled as bytes, as DRF handles it: split on runs of ASCII whitespace with
 * leading and trailing whitespace dropped (Python's {@code bytes.split()}); the first part is the
 * keyword, compared case-insensitively in ASCII; the second must decode as UTF-8 and is then
 * {@linkplain TokenService#check checked} by the {@link TokenService} (its key mode, store and
 * expiry); its owner is then looked up in the {@link UserLookup}. An expired token is
 * "Invalid token." as any unknown key, unless {@link #reportingExpiry} says otherwise.
 *
 * <p>Immutable and thread-safe. Takes no lock; the cost of a call is the store's and the user
 * lookup's.
 *
 * @since 0.1
 */
public final class TokenAuthenticator {

    /** Django REST Framework's keyword. */
    public static final String DEFAULT_KEYWORD = "Token";

    private final TokenService tokens;
    private final UserLookup users;
    private final String keyword;
    private final byte[] keywordLowerCase;
    private final boolean reportExpiry;

    /**
     * An authenticator for {@code Authorization: Token <key>} over a store in DRF mode (see
     * {@link TokenService#TokenService(TokenStore)}).
     *
     * @param store where keys are looked up
     * @param users where tokens' owners are looked up
     */
    public TokenAuthenticator(TokenStore store, UserLookup users) {
        this(new TokenService(store), users, DEFAULT_KEYWORD);
    }

    /**
     * An authenticator for {@code Authorization: <keyword> <key>}, e.g. {@code Bearer}.
     *
     * @param tokens  checks keys: key mode, store, expiry
     * @param users   where tokens' owners are looked up
     * @param keyword the scheme name clients send before the key
     * @throws IllegalArgumentException if {@code keyword} is empty or is not printable ASCII
     *                                  without spaces
     */
    public TokenAuthenticator(TokenService tokens, UserLookup users, String keyword) {
        this(tokens, users, keyword, false);
    }

    private TokenAuthenticator(TokenService tokens, UserLookup users, String keyword, boolean reportExpiry) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.users = Objects.requireNonNull(users, "users");
        this.keyword = Objects.requireNonNull(keyword, "keyword");
        requireValidKeyword(keyword);
        this.keywordLowerCase = new byte[keyword.length()];
        for (int i = 0; i < keyword.length(); i++) {
            keywordLowerCase[i] = (byte) toLowerAscii(keyword.charAt(i));
        }
        this.reportExpiry = reportExpiry;
    }

    /**
     * Returns a copy that refuses an expired token with {@code "Token has expired."}
     * ({@link Authentication.Failure#TOKEN_EXPIRED}) rather than DRF's {@code "Invalid token."}.
     * Opt-in: telling an expired key from an unknown one tells a client that the key once existed.
     *
     * @param report whether to report expiry distinctly
     * @return the authenticator
     */
    public TokenAuthenticator reportingExpiry(boolean report) {
        return new TokenAuthenticator(tokens, users, keyword, report);
    }

    /** {@return the service that checks keys} */
    public TokenService tokens() {
        return tokens;
    }

    /**
     * Tells whether {@code keyword} can be an authentication scheme: one or more printable ASCII
     * characters, no whitespace.
     *
     * @param keyword the candidate
     * @return whether it is valid
     */
    public static boolean isValidKeyword(String keyword) {
        if (keyword.isEmpty()) {
            return false;
        }
        for (int i = 0; i < keyword.length(); i++) {
            char c = keyword.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that {@code keyword} can be an authentication scheme (see {@link #isValidKeyword}).
     *
     * @param keyword the candidate
     * @return {@code keyword}
     * @throws IllegalArgumentException if it cannot, with a message that says what is expected
     */
    public static String requireValidKeyword(String keyword) {
        if (!isValidKeyword(keyword)) {
            throw new IllegalArgumentException(
                    "keyword must be one word of printable ASCII (like Token or Bearer), but was '" + keyword + "'");
        }
        return keyword;
    }

    /** {@return the scheme name this authenticator answers to, as configured} */
    public String keyword() {
        return keyword;
    }

    /**
     * Authenticates the value of an {@code Authorization} header.
     *
     * @param header the header's value as the container hands it over (each char one byte,
     *               ISO-8859-1), or {@code null} if the request has none
     * @return the outcome
     * @throws TokenStoreException if the store fails
     * @throws RuntimeException    whatever the {@link UserLookup} throws when it fails
     */
    public Authentication authenticate(String header) {
        if (header == null) {
            return ANONYMOUS;
        }
        byte[] bytes = headerBytes(header);
        int[] bounds = new int[6]; // start and end of the first three words
        int words = split(bytes, bounds);
        if (words == 0 || !isKeyword(bytes, bounds[0], bounds[1])) {
            return ANONYMOUS;
        }
        if (words == 1) {
            return rejected(Authentication.Failure.NO_CREDENTIALS);
        }
        if (words > 2) {
            return rejected(Authentication.Failure.CONTAINS_SPACES);
        }
        Optional<String> key = decodeUtf8(bytes, bounds[2], bounds[3]);
        if (key.isEmpty()) {
            return rejected(Authentication.Failure.INVALID_CHARACTERS);
        }
        return authenticateKey(key.get());
    }

    /**
     * Authenticates a key that has already been taken out of its header.
     *
     * @param key the presented key
     * @return {@link Authentication.Authenticated}, or {@link Authentication.Rejected} with
     *         {@code INVALID_TOKEN}, {@code TOKEN_EXPIRED} or {@code USER_INACTIVE}
     * @throws TokenStoreException if the store fails
     * @throws RuntimeException    whatever the {@link UserLookup} throws when it fails
     */
    public Authentication authenticateKey(String key) {
        TokenCheck check = tokens.check(key);
        if (!(check instanceof TokenCheck.Valid valid)) {
            if (check instanceof TokenCheck.Expired expired) {
                tokens.events().rejected(Authentication.Failure.TOKEN_EXPIRED, Optional.of(expired.token()));
                return reportExpiry ? EXPIRED : INVALID_TOKEN;
            }
            tokens.events().rejected(Authentication.Failure.INVALID_TOKEN, Optional.empty());
            return INVALID_TOKEN;
        }
        Optional<UserAccount> user = users.findById(valid.token().userId());
        if (user.isEmpty() || !user.get().active()) {
            tokens.events().rejected(Authentication.Failure.USER_INACTIVE, Optional.of(valid.token()));
            return USER_INACTIVE;
        }
        if (tokens.authenticationEvents()) {
            tokens.events().authenticated(user.get(), valid.token());
        }
        return new Authentication.Authenticated(user.get(), valid.token());
    }

    private Authentication rejected(Authentication.Failure failure) {
        tokens.events().rejected(failure, Optional.empty());
        return new Authentication.Rejected(failure);
    }

    private static final Authentication ANONYMOUS = new Authentication.Anonymous();
    private static final Authentication INVALID_TOKEN = new Authentication.Rejected(Authentication.Failure.INVALID_TOKEN);
    private static final Authentication EXPIRED = new Authentication.Rejected(Authentication.Failure.TOKEN_EXPIRED);
    private static final Authentication USER_INACTIVE = new Authentication.Rejected(Authentication.Failure.USER_INACTIVE);

    /**
     * Containers hand header values over as ISO-8859-1 text, one char per byte, which this undoes.
     * A container that decoded the bytes as UTF-8 instead (a char above U+00FF shows it) gets them
     * back by encoding as UTF-8.
     */
    private static byte[] headerBytes(String header) {
        for (int i = 0; i < header.length(); i++) {
            if (header.charAt(i) > 0xFF) {
                return header.getBytes(StandardCharsets.UTF_8);
            }
        }
        return header.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Splits like Python's {@code bytes.split()}: records the bounds of up to three words in
     * {@code bounds} and returns how many words there are, counting at most three.
     */
    private static int split(byte[] bytes, int[] bounds) {
        int words = 0;
        int i = 0;
        while (i < bytes.length && words < 3) {
            while (i < bytes.length && isAsciiWhitespace(bytes[i])) {
                i++;
            }
            if (i == bytes.length) {
                break;
            }
            int start = i;
            while (i < bytes.length && !isAsciiWhitespace(bytes[i])) {
                i++;
            }
            bounds[2 * words] = start;
            bounds[2 * words + 1] = i;
            words++;
        }
        return words;
    }

    /** Python's {@code bytes.isspace()}: space, \t, \n, \r, \x0b, \x0c. */
    private static boolean isAsciiWhitespace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private boolean isKeyword(byte[] bytes, int start, int end) {
        if (end - start != keywordLowerCase.length) {
            return false;
        }
        for (int i = 0; i < keywordLowerCase.length; i++) {
            if (toLowerAscii((char) (bytes[start + i] & 0xFF)) != keywordLowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    private static char toLowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static Optional<String> decodeUtf8(byte[] bytes, int start, int end) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return Optional.of(decoder.decode(ByteBuffer.wrap(bytes, start, end - start)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "TokenAuthenticator[keyword=" + keyword + ", tokens=" + tokens + "]";
    }
}
