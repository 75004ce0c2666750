package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Known-answer tests against hashes Django writes.
 *
 * <p>How the vectors were made, independently of this code: {@code django.contrib.auth.hashers.
 * PBKDF2PasswordHasher.encode(password, salt, iterations)} is exactly
 *
 * <pre>
 * h = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("utf-8"), iterations)
 * "pbkdf2_sha256$%d$%s$%s" % (iterations, salt, base64.b64encode(h).decode("ascii").strip())
 * </pre>
 *
 * and each vector below is the output of those two lines, run with CPython 3.11's {@code hashlib}.
 * The 600,000-iteration vector is also the one in Django 4.2's own test suite
 * ({@code tests/auth_tests/test_hashers.py}, {@code test_pbkdf2}:
 * {@code make_password("lètmein", "seasalt", "pbkdf2_sha256")}), and hashlib reproduces it.
 */
class Pbkdf2PasswordHasherTest {

    private static final Pbkdf2PasswordHasher FAST = new Pbkdf2PasswordHasher(Pbkdf2PasswordHasher.MIN_ITERATIONS);

    /** Django 4.2's test vector (600,000 iterations, its default then). */
    private static final String DJANGO_42_VECTOR =
            "pbkdf2_sha256$600000$seasalt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=";

    private static final Pattern FORMAT = Pattern.compile("pbkdf2_sha256\\$(\\d+)\\$([a-zA-Z0-9]{22})\\$([A-Za-z0-9+/]{43}=)");

