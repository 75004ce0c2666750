package org.tokenauth.servlet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenStore;

/** A store that forwards every call: the base of test stores that differ only in how they are made. */
public abstract class ForwardingStore implements TokenStore {

    private final TokenStore delegate;

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
