package org.tokenauth.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.Authentication;
import org.tokenauth.core.Authentication.Failure;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenAuthenticator;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.UserAccount;
import org.tokenauth.core.UserLookup;

/**
 * {@link TokenAuthenticator#authenticate(String)} on generated headers against a reference model
 * of Django REST Framework's {@code TokenAuthentication.authenticate} (rest_framework/authentication.py):
 *
 * <pre>
 * auth = get_authorization_header(request).split()      # the header's latin-1 bytes
 * if not auth or auth[0].lower() != self.keyword.lower().encode():
 *     return None
 * if len(auth) == 1: raise "Invalid token header. No credentials provided."
 * elif len(auth) &gt; 2: raise "Invalid token header. Token string should not contain spaces."
 * try: token = auth[1].decode()
 * except UnicodeError: raise "Invalid token header. Token string should not contain invalid characters."
 * return self.authenticate_credentials(token)          # get(key=token), then user.is_active
 * </pre>
 *
 * The model below is that, line for line, over bytes; its UTF-8 check follows the Unicode
 * standard's table of well-formed sequences (Table 3-7), which is what Python's decoder accepts,
 * rather than the JDK's decoder the library uses.
 */
class HeaderFuzzTest {

    private static final String ACTIVE_KEY = "93138ba960dfb4ef2eef6b907718ae04400f606a";
    private static final String INACTIVE_KEY = "0123456789abcdef0123456789abcdef01234567";
    private static final String UNICODE_KEY = "clé-ünïcödé-€";

    /** One token per user (DRF's table): each key has an owner of its own. */
    private final Map<String, String> owners = Map.of(ACTIVE_KEY, "1", INACTIVE_KEY, "2", UNICODE_KEY, "3");
    private final Map<String, UserAccount> users = Map.of("1", new UserAccount("1", "alice", true),
            "2", new UserAccount("2", "bob", false), "3", new UserAccount("3", "chloé", true));

    private TokenAuthenticator authenticator(String keyword) {
        InMemoryTokenStore store = new InMemoryTokenStore();
        owners.forEach((key, user) -> store.getOrInsert(Token.of(key, user, Instant.EPOCH)));
        UserLookup lookup = id -> Optional.ofNullable(users.get(id));
        return new TokenAuthenticator(new TokenService(store), lookup, keyword);
    }

    @Test
    void authenticateAnswersAsDrfForAnyHeader() {
        TokenAuthenticator token = authenticator("Token");
        Fuzz.forAll("header, keyword Token", Fuzz.tries() * 4, r -> header(r, "Token"),
                header -> assertEquals(drf(header, "Token"), outcome(token.authenticate(header))));
    }

    @Test
    void authenticateAnswersAsDrfForAnyHeaderWithAnotherKeyword() {
        TokenAuthenticator bearer = authenticator("Bearer");
        Fuzz.forAll("header, keyword Bearer", Fuzz.tries(), r -> header(r, "Bearer"),
                header -> assertEquals(drf(header, "Bearer"), outcome(bearer.authenticate(header))));
    }

    /** The outcome, as the model writes it. */
    private static String outcome(Authentication authentication) {
        if (authentication instanceof Authentication.Anonymous) {
            return "anonymous";
        }
        if (authentication instanceof Authentication.Rejected rejected) {
            return rejected.failure().name();
        }
        return "user " + ((Authentication.Authenticated) authentication).user().id();
    }

    // ---- the reference model ----

    private String drf(String header, String keyword) {
        byte[] bytes = latin1OrUtf8(header);
        List<byte[]> auth = pythonSplit(bytes);
        if (auth.isEmpty() || !new String(pythonLower(auth.get(0)), StandardCharsets.ISO_8859_1).equals(keyword.toLowerCase(java.util.Locale.ROOT))) {
            return "anonymous";
        }
        if (auth.size() == 1) {
            return Failure.NO_CREDENTIALS.name();
        }
        if (auth.size() > 2) {
            return Failure.CONTAINS_SPACES.name();
        }
        if (!isWellFormedUtf8(auth.get(1))) {
            return Failure.INVALID_CHARACTERS.name();
        }
        String token = new String(auth.get(1), StandardCharsets.UTF_8);
        String owner = owners.get(token);
        if (owner == null) {
            return Failure.INVALID_TOKEN.name();
        }
        UserAccount user = users.get(owner);
        return user == null || !user.active() ? Failure.USER_INACTIVE.name() : "user " + owner;
    }

