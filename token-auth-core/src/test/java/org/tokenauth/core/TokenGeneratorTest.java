package org.tokenauth.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TokenGeneratorTest {

    private static final Pattern DRF_KEY = Pattern.compile("[0-9a-f]{40}");

    private static final int KEYS = 1_000_000;
    private static final int THREADS = 8;
    private static final int KEY_LENGTH = 40;

    /**
     * The chi-square bound for 16 hex digits (15 degrees of freedom): P(X² > 65) = 3.4e-8 for a
     * uniform source, so the 41 tests below (all digits, then each of the 40 positions) together
     * fail by chance about once in 700,000 runs. A real bias fails them at once: one digit 1% too
     * frequent over the 40 million digits gives X² ≈ 250.
     */
    private static final double CHI_SQUARE_BOUND = 65.0;

    @Test
    void generateWhenDefaultThenFortyLowerCaseHexCharacters() {
        TokenGenerator generator = TokenGenerator.secureRandomHex();
        for (int i = 0; i < 1_000; i++) {
            String key = generator.generate();
            assertTrue(DRF_KEY.matcher(key).matches(), key);
        }
    }

    /**
     * A million keys from eight threads sharing one generator: well-formed, no two alike, and each
     * hex digit as frequent as the others, overall and at each position.
     *
     * <p>Uniqueness is checked on each key's first 64 bits, kept as a {@code long} (a set of a
     * million strings would cost a hundred megabytes): distinct prefixes imply distinct keys, and
     * a chance collision of 64-bit prefixes among a million random keys has probability 2.7e-8.
     */
    @Test
    void generateWhenMillionKeysFromManyThreadsThenUniqueAndUniform() throws Exception {
        TokenGenerator generator = TokenGenerator.secureRandomHex();
        long[] prefixes = new long[KEYS];
        long[][] counts = new long[KEY_LENGTH][16];
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<long[][]>> parts = new ArrayList<>();
            int perThread = KEYS / THREADS;
            for (int t = 0; t < THREADS; t++) {
                int from = t * perThread;
                Callable<long[][]> work = () -> generateInto(generator, prefixes, from, from + perThread);
                parts.add(pool.submit(work));
            }
            for (Future<long[][]> part : parts) {
                long[][] partCounts = part.get(2, TimeUnit.MINUTES);
                for (int position = 0; position < KEY_LENGTH; position++) {
                    for (int digit = 0; digit < 16; digit++) {
                        counts[position][digit] += partCounts[position][digit];
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }

        Arrays.sort(prefixes);
        for (int i = 1; i < prefixes.length; i++) {
            assertFalse(prefixes[i] == prefixes[i - 1], "two keys share their first 64 bits: " + Long.toHexString(prefixes[i]));
        }

        long[] overall = new long[16];
        for (long[] position : counts) {
            for (int digit = 0; digit < 16; digit++) {
                overall[digit] += position[digit];
            }
        }
        assertUniform(overall, "all positions");
        for (int position = 0; position < KEY_LENGTH; position++) {
            assertUniform(counts[position], "position " + position);
        }
    }

    /** Generates keys {@code [from, to)}, checks their form, records prefixes, counts digits. */
    private static long[][] generateInto(TokenGenerator generator, long[] prefixes, int from, int to) {
        long[][] counts = new long[KEY_LENGTH][16];
        for (int i = from; i < to; i++) {
            String key = generator.generate();
            if (key.length() != KEY_LENGTH) {
                throw new AssertionError("key of " + key.length() + " characters");
            }
            for (int position = 0; position < KEY_LENGTH; position++) {
                char c = key.charAt(position);
                int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
                if (digit < 0) {
                    throw new AssertionError("not a lower-case hex digit: '" + c + "'");
                }
                counts[position][digit]++;
            }
            prefixes[i] = Long.parseUnsignedLong(key, 0, 16, 16);
        }
        return counts;
    }

    private static void assertUniform(long[] counts, String where) {
        long total = Arrays.stream(counts).sum();
        double expected = total / 16.0;
        double chiSquare = 0;
        for (long count : counts) {
            chiSquare += (count - expected) * (count - expected) / expected;
        }
        assertTrue(chiSquare < CHI_SQUARE_BOUND,
                "hex digits at " + where + " are not uniform: X² = " + chiSquare + " (bound " + CHI_SQUARE_BOUND
                        + "), counts " + Arrays.toString(counts));
    }

    @Test
    void secureRandomHexWhen32BytesThen64Characters() {
        String key = TokenGenerator.secureRandomHex(32).generate();

        assertEquals(64, key.length());
        assertTrue(key.matches("[0-9a-f]{64}"), key);
    }

    @Test
    void secureRandomHexWhenSixteenBytesThenAccepted() {
        assertEquals(32, TokenGenerator.secureRandomHex(TokenGenerator.MIN_BYTES).generate().length());
    }

    @Test
    void secureRandomHexWhenFewerThanSixteenBytesThenRefused() {
        for (int bytes : new int[] {15, 8, 1, 0, -1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenGenerator.secureRandomHex(bytes));
            assertTrue(e.getMessage().contains("at least 16"), e.getMessage());
        }
    }

    @Test
    void toStringWhenPrintedThenSaysHowKeysAreMade() {
        assertEquals("TokenGenerator.secureRandomHex(20)", TokenGenerator.secureRandomHex().toString());
    }
}
