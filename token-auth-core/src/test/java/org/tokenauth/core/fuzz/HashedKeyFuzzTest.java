package org.tokenauth.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.KeyMode;
import org.tokenauth.core.ServerSecret;

/**
 * Hashed mode's key format ({@code tka_} + 30 base62 + 6 base62 CRC32 of the 30): a key is refused
 * before any store access unless its checksum holds ({@link KeyMode#lookupsOf} is empty). Checked
 * against a reference model built on {@link java.util.zip.CRC32} and plain base62 arithmetic.
 */
class HashedKeyFuzzTest {

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String PREFIX = "tka_";

    private final KeyMode keys = KeyMode.hashed(ServerSecret.of("s1", new byte[32]));

    private boolean accepted(String key) {
        return !keys.lookupsOf(key).isEmpty();
    }

    /** The reference: prefix, 36 base62 characters, and the last 6 are the CRC32 of the 30 before them. */
    static boolean wellFormed(String key) {
        if (key.length() != PREFIX.length() + 36 || !key.startsWith(PREFIX)) {
            return false;
        }
        long checksum = 0;
        for (int i = PREFIX.length(); i < key.length(); i++) {
            int digit = BASE62.indexOf(key.charAt(i));
            if (digit < 0) {
                return false;
            }
            if (i >= PREFIX.length() + 30) {
                checksum = checksum * 62 + digit;
            }
        }
        CRC32 crc = new CRC32();
        crc.update(key.substring(PREFIX.length(), PREFIX.length() + 30).getBytes(StandardCharsets.US_ASCII));
        return checksum == crc.getValue();
    }

    @Test
    void everyOneCharacterChangeIsRefused() {
        Fuzz.forAll("hashed key, one character changed", Fuzz.tries() * 4, r -> {
            String key = keys.newKey();
            int at = r.nextInt(key.length());
            char c;
            do {
                c = r.nextInt(4) == 0 ? (char) r.nextInt(0x10000) : BASE62.charAt(r.nextInt(62));
            } while (c == key.charAt(at));
            return new String[] {key, key.substring(0, at) + c + key.substring(at + 1)};
        }, pair -> {
            assertTrue(accepted(pair[0]) && wellFormed(pair[0]), "a new key is well formed");
            assertEquals(false, accepted(pair[1]));
        });
    }

    @Test
    void everyTranspositionIsRefused() {
        Fuzz.forAll("hashed key, two characters swapped", Fuzz.tries() * 4, r -> {
            String key = keys.newKey();
            char[] chars = key.toCharArray();
            int i;
            int j;
            do {
                i = r.nextInt(chars.length);
                j = r.nextInt(3) == 0 ? r.nextInt(chars.length) : Math.min(i + 1, chars.length - 1);
            } while (chars[i] == chars[j]);
            char t = chars[i];
            chars[i] = chars[j];
            chars[j] = t;
            return new String[] {key, new String(chars)};
        }, pair -> assertEquals(false, accepted(pair[1])));
    }

    @Test
    void randomKeysOfTheRightShapeAreRefusedUnlessTheirChecksumHolds() {
        AtomicLong passed = new AtomicLong();
        Fuzz.forAll("hashed key, random base62 of the right shape", Fuzz.tries() * 4, r -> {
            StringBuilder key = new StringBuilder(PREFIX);
            for (int i = 0; i < 36; i++) {
                key.append(BASE62.charAt(r.nextInt(62)));
            }
            return key.toString();
        }, key -> {
            boolean accepted = accepted(key);
            assertEquals(wellFormed(key), accepted);
            if (accepted) {
                passed.incrementAndGet();
            }
        });
        // One in 62^6 (about 2^-35.7) has a checksum that holds: none expected in a few million.
        assertTrue(passed.get() <= 1, passed + " random keys passed the checksum");
    }

    @Test
    void anyStringIsJudgedAsTheReferenceJudgesIt() {
        Fuzz.forAll("hashed key, any string", Fuzz.tries() * 2, r -> {
            int shape = r.nextInt(3);
            int length = shape == 0 ? r.nextInt(60) : 40;
            StringBuilder key = new StringBuilder(shape == 2 ? PREFIX : "");
            while (key.length() < length) {
                key.append(r.nextInt(3) == 0 ? (char) r.nextInt(0x10000) : BASE62.charAt(r.nextInt(62)));
            }
            return key.toString();
        }, key -> assertEquals(wellFormed(key), accepted(key)));
    }
}
