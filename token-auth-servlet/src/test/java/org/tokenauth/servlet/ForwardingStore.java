package org.tokenauth.servlet;

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
    public Optional<Token> findByKey(String presentedKey) {
        return delegate.findByKey(presentedKey);
    }

    @Override
    public Optional<Token> findByUserId(String userId) {
        return delegate.findByUserId(userId);
    }

    @Override
    public Token getOrCreate(Token candidate) {
        return delegate.getOrCreate(candidate);
    }

    @Override
    public Token replace(Token fresh) {
        return delegate.replace(fresh);
    }

    @Override
    public boolean delete(String key) {
        return delegate.delete(key);
    }

    @Override
    public int deleteAllOf(String userId) {
        return delegate.deleteAllOf(userId);
    }
}
