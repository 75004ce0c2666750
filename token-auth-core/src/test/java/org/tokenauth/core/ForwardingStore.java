package org.tokenauth.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A store that forwards every call to another: the base of test stores that differ from theirs in
 * one or two methods (a shape, a counter, a way of being made).
 *
 * @since 0.1
 */
public abstract class ForwardingStore implements TokenStore {

    private final TokenStore delegate;

    /** @param delegate the store every call goes to */
    protected ForwardingStore(TokenStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<Token> findByLookup(String lookup) {
        return delegate.findByLookup(lookup);
    }

    @Override
    public Optional<Token> findByAnyLookup(List<String> lookups) {
        return delegate.findByAnyLookup(lookups);
    }

    @Override
    public List<Token> findAllOf(String userId) {
        return delegate.findAllOf(userId);
    }

    @Override
    public Token getOrInsert(Token candidate) {
        return delegate.getOrInsert(candidate);
    }

    @Override
    public List<Token> insert(Token token, int maxPerUser) {
        return delegate.insert(token, maxPerUser);
    }

    @Override
    public boolean delete(String lookup) {
        return delegate.delete(lookup);
    }

    @Override
    public int deleteAllOf(String userId) {
        return delegate.deleteAllOf(userId);
    }

    @Override
    public boolean touch(String lookup, Instant lastUsed, Instant expires) {
        return delegate.touch(lookup, lastUsed, expires);
    }

    @Override
    public int maxTokensPerUser() {
        return delegate.maxTokensPerUser();
    }

    @Override
    public boolean keepsDetails() {
        return delegate.keepsDetails();
    }
}
