package org.tokenauth.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.net.URI;

/** A running servlet container, on an ephemeral port of 127.0.0.1, serving one app at {@link #CONTEXT_PATH}. */
interface TestContainer extends AutoCloseable {

    /** Apps are deployed under a context path, so that tests see paths inside the app work. */
    String CONTEXT_PATH = "/app";

    int port();

    /** @return {@code http://127.0.0.1:<port>/app<path>} */
    default URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + CONTEXT_PATH + path);
    }

    /** Stops the container; a failure to stop is an {@link IllegalStateException}. */
    @Override
    void close();

    /** Starts a container whose app is set up in code by {@code app}. */
    @FunctionalInterface
    interface Factory {
        TestContainer start(ServletContainerInitializer app) throws Exception;
    }
}
