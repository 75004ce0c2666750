package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The filter's open paths: the Servlet specification's URL-pattern rules. */
class OpenPathsTest {

    @Test
    void openPathsWhenPatternsThenServletStyle() {
        OpenPaths open = OpenPaths.of(List.of("/api-token-auth/", "/static/*", "*.css", "/"));
        assertTrue(open.matches("/api-token-auth/"));
        assertFalse(open.matches("/api-token-auth"));
        assertTrue(open.matches("/static"));
        assertTrue(open.matches("/static/a/b.js"));
        assertFalse(open.matches("/staticfoo"));
        assertTrue(open.matches("/x/site.css"));
        assertFalse(open.matches("/x.css/other"));
        assertTrue(open.matches("/"));
        assertTrue(open.matches(""), "the context root");
        assertFalse(open.matches("/anything"), "'/' is the root only, not the default mapping");
        assertTrue(OpenPaths.of(List.of("/*")).matches("/anything"));
        assertFalse(OpenPaths.NONE.matches("/"));
    }
}
