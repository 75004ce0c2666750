package org.tokenauth.servlet;

import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee11, Servlet 6.1). */
final class JettyContainer implements TestContainer {

    private final Server server;
    private final ServerConnector connector;

    private JettyContainer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    static TestContainer start(ServletContainerInitializer app) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(CONTEXT_PATH);
        context.addServletContainerInitializer(app);
        server.setHandler(context);
        server.setStopTimeout(0);
        server.start();
        return new JettyContainer(server, connector);
    }

    /** Starts an app set up by a {@link java.util.EventListener}, as an embedded application adds its listener. */
    static TestContainer startWithListener(java.util.EventListener listener) throws Exception {
        Server server = new Server();
        ServletContextHandler context = new ServletContextHandler(CONTEXT_PATH);
        context.addEventListener(listener);
        server.setHandler(context);
        return start(server);
    }

    /** Starts a prepared server (e.g. with a WebAppContext). */
    static TestContainer start(Server server) throws Exception {
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setStopTimeout(0);
        server.start();
        return new JettyContainer(server, connector);
    }

    /**
     * Starts a server that must fail to start, stops what did start, and returns the messages of
     * the failure, its causes and what they suppressed, one a line.
     */
    static String failedStart(Server server) {
        Exception failure = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> start(server));
        try {
            server.stop();
        } catch (Exception e) {
            // already failed
        }
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
            for (Throwable suppressed : t.getSuppressed()) {
                messages.append(suppressed.getMessage()).append('\n');
            }
        }
        return messages.toString();
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Jetty " + Server.getVersion();
    }
}
