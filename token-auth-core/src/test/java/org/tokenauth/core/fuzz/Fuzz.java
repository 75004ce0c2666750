package org.tokenauth.core.fuzz;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small property-based test runner: generates {@code tries} inputs from a seeded
 * {@link SplittableRandom}, checks a property on each, and on the first failure names the case,
 * the seed that reproduces the run ({@code -Dtokenauth.fuzz.seed=…}) and the input, escaped.
 *
 * <p>How many cases: {@code -Dtokenauth.fuzz.tries=N} sets the count of each cheap property (the
 * default, {@value #DEFAULT_TRIES}, keeps CI fast); a property that costs a real HTTP request
 * takes a tenth of it ({@link #httpTries()}). Every property adds its cases to {@link #total()}
 * and prints one line: its name, cases, milliseconds and seed.
 */
public final class Fuzz {

    /** Cases of each cheap property in an ordinary build. */
    public static final int DEFAULT_TRIES = 5_000;

    private static final AtomicLong TOTAL = new AtomicLong();

    private Fuzz() {
    }

    /** {@return the cases of a cheap property: {@code tokenauth.fuzz.tries}, or the default} */
    public static int tries() {
        return Integer.getInteger("tokenauth.fuzz.tries", DEFAULT_TRIES);
    }

    /** {@return the cases of a property that makes an HTTP request each: a tenth of {@link #tries()}, at least 100} */
    public static int httpTries() {
        return Math.max(100, tries() / 10);
    }

    /** {@return the cases run so far in this JVM, all properties together} */
    public static long total() {
        return TOTAL.get();
    }

    /**
     * Checks {@code property} on {@code tries} generated inputs.
     *
     * @param name      what is checked, for the report
     * @param tries     how many inputs
     * @param generator makes one input from the random source
     * @param property  throws (an {@link AssertionError} or anything else) if the input breaks it
     * @param <T>       the input type
     */
    public static <T> void forAll(String name, int tries, Function<SplittableRandom, T> generator, Consumer<T> property) {
        long seed = Long.getLong("tokenauth.fuzz.seed", new SecureRandom().nextLong());
        SplittableRandom random = new SplittableRandom(seed);
        long start = System.nanoTime();
        for (int i = 0; i < tries; i++) {
            T input = generator.apply(random);
            try {
                property.accept(input);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(name + ": case " + (i + 1) + " of " + tries + " failed (reproduce with -Dtokenauth.fuzz.seed="
                        + seed + "): " + describe(input) + "\n" + e, e);
            }
        }
        TOTAL.addAndGet(tries);
        System.out.printf("fuzz %s: %,d cases in %,d ms (seed %d; %,d cases so far in this JVM)%n",
                name, tries, (System.nanoTime() - start) / 1_000_000, seed, TOTAL.get());
    }

    /** Java-escapes what is not printable ASCII, so that any input can be read in a report. */
    public static String describe(Object input) {
        if (input instanceof byte[] bytes) {
            StringBuilder out = new StringBuilder("bytes[");
            for (byte b : bytes) {
                out.append(String.format("%02x", b & 0xFF));
            }
            return out.append(']').toString();
        }
        String text = String.valueOf(input);
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append('"').toString();
    }

    /** {@return one of {@code choices}, uniformly} */
    @SafeVarargs
    public static <T> T oneOf(SplittableRandom random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