    @Test
    void verifyWhenDjangoTestSuiteVectorThenMatches() {
        assertTrue(FAST.verify("lètmein", DJANGO_42_VECTOR));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            password                     | pbkdf2_sha256$1000$abcdefghijklmnopqrstuv$3stk8nYcOvbsUUIWDNMdepEt7hXHqFbJCF4eT8gFor4=
            ""                           | pbkdf2_sha256$1000$seasalt$XHfRVmyEZRTCcSbqGP00JKv0fRwYHK0ogjPZdSJxCXk=
            lètmein                      | pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=
            пароль                       | pbkdf2_sha256$1000$Zx9Qw3Er5Ty7Ui1Op2As4D$v+oqSpLfxEzEtXmVce6CBe4z5nqA97jnOvAA0s8dL5s=
            密码🔑                        | pbkdf2_sha256$1000$Zx9Qw3Er5Ty7Ui1Op2As4D$Y9jkPPhK8t9wqKKztSDvs7PHKo3ZXaarrd3pOdsDNxY=
            " spaces  "                  | pbkdf2_sha256$1000$saltsaltsaltsaltsaltsa$PPCG8eh9g7GXQIm2TRirtA7PwF0y+JP/+hL8wcsD5jk=
            correct horse battery staple | pbkdf2_sha256$10000$q8Wt2Yh6Uj0Ik4Ol3Pa9Sd$DugocmyFIyY0OHyRCzMQ4cEVnsecrB+mrV87in8nmSs=
            """)
    void verifyWhenHashlibVectorThenMatchesAndNearMissesDoNot(String password, String encoded) {
        assertTrue(FAST.verify(password, encoded), "the right password");
        assertFalse(FAST.verify(password + "z", encoded), "one character more");
        assertFalse(FAST.verify(password.toUpperCase(java.util.Locale.ROOT) + "!", encoded), "another password");
        if (!password.isEmpty()) {
            assertFalse(FAST.verify(password.substring(0, password.length() - 1), encoded), "one character less");
        }
    }

    @Test
    void verifyWhenPasswordHasSurroundingSpacesThenTheyCount() {
        String encoded = "pbkdf2_sha256$1000$saltsaltsaltsaltsaltsa$PPCG8eh9g7GXQIm2TRirtA7PwF0y+JP/+hL8wcsD5jk=";

        assertTrue(FAST.verify(" spaces  ", encoded));
        assertFalse(FAST.verify("spaces", encoded));
    }

    @Test
    void hashWhenDefaultIterationsThenDjangoFormatThatVerifies() {
        Pbkdf2PasswordHasher django = new Pbkdf2PasswordHasher();

        String encoded = django.hash("lètmein");

        assertEquals(1_000_000, Pbkdf2PasswordHasher.DEFAULT_ITERATIONS);
        assertTrue(encoded.startsWith("pbkdf2_sha256$1000000$"), encoded);
        assertTrue(FORMAT.matcher(encoded).matches(), encoded);
        assertTrue(django.verify("lètmein", encoded));
        assertFalse(django.needsRehash(encoded));
    }

    @Test
    void hashWhenCalledTwiceThenNewSaltEachTime() {
        Set<String> salts = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String encoded = FAST.hash("same password");
            var matcher = FORMAT.matcher(encoded);
            assertTrue(matcher.matches(), encoded);
            assertEquals("1000", matcher.group(1));
            salts.add(matcher.group(2));
            assertTrue(FAST.verify("same password", encoded));
        }
        assertEquals(50, salts.size(), "a salt repeated");
    }

    @Test
    void hashWhenNonAsciiPasswordThenRoundTrips() {
        for (String password : List.of("", "lètmein", "пароль", "密码🔑", "tab\tnewline\nnul\0", "ＦＵＬＬＷＩＤＴＨ")) {
            String encoded = FAST.hash(password);

            assertTrue(FAST.verify(password, encoded), password);
            assertFalse(FAST.verify(password + " ", encoded), password);
        }
    }

    @Test
    void verifyWhenHashMadeWithOtherIterationsThenUsesTheStoredCount() {
        Pbkdf2PasswordHasher other = new Pbkdf2PasswordHasher(2_000);
        List<Integer> runs = new ArrayList<>();
        Pbkdf2PasswordHasher counting = new Pbkdf2PasswordHasher(1_000, runs::add);

        assertTrue(counting.verify("pw", other.hash("pw")));
        assertEquals(List.of(2_000), runs);
    }

    @Test
    void needsRehashWhenIterationsOrSaltDifferThenTrue() {
        assertFalse(FAST.needsRehash(FAST.hash("pw")));
        assertTrue(FAST.needsRehash(new Pbkdf2PasswordHasher(2_000).hash("pw")), "other iteration count");
        assertTrue(FAST.needsRehash(DJANGO_42_VECTOR), "short salt (Django's must_update_salt) and count");
        // Django's "iodizedsalt" example: 11 characters, 65 bits: too weak a salt.
        assertTrue(FAST.needsRehash("pbkdf2_sha256$1000$iodizedsalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A="));
        assertTrue(FAST.needsRehash("argon2$argon2id$v=19$m=102400,t=2,p=8$c29tZXNhbHQ$aGFzaA"), "other algorithm");
        assertTrue(FAST.needsRehash("!unusable"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "!",
        "!Kx1nSb6PzQ3C7Tt4zrWbEbYfz9hhC8bFGhwAfrjH", // Django's set_unusable_password()
        "pbkdf2_sha256",
        "pbkdf2_sha256$",
        "pbkdf2_sha256$1000$seasalt",
        "pbkdf2_sha256$1000$seasalt$",
        "pbkdf2_sha256$$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "pbkdf2_sha256$0$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "pbkdf2_sha256$-1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "pbkdf2_sha256$01000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "pbkdf2_sha256$1e3$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "pbkdf2_sha256$99999999999$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "pbkdf2_sha256$1000$$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A", // padding dropped
        "pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=$",
        "pbkdf2_sha256$1000$seasalt$not base64!",
        "PBKDF2_SHA256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "pbkdf2_sha1$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "md5$seasalt$3f86d0d3d465b7b458c231bf3555c0e3", // Django's MD5 test vector
        "bcrypt_sha256$$2b$12$abcdefghijklmnopqrstuu",
        " pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A=",
        "pbkdf2_sha256$1000$seasalt$JgZryXe2Ga8ysg6XbzkLpTdyPQrHqsinbL9BnnhgX4A= ",
    })
    void verifyWhenMalformedOrOtherAlgorithmThenFalseNotException(String encoded) {
        assertFalse(FAST.verify("lètmein", encoded));
        assertTrue(FAST.needsRehash(encoded), encoded);
    }

    @Test
    void verifyWhenPasswordHasLoneSurrogateThenFalseAndHashRefusesIt() {
        String encoded = FAST.hash("a?");

        // The JDK would encode a lone surrogate as '?', so "a\uD800" must not pass for "a?".
        assertFalse(FAST.verify("a\uD800", encoded));
        assertTrue(FAST.verify("a?", encoded));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FAST.hash("a\uD800"));
        assertTrue(e.getMessage().contains("surrogate"), e.getMessage());
    }

    @Test
    void constructorWhenIterationsAbsurdlyLowThenRefused() {
        for (int iterations : new int[] {999, 1, 0, -1, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Pbkdf2PasswordHasher(iterations));
            assertTrue(e.getMessage().contains("at least 1000"), e.getMessage());
            assertTrue(e.getMessage().contains(String.valueOf(iterations)), e.getMessage());
        }
        assertEquals(1_000, new Pbkdf2PasswordHasher(1_000).iterations());
    }

    @Test
    void verifyWhenNullThenNullPointerException() {
        assertThrows(NullPointerException.class, () -> FAST.verify(null, DJANGO_42_VECTOR));
        assertThrows(NullPointerException.class, () -> FAST.verify("x", null));
        assertThrows(NullPointerException.class, () -> FAST.hash(null));
    }

    @Test
    void toStringWhenPrintedThenNamesAlgorithmAndCount() {
        assertEquals("Pbkdf2PasswordHasher[pbkdf2_sha256, iterations=1000]", FAST.toString());
    }
}
