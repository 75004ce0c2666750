package org.tokenauth.core.internal;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Objects that are not thread-safe and cost a few hundred bytes to make (a {@code MessageDigest},
 * a {@code Mac} and their buffers), lent out lock-free, one per stripe: a call takes a random
 * stripe's object, or makes a new one if that stripe's is in use, and puts it back after. Not
 * thread-locals: with a virtual thread per request they would be one per request. Not API: the
 * module does not export this package.
 *
 * @param <T> what is pooled
 */
public final class StripedPool<T> {

    private final AtomicReferenceArray<T> stripes;
    private final Supplier<T> factory;

    /**
     * Creates an empty pool; objects are made on first use.
     *
     * @param stripes how many objects it keeps at most, a power of two
     * @param factory makes one
     */
    public StripedPool(int stripes, Supplier<T> factory) {
        if (stripes < 1 || Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two, but was " + stripes);
        }
        this.stripes = new AtomicReferenceArray<>(stripes);
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /**
     * {@return what {@code use} returns for a pooled object and {@code argument}} The object is
     * this call's alone until {@code use} returns.
     *
     * @param use      what to do; a method reference such as {@code Hasher::digest} allocates nothing
     * @param argument its argument
     * @param <A>      the argument's type
     * @param <R>      the result's type
     */
    public <A, R> R apply(BiFunction<T, A, R> use, A argument) {
        int stripe = ThreadLocalRandom.current().nextInt() & (stripes.length() - 1);
        T pooled = stripes.getAndSet(stripe, null);
        if (pooled == null) {
            pooled = factory.get();
        }
        try {
            return use.apply(pooled, argument);
        } finally {
            stripes.lazySet(stripe, pooled);
        }
    }
}
