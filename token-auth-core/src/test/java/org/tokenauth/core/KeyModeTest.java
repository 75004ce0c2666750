package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KeyModeTest {

    static final ServerSecret SECRET = ServerSecret.decode("k1", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    static final ServerSecret OLD_SECRET = ServerSecret.decode("k0", "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** The regex the README gives to secret scanners. */
    private static final Pattern SCANNER = Pattern.compile("\\btka_[0-9A-Za-z]{36}\\b");

    private final KeyMode hashed = KeyMode.hashed(SECRET);

    @Test
    void newKeyWhenHashedThenPrefixThirtyBase62AndTheirCrc32() {
        String key = hashed.newKey();

        assertTrue(SCANNER.matcher("Authorization: Token " + key).find(), key);
        assertEquals(40, key.length());
        CRC32 crc = new CRC32();
        crc.update(key.substring(4, 34).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(crc.getValue(), decodeBase62(key.substring(34)), "the checksum is the CRC32 of the 30 random characters");
    }

    @Test
    void newKeyWhenManyThenDistinctAndEveryBase62CharacterAppears() {
        Set<String> keys = new HashSet<>();
        int[] counts = new int[62];
        for (int i = 0; i < 20_000; i++) {
            String key = hashed.newKey();
            assertTrue(keys.add(key));
            for (char c : key.substring(4, 34).toCharArray()) {
                counts[BASE62.indexOf(c)]++;
            }
        }
        // 600,000 characters, 9,677 expected per symbol: a bias from modulo would show as a few
        // symbols 3% more frequent; a band of +-5% is over 12 standard deviations wide.
        for (int i = 0; i < 62; i++) {
            assertTrue(Math.abs(counts[i] - 600_000 / 62.0) < 0.05 * 600_000 / 62.0, BASE62.charAt(i) + ": " + counts[i]);
        }
    }

    @Test
    void lookupsOfWhenWellFormedThenHmacUnderEachSecretNewestFirst() throws Exception {
        String key = hashed.newKey();
        KeyMode rotated = KeyMode.hashed(SECRET, OLD_SECRET);

        assertEquals(List.of("k1$" + hmac(SECRET, key)), hashed.lookupsOf(key));
        assertEquals(List.of("k1$" + hmac(SECRET, key), "k0$" + hmac(OLD_SECRET, key)), rotated.lookupsOf(key));
        assertEquals("k1$" + hmac(SECRET, key), rotated.lookupOf(key), "new tokens use the current secret");
    }

    @Test
    void lookupsOfWhenMalformedThenNone() {
        String key = hashed.newKey();
        String body = key.substring(4, 34);
        char last = key.charAt(39);
        String[] refused = {
            "", "tka_", key.substring(0, 39), key + "0", "TKA_" + key.substring(4), "tkb_" + key.substring(4),
            key.substring(0, 39) + (last == '0' ? '1' : '0'), // wrong checksum
            "tka_" + swapFirstTwo(body) + key.substring(34), // a typo: two characters swapped
            "tka_" + body.substring(0, 29) + "-" + key.substring(34), // not base62
            "tka_" + body + "zzzzzz", // a checksum over 2^32
            "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", // a DRF key
            key.replace('a', 'ä'),
        };
        for (String candidate : refused) {
            if (!candidate.equals(key)) {
                assertEquals(List.of(), hashed.lookupsOf(candidate), candidate);
            }
        }
        assertEquals(1, hashed.lookupsOf(key).size());
    }

    @Test
    void hashedWhenCustomPrefixThenKeysCarryIt() {
        KeyMode mine = KeyMode.hashed("myapp_", SECRET);
        String key = mine.newKey();

        assertTrue(key.startsWith("myapp_"), key);
        assertEquals(1, mine.lookupsOf(key).size());
        assertEquals(List.of(), hashed.lookupsOf(key), "another prefix is another application's key");
        for (String bad : new String[] {"tka", "TKA_", "_", "a_", "toolongprefix_", "1ab_", "tk-a_"}) {
            assertThrows(IllegalArgumentException.class, () -> KeyMode.hashed(bad, SECRET), bad);
        }
    }

    @Test
    void hashedWhenSecretsShareAnIdThenRefused() {
        ServerSecret twin = ServerSecret.of("k1", new byte[32]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyMode.hashed(SECRET, twin));
        assertTrue(e.getMessage().contains("k1"), e.getMessage());
    }

    @Test
    void serverSecretWhenShortOrMalformedThenRefusedNamingIt() {
        IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class,
                () -> ServerSecret.decode("prod", "00112233445566778899aabbccddeeff"));
        assertTrue(shortOne.getMessage().contains("'prod' has 16 bytes; at least 32"), shortOne.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerSecret.decode("prod", "not a secret at all !!"));
        assertThrows(IllegalArgumentException.class, () -> ServerSecret.of("bad id", new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> ServerSecret.of("", new byte[32]));
        assertEquals(SECRET, ServerSecret.decode("k1", java.util.Base64.getEncoder().encodeToString(
                HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"))));
        assertFalse(SECRET.toString().contains("0011"), SECRET.toString());
    }

    @Test
    void drfWhenAnyStringThenLookedUpAsItIs() {
        KeyMode drf = KeyMode.drf();
        String key = drf.newKey();

        assertTrue(key.matches("[0-9a-f]{40}"), key);
        assertEquals(key, drf.lookupOf(key));
        assertEquals(List.of("anything at all"), drf.lookupsOf("anything at all"));
        assertTrue(drf.storesKeys());
        assertFalse(hashed.storesKeys());
        assertNotEquals(drf.toString(), hashed.toString());
        assertFalse(KeyMode.hashed(SECRET).toString().contains("0011"));
    }

    private static String swapFirstTwo(String s) {
        return s.charAt(0) == s.charAt(1) ? "x" + s.substring(1) : "" + s.charAt(1) + s.charAt(0) + s.substring(2);
    }

    private static long decodeBase62(String digits) {
        long value = 0;
        for (char c : digits.toCharArray()) {
            value = value * 62 + BASE62.indexOf(c);
        }
        return value;
    }

    /** HMAC-SHA256 computed independently of the code under test, from the secret's hex. */
    private static String hmac(ServerSecret secret, String key) throws Exception {
        String hex = secret.id().equals("k1") ? "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
                : "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HexFormat.of().parseHex(hex), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
