package org.tokenauth.servlet;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The paths that stay open to anonymous requests when authentication is required, as servlet-style
 * patterns matched against the path inside the application (servlet path plus path info: decoded
 * and normalized by the container, so {@code /static/../admin} is {@code /admin}).
 *
 * <ul>
 *   <li>exact: {@code /accounts/get_auth_token/} matches that path only;
 *   <li>prefix: {@code /static/*} matches {@code /static} and everything under {@code /static/};
 *   <li>extension: {@code *.css} matches any path whose last segment ends in {@code .css};
 *   <li>{@code /} (or the empty string) matches the application's root only, unlike a servlet
 *       mapping, where it would mean "everything"; {@code /*} opens everything.
 * </ul>
 */
final class OpenPaths {

    static final OpenPaths NONE = new OpenPaths(Set.of(), List.of(), Set.of(), List.of());

    private final Set<String> exact;
    private final List<String> prefixes;
    private final Set<String> extensions;
    private final List<String> patterns;

    private OpenPaths(Set<String> exact, List<String> prefixes, Set<String> extensions, List<String> patterns) {
        this.exact = exact;
        this.prefixes = prefixes;
        this.extensions = extensions;
        this.patterns = patterns;
    }

    /**
     * Parses patterns.
     *
     * @throws IllegalArgumentException naming every invalid pattern
     */
    static OpenPaths of(List<String> patterns) {
        Set<String> exact = new HashSet<>();
        List<String> prefixes = new ArrayList<>();
        Set<String> extensions = new HashSet<>();
        List<String> invalid = new ArrayList<>();
        for (String raw : patterns) {
            if (raw == null) {
                throw new NullPointerException("open path pattern");
            }
            String pattern = raw.strip();
            if (pattern.isEmpty() || pattern.equals("/")) {
                exact.add("/");
            } else if (pattern.startsWith("*.") && pattern.length() > 2 && isPlain(pattern.substring(2))
                    && pattern.indexOf('/') < 0) {
                extensions.add(pattern.substring(1));
            } else if (pattern.endsWith("/*") && pattern.startsWith("/") && isPlain(pattern.substring(0, pattern.length() - 2))) {
                prefixes.add(pattern.substring(0, pattern.length() - 2));
            } else if (pattern.startsWith("/") && isPlain(pattern)) {
                exact.add(pattern);
            } else {
                invalid.add("'" + raw + "'");
            }
        }
        if (!invalid.isEmpty()) {
            throw new IllegalArgumentException("not a servlet path pattern (/exact/path, /prefix/*, *.extension): "
                    + String.join(", ", invalid));
        }
        return new OpenPaths(Set.copyOf(exact), List.copyOf(prefixes), Set.copyOf(extensions), List.copyOf(patterns));
    }

    private static boolean isPlain(String s) {
        return s.indexOf('*') < 0 && s.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** @param path the path inside the application, e.g. {@code /accounts/get_auth_token/} */
    boolean matches(String path) {
        String p = path.isEmpty() ? "/" : path;
        if (exact.contains(p)) {
            return true;
        }
        for (String prefix : prefixes) {
            if (prefix.isEmpty() || p.equals(prefix) || p.startsWith(prefix) && p.charAt(prefix.length()) == '/') {
                return true;
            }
        }
        if (!extensions.isEmpty()) {
            int slash = p.lastIndexOf('/');
            int dot = p.lastIndexOf('.');
            return dot > slash && extensions.contains(p.substring(dot));
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(",", patterns);
    }
}
