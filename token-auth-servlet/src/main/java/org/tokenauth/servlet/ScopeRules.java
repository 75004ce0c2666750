package org.tokenauth.servlet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.tokenauth.core.Token;

/**
 * Which scope a request needs, by path and method: a small declarative rule set for a
 * {@link TokenAuthenticationFilter}. A request that a rule matches needs a token holding the rule's
 * scope; every matching rule applies. A token without it is refused 403
 * {@code {"detail":"You do not have permission to perform this action."}} (worded by the filter's
 * {@link Challenge}); an anonymous request, 401 as if authentication were required there.
 *
 * <pre>{@code
 * ScopeRules rules = ScopeRules.builder()
 *         .require("polls:read", "/polls/api/*", "GET")
 *         .require("polls:write", "/polls/api/*", "POST", "PUT", "PATCH", "DELETE")
 *         .build();
 * }</pre>
 *
 * <p>Paths are servlet-style patterns, matched against the path inside the application, as
 * {@linkplain TokenAuthenticationFilter.Builder#openPaths open paths} are: exact
 * ({@code /accounts/tokens/}), prefix ({@code /polls/api/*}) or extension ({@code *.csv}).
 * Methods are compared case-insensitively; none, or {@code *}, means every method; a rule for
 * {@code GET} also covers {@code HEAD}. In {@code web.xml}: the filter's init-param
 * {@code scope-rules}, rules separated by {@code ;}, each {@code METHODS PATTERN SCOPE} with
 * methods separated by commas: {@code GET /polls/api/* polls:read; POST,PUT,DELETE /polls/api/* polls:write}.
 *
 * <p>Scopes are kept by stores that {@linkplain org.tokenauth.core.TokenStore#keepsDetails keep
 * details}; a token from Django REST Framework's table has none, so it fails every rule.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class ScopeRules {

    private static final ScopeRules NONE = new ScopeRules(List.of());

    private final List<Rule> rules;

    private ScopeRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** {@return the empty rule set: no scope is required anywhere (the default)} */
    public static ScopeRules none() {
        return NONE;
    }

    /** {@return a builder of rules} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the {@code scope-rules} init-param.
     *
     * @throws IllegalArgumentException with the message for the init-param problem
     */
    static ScopeRules parse(String text) {
        Builder b = builder();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            String[] words = part.strip().split("\\s+");
            if (words.length != 3) {
                throw new IllegalArgumentException("must be rules 'METHODS PATTERN SCOPE' separated by ';', but has '"
                        + part.strip() + "'");
            }
            b.require(words[2], words[1], words[0].split(","));
        }
        return b.build();
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /** {@return whether a rule applies to this request, so it needs a token} */
    boolean applies(String method, String path) {
        for (Rule rule : rules) {
            if (rule.matches(method, path)) {
                return true;
            }
        }
        return false;
    }

    /** {@return the first scope a matching rule requires and the token lacks, or {@code null}} */
    String missingScope(String method, String path, Token token) {
        for (Rule rule : rules) {
            if (rule.matches(method, path) && !token.scopes().contains(rule.scope)) {
                return rule.scope;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ScopeRules" + rules;
    }

    private record Rule(String scope, OpenPaths paths, String pattern, Set<String> methods) {

        boolean matches(String method, String path) {
            if (!methods.isEmpty()) {
                String m = method.toUpperCase(Locale.ROOT);
                if (!methods.contains(m) && !(m.equals("HEAD") && methods.contains("GET"))) {
                    return false;
                }
            }
            return paths.matches(path);
        }

        @Override
        public String toString() {
            return (methods.isEmpty() ? "*" : String.join(",", methods)) + " " + pattern + " " + scope;
        }
    }

    /**
     * Builds {@link ScopeRules}. Not thread-safe; {@link #build()} can be called again.
     *
     * @since 0.1
     */
    public static final class Builder {

        private final List<Rule> rules = new ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a rule: requests to {@code pathPattern} with one of {@code methods} need a token
         * with {@code scope}.
         *
         * @param scope       the scope required, one word without whitespace
         * @param pathPattern a servlet-style pattern: {@code /exact}, {@code /prefix/*} or {@code *.ext}
         * @param methods     the HTTP methods; none, or {@code *}, for all
         * @return this builder
         * @throws NullPointerException     if an argument is {@code null}
         * @throws IllegalArgumentException if the scope is blank or holds whitespace, or the pattern
         *                                  is not one of the three forms
         */
        public Builder require(String scope, String pathPattern, String... methods) {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(pathPattern, "pathPattern");
            if (scope.isEmpty() || scope.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new IllegalArgumentException("a scope must be one word without whitespace, but was '" + scope + "'");
            }
            Set<String> upper = new TreeSet<>();
            for (String method : Arrays.asList(Objects.requireNonNull(methods, "methods"))) {
                String m = Objects.requireNonNull(method, "method").strip().toUpperCase(Locale.ROOT);
                if (m.equals("*")) {
                    upper.clear();
                    break;
                }
                if (!m.isEmpty()) {
                    upper.add(m);
                }
            }
            rules.add(new Rule(scope, OpenPaths.of(List.of(pathPattern)), pathPattern.strip(), Set.copyOf(upper)));
            return this;
        }

        /** {@return the rules added so far} */
        public ScopeRules build() {
            return rules.isEmpty() ? NONE : new ScopeRules(rules);
        }
    }
}