    /** What a WSGI server hands DRF: one byte per char; a container that decoded UTF-8 (a char above U+00FF) gave it back as UTF-8. */
    private static byte[] latin1OrUtf8(String header) {
        boolean wide = header.chars().anyMatch(c -> c > 0xFF);
        return header.getBytes(wide ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    /** Python's {@code bytes.split()}: runs of b' \t\n\r\x0b\x0c' separate words. */
    private static List<byte[]> pythonSplit(byte[] bytes) {
        List<byte[]> words = new ArrayList<>();
        ByteArrayOutputStream word = new ByteArrayOutputStream();
        for (byte b : bytes) {
            if (" \t\n\r\u000b\f".indexOf((char) (b & 0xFF)) >= 0) {
                if (word.size() > 0) {
                    words.add(word.toByteArray());
                    word.reset();
                }
            } else {
                word.write(b);
            }
        }
        if (word.size() > 0) {
            words.add(word.toByteArray());
        }
        return words;
    }

    /** Python's {@code bytes.lower()}: A–Z only. */
    private static byte[] pythonLower(byte[] word) {
        byte[] lower = word.clone();
        for (int i = 0; i < lower.length; i++) {
            if (lower[i] >= 'A' && lower[i] <= 'Z') {
                lower[i] += 'a' - 'A';
            }
        }
        return lower;
    }

    /** The Unicode standard's Table 3-7, "Well-Formed UTF-8 Byte Sequences". */
    static boolean isWellFormedUtf8(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            int n;
            int lo = 0x80;
            int hi = 0xBF;
            if (b <= 0x7F) {
                n = 0;
            } else if (b >= 0xC2 && b <= 0xDF) {
                n = 1;
            } else if (b == 0xE0) {
                n = 2;
                lo = 0xA0;
            } else if (b >= 0xE1 && b <= 0xEC || b == 0xEE || b == 0xEF) {
                n = 2;
            } else if (b == 0xED) {
                n = 2;
                hi = 0x9F;
            } else if (b == 0xF0) {
                n = 3;
                lo = 0x90;
            } else if (b >= 0xF1 && b <= 0xF3) {
                n = 3;
            } else if (b == 0xF4) {
                n = 3;
                hi = 0x8F;
            } else {
                return false;
            }
            for (int k = 1; k <= n; k++) {
                if (i + k >= bytes.length) {
                    return false;
                }
                int c = bytes[i + k] & 0xFF;
                int min = k == 1 ? lo : 0x80;
                int max = k == 1 ? hi : 0xBF;
                if (c < min || c > max) {
                    return false;
                }
            }
            i += n + 1;
        }
        return true;
    }

    // ---- the generator: headers near the interesting boundaries, and plain noise ----

    private static final String[] WHITESPACE = {" ", "\t", "\n", "\r", "\u000b", "\f"};
    /** Not whitespace to Python's bytes.split(), though some are to other definitions. */
    private static final String[] NEAR_WHITESPACE = {"\u0000", "\u001c", "\u001f", "\u0085", "\u00a0", "\u007f"};
    /** UTF-8 byte sequences (as latin-1 chars): valid, overlong, surrogates, past U+10FFFF, truncated, stray. */
    private static final String[] UTF8_PIECES = {
        "c3a9", "e282ac", "f09f9880", "f4808080", "c080", "c1bf", "e08080", "e09fbf", "eda080", "edbfbf",
        "f4908080", "f5808080", "f8888080", "c3", "e282", "f09f98", "80", "bf", "fe", "ff", "ed9fbf", "ee8080"};

    static String header(SplittableRandom r, String keyword) {
        if (r.nextInt(10) == 0) {
            return noise(r);
        }
        StringBuilder h = new StringBuilder();
        if (r.nextInt(4) == 0) {
            h.append(spaces(r));
        }
        h.append(word(r, keyword, true));
        int more = r.nextInt(4);
        for (int i = 0; i < more; i++) {
            h.append(r.nextInt(8) == 0 ? Fuzz.oneOf(r, NEAR_WHITESPACE) : spaces(r));
            h.append(word(r, keyword, false));
        }
        if (r.nextInt(4) == 0) {
            h.append(spaces(r));
        }
        return h.toString();
    }

    private static String spaces(SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        int n = 1 + (r.nextInt(4) == 0 ? r.nextInt(4) : 0);
        for (int i = 0; i < n; i++) {
            s.append(r.nextInt(2) == 0 ? " " : Fuzz.oneOf(r, WHITESPACE));
        }
        return s.toString();
    }

    private static String word(SplittableRandom r, String keyword, boolean first) {
        switch (r.nextInt(first ? 6 : 10)) {
            case 0, 1, 2:
                return first ? randomCase(r, keyword) : Fuzz.oneOf(r, ACTIVE_KEY, INACTIVE_KEY, latin1(UNICODE_KEY), UNICODE_KEY);
            case 3:
                return Fuzz.oneOf(r, "Token", "Bearer", "Basic", "Tokens", "Toke", "Token:", "tokén", "TOKEN\u0000", "");
            case 4:
                return randomCase(r, Fuzz.oneOf(r, ACTIVE_KEY, INACTIVE_KEY)).substring(0, 30 + r.nextInt(11));
            case 5:
                return utf8Soup(r);
            case 6:
                return randomChars(r, 1 + r.nextInt(50), 0x21, 0x7e);
            case 7:
                return randomChars(r, 1 + r.nextInt(20), 0, 0xff);
            case 8:
                return randomChars(r, 1 + r.nextInt(10), 0x100, 0xffff);
            default:
                return ACTIVE_KEY + Fuzz.oneOf(r, NEAR_WHITESPACE) + INACTIVE_KEY;
        }
    }

    private static String noise(SplittableRandom r) {
        return randomChars(r, r.nextInt(60), 0, r.nextInt(3) == 0 ? 0xffff : 0xff);
    }

    private static String randomCase(SplittableRandom r, String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(r.nextInt(3) == 0 ? (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c)) : c);
        }
        return out.toString();
    }

    private static String utf8Soup(SplittableRandom r) {
        StringBuilder out = new StringBuilder();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(3) == 0) {
                out.append((char) ('a' + r.nextInt(26)));
            }
            String hex = Fuzz.oneOf(r, UTF8_PIECES);
            for (int k = 0; k < hex.length(); k += 2) {
                out.append((char) Integer.parseInt(hex.substring(k, k + 2), 16));
            }
        }
        return out.toString();
    }

    private static String randomChars(SplittableRandom r, int n, int from, int to) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append((char) r.nextInt(from, to + 1));
        }
        return out.toString();
    }

    private static String latin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
