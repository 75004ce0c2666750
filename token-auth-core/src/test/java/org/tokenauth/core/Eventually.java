package org.tokenauth.core;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for what another thread does (a message delivered, a cache cleared), up to a bound far
 * above what it takes, so that a busy machine never fails a test that is right.
 */
public final class Eventually {

    private Eventually() {
    }

    /**
     * Returns once {@code condition} holds; fails after 20 s.
     *
     * @param what      what is awaited, for the failure's message
     * @param condition checked every 10 ms
     * @throws InterruptedException if interrupted while waiting
     */
    public static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
