package org.tokenauth.core.cache;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tokenauth.core.ForwardingStore;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.TokenStoreException;

/** A real store that counts its finds, can be slowed down, and can be made to fail (and recover). */
final class CountingStore extends ForwardingStore {

    final AtomicInteger finds = new AtomicInteger();
    final AtomicInteger anyFinds = new AtomicInteger();
    private volatile boolean down;
    private volatile long delayMicros;

    CountingStore() {
        this(new InMemoryTokenStore());
    }

    CountingStore(TokenStore delegate) {
        super(delegate);
    }

    void down(boolean down) {
        this.down = down;
    }

    /** Each find takes this long, so that concurrent callers overlap it. */
    void delay(long micros) {
        this.delayMicros = micros;
    }

    int queries() {
        return finds.get() + anyFinds.get();
    }

    @Override
    public Optional<Token> findByLookup(String lookup) {
        finds.incrementAndGet();
        slowAndFailing();
        return super.findByLookup(lookup);
    }

    @Override
    public Optional<Token> findByAnyLookup(List<String> lookups) {
        anyFinds.incrementAndGet();
        slowAndFailing();
        return super.findByAnyLookup(lookups);
    }

    @Override
    public Token getOrInsert(Token candidate) {
        failing();
        return super.getOrInsert(candidate);
    }

    @Override
    public boolean delete(String lookup) {
        failing();
        return super.delete(lookup);
    }

    private void slowAndFailing() {
        long micros = delayMicros;
        if (micros > 0) {
            try {
                TimeUnit.MICROSECONDS.sleep(micros);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failing();
    }

    private void failing() {
        if (down) {
            throw new TokenStoreException("the test store is down");
        }
    }
}
