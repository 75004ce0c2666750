package org.tokenauth.servlet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The rule for a scope, as {@link org.tokenauth.core.Token.Builder#scopes} has it, and init-param lists of scopes. */
final class TokenScopes {

    private TokenScopes() {
    }

    /** @return whether {@code scope} is one word without whitespace or control characters */
    static boolean isValid(String scope) {
        return !scope.isEmpty() && scope.chars().noneMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
    }

    /** @throws IllegalArgumentException naming the first invalid scope */
    static Collection<String> requireValid(Collection<String> scopes) {
        for (String scope : scopes) {
            if (scope == null || !isValid(scope)) {
                throw new IllegalArgumentException("a scope must be one word without whitespace, but was '" + scope + "'");
            }
        }
        return scopes;
    }

    /** Splits an init-param's list on commas and whitespace. */
    static List<String> split(String value) {
        List<String> scopes = new ArrayList<>();
        for (String part : value.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                scopes.add(part);
            }
        }
        return scopes;
    }
}
