package org.tokenauth.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TokenStore} in this process's memory: the reference implementation, for tests, demos
 * and single-instance apps whose tokens may be lost on restart.
 *
 * <p>Lookups take no lock; writes are serialized on the store, which keeps its two indexes (by key
 * and by user) consistent and makes {@link #getOrCreate} and {@link #replace} atomic.
 *
 * @since 0.1
 */
public final class InMemoryTokenStore implements TokenStore {

    private final Map<String, Token> byKey = new ConcurrentHashMap<>();
    private final Map<String, Token> byUser = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryTokenStore() {
    }

    @Override
    public Optional<Token> findByKey(String presentedKey) {
        return Optional.ofNullable(byKey.get(Objects.requireNonNull(presentedKey, "presentedKey")));
    }

    @Override
    public Optional<Token> findByUserId(String userId) {
        return Optional.ofNullable(byUser.get(Objects.requireNonNull(userId, "userId")));
    }

    @Override
    public synchronized Token getOrCreate(Token candidate) {
        Token existing = byUser.get(candidate.userId());
        if (existing != null) {
            return existing;
        }
        requireFreeKey(candidate);
        byKey.put(candidate.key(), candidate);
        byUser.put(candidate.userId(), candidate);
        return candidate;
    }

    @Override
    public synchronized Token replace(Token fresh) {
        requireFreeKey(fresh);
        Token old = byUser.put(fresh.userId(), fresh);
        if (old != null) {
            byKey.remove(old.key());
        }
        byKey.put(fresh.key(), fresh);
        return fresh;
    }

    @Override
    public synchronized boolean delete(String key) {
        Token removed = byKey.remove(Objects.requireNonNull(key, "key"));
        if (removed == null) {
            return false;
        }
        byUser.remove(removed.userId(), removed);
        return true;
    }

    @Override
    public synchronized int deleteAllOf(String userId) {
        Token removed = byUser.remove(Objects.requireNonNull(userId, "userId"));
        if (removed == null) {
            return 0;
        }
        byKey.remove(removed.key());
        return 1;
    }

    private void requireFreeKey(Token token) {
        Token holder = byKey.get(token.key());
        if (holder != null && !holder.userId().equals(token.userId())) {
            throw new TokenStoreException("key " + token.fingerprint() + " already belongs to another user");
        }
    }

    @Override
    public String toString() {
        return "InMemoryTokenStore[" + byKey.size() + " tokens]";
    }
}
