package org.tokenauth.servlet;

import jakarta.servlet.ServletContainerInitializer;

/**
 * A framework's servlet behind the filter on Jetty, as an application sets them up: the filter on
 * {@code /*} with authentication required (except on {@code openPaths}), then the framework; and one
 * user with a token to call it with.
 */
final class BehindTheFilter implements AutoCloseable {

    final WireApp app = new WireApp();
    final String username;
    final String key;
    final TestContainer jetty;

    BehindTheFilter(String usernamePrefix, ServletContainerInitializer framework, String... openPaths) throws Exception {
        username = WireApp.uniqueName(usernamePrefix);
        key = app.tokens.issueFor(app.newUser(username)).key();
        try {
            jetty = JettyContainer.start((classes, ctx) -> {
                ctx.addFilter("tokenAuth", TokenAuthenticationFilter.builder(app.store, app.users)
                                .requireAuthentication(true)
                                .openPaths(openPaths)
                                .build())
                        .addMappingForUrlPatterns(null, false, "/*");
                framework.onStartup(classes, ctx);
            });
        } catch (Exception | Error e) {
            app.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            jetty.close();
        } finally {
            app.close();
        }
    }
}
