package org.tokenauth.servlet.webxml;

import java.util.Optional;
import org.tokenauth.core.Token;
import org.tokenauth.core.TokenStore;
import org.tokenauth.servlet.readme.UsersTableTokenStore;

/** A store named in web.xml by {@code token-store-class}: public, with a public no-arg constructor. */
public final class NamedDatabaseTokenStore implements TokenStore {

    private final TokenStore delegate = new UsersTableTokenStore(NamedDatabase.dataSource());

    public NamedDatabaseTokenStore() {
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
