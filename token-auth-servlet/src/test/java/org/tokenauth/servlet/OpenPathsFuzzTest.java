package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.fuzz.Fuzz;

/**
 * {@link OpenPaths} on generated patterns and paths against the Servlet specification's mapping
 * rules (chapter 12.2), written out here one pattern at a time: an exact path, {@code /prefix/*}
 * ({@code /prefix} itself and anything under {@code /prefix/}), {@code *.ext} (the last segment's
 * extension, after its last dot, is {@code ext}); {@code /} and the empty pattern mean the root
 * only (ours: no "default servlet" meaning).
 */
class OpenPathsFuzzTest {

    private static final String[] SEGMENTS = {"", "a", "b", "static", "a.css", "b.css", "x.tar.gz", ".", "..", "c.", ".css", "*", "a b"};

    static boolean servletSpecMatches(String rawPattern, String path) {
        String pattern = rawPattern.strip();
        String p = path.isEmpty() ? "/" : path;
        if (pattern.isEmpty() || pattern.equals("/")) {
            return p.equals("/");
        }
        if (pattern.startsWith("*.")) {
            String last = p.substring(p.lastIndexOf('/') + 1);
            int dot = last.lastIndexOf('.');
            return dot >= 0 && last.substring(dot + 1).equals(pattern.substring(2));
        }
        if (pattern.endsWith("/*")) {
            String base = pattern.substring(0, pattern.length() - 2);
            return base.isEmpty() || p.equals(base) || p.startsWith(base + "/");
        }
        return p.equals(pattern);
    }

    static boolean isValid(String rawPattern) {
        String pattern = rawPattern.strip();
        if (pattern.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return false;
        }
        if (pattern.isEmpty() || pattern.equals("/")) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            return pattern.length() > 2 && pattern.indexOf('*', 1) < 0 && pattern.indexOf('/') < 0;
        }
        if (pattern.endsWith("/*")) {
            return pattern.startsWith("/") && pattern.indexOf('*') == pattern.length() - 1;
        }
        return pattern.startsWith("/") && pattern.indexOf('*') < 0;
    }

    @Test
    void matchesAsTheServletSpecificationSays() {
        Fuzz.forAll("open paths, patterns and a path", Fuzz.tries() * 4, r -> {
            List<String> patternsAndPath = new ArrayList<>();
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                patternsAndPath.add(pattern(r));
            }
            patternsAndPath.add(path(r));
            return patternsAndPath;
        }, patternsAndPath -> {
            List<String> patterns = patternsAndPath.subList(0, patternsAndPath.size() - 1);
            String path = patternsAndPath.get(patternsAndPath.size() - 1);
            if (!patterns.stream().allMatch(OpenPathsFuzzTest::isValid)) {
                assertThrows(IllegalArgumentException.class, () -> OpenPaths.of(patterns));
                return;
            }
            boolean expected = patterns.stream().anyMatch(pattern -> servletSpecMatches(pattern, path));
            assertEquals(expected, OpenPaths.of(patterns).matches(path));
        });
    }

    private static String pattern(SplittableRandom r) {
        switch (r.nextInt(8)) {
            case 0:
                return "*." + Fuzz.oneOf(r, "css", "gz", "tar.gz", "", "c*", "a/b", "CSS");
            case 1, 2:
                String base = path(r);
                return base.endsWith("/") ? base + "*" : base + "/*";
            case 3:
                return Fuzz.oneOf(r, "/", "", " /static/* ", "/*", "*", "static", "/a*", "/a/\u0001", "/**");
            default:
                return path(r);
        }
    }

    private static String path(SplittableRandom r) {
        StringBuilder p = new StringBuilder();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
            p.append('/').append(Fuzz.oneOf(r, SEGMENTS));
        }
        return p.length() == 0 ? Fuzz.oneOf(r, "", "/") : p.toString();
    }
}
