package org.tokenauth.servlet.webxml;

import java.util.Optional;
import org.tokenauth.core.CredentialsVerifier;
import org.tokenauth.core.PasswordCredentialsVerifier;
import org.tokenauth.core.UserAccount;
import org.tokenauth.core.UserLookup;

/**
 * The user lookup and credentials verifier named in web.xml by {@code user-lookup-class} and
 * {@code credentials-verifier-class}: one public class with a public no-arg constructor, both roles.
 */
public final class NamedDatabaseUsers implements UserLookup, CredentialsVerifier {

    private final WebXmlAppListener.UserDirectory directory = new WebXmlAppListener.UserDirectory(NamedDatabase.dataSource());
    private final CredentialsVerifier verifier =
            new PasswordCredentialsVerifier(directory::findByUsername, NamedDatabase.HASHER);

    public NamedDatabaseUsers() {
    }

    @Override
    public Optional<UserAccount> findById(String id) {
        return directory.findById(id);
    }

    @Override
    public Optional<UserAccount> verify(String username, String password) {
        return verifier.verify(username, password);
    }
}
