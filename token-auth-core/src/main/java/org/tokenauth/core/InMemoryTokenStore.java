package org.tokenauth.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TokenStore} in this process's memory: the reference implementation, for tests, demos
 * and single-instance apps whose tokens may be lost on restart. Holds any number of tokens per
 * user and keeps every detail.
 *
 * <p>Reads take no lock; writes are serialized on the store, which keeps its two indexes (by
 * lookup value and by user) consistent and makes {@link #getOrInsert} and {@link #insert} atomic.
 *
 * @since 0.1
 */
public final class InMemoryTokenStore implements TokenStore {

    private final Map<String, Token> byLookup = new ConcurrentHashMap<>();
    /** Each user's tokens, most recently used first; replaced whole (copy on write) under the lock. */
    private final Map<String, List<Token>> byUser = new ConcurrentHashMap<>();

    /** Creates an empty store. */
    public InMemoryTokenStore() {
    }

    @Override
    public Optional<Token> findByLookup(String lookup) {
        return Optional.ofNullable(byLookup.get(Objects.requireNonNull(lookup, "lookup")));
    }

    @Override
    public List<Token> findAllOf(String userId) {
        return byUser.getOrDefault(Objects.requireNonNull(userId, "userId"), List.of());
    }

    @Override
    public synchronized Token getOrInsert(Token candidate) {
        List<Token> existing = findAllOf(candidate.userId());
        if (!existing.isEmpty()) {
            return existing.stream().max(Comparator.comparing(Token::created)).orElseThrow();
        }
        requireFreeLookup(candidate);
        put(candidate);
        return candidate;
    }

    @Override
    public synchronized List<Token> insert(Token token, int maxPerUser) {
        if (maxPerUser < 1) {
            throw new IllegalArgumentException("maxPerUser must be at least 1, but was " + maxPerUser);
        }
        requireFreeLookup(token);
        List<Token> mine = findAllOf(token.userId());
        List<Token> evicted = new ArrayList<>();
        for (int i = mine.size() - 1; i >= 0 && mine.size() - evicted.size() >= maxPerUser; i--) {
            evicted.add(mine.get(i));
        }
        for (Token old : evicted) {
            remove(old);
        }
        put(token);
        return evicted;
    }

    @Override
    public synchronized boolean delete(String lookup) {
        Token removed = byLookup.get(Objects.requireNonNull(lookup, "lookup"));
        if (removed == null) {
            return false;
        }
        remove(removed);
        return true;
    }

    @Override
    public synchronized int deleteAllOf(String userId) {
        List<Token> mine = findAllOf(userId);
        for (Token token : mine) {
            remove(token);
        }
        return mine.size();
    }

    @Override
    public synchronized boolean touch(String lookup, Instant lastUsed, Instant expires) {
        Objects.requireNonNull(lastUsed, "lastUsed");
        Token old = byLookup.get(Objects.requireNonNull(lookup, "lookup"));
        if (old == null) {
            return false;
        }
        Token.Builder touched = old.toBuilder().lastUsed(lastUsed);
        if (expires != null) {
            touched.expires(expires);
        }
        remove(old);
        put(touched.build());
        return true;
    }

    private void put(Token token) {
        byLookup.put(token.lookup(), token);
        List<Token> mine = new ArrayList<>(findAllOf(token.userId()));
        mine.add(token);
        mine.sort(MOST_RECENTLY_USED_FIRST);
        byUser.put(token.userId(), List.copyOf(mine));
    }

    private void remove(Token token) {
        byLookup.remove(token.lookup());
        List<Token> mine = new ArrayList<>(findAllOf(token.userId()));
        mine.removeIf(t -> t.lookup().equals(token.lookup()));
        if (mine.isEmpty()) {
            byUser.remove(token.userId());
        } else {
            byUser.put(token.userId(), List.copyOf(mine));
        }
    }

    private void requireFreeLookup(Token token) {
        if (byLookup.containsKey(token.lookup())) {
            throw new TokenStoreException("lookup value " + token.fingerprint() + " already belongs to another token");
        }
    }

    @Override
    public String toString() {
        return "InMemoryTokenStore[" + byLookup.size() + " tokens]";
    }
}
