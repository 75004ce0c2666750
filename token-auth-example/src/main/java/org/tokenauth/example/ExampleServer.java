package org.tokenauth.example;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.ee11.servlet.ErrorHandler;
import org.eclipse.jetty.ee11.servlet.DefaultServlet;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * The example on an embedded Jetty 12 (Jakarta EE 11): the same {@link PollsWebApp} listener the
 * WAR declares, the pages from this jar's {@code META-INF/resources/}, and Jetty's default servlet
 * to serve them.
 *
 * <pre>{@code
 * try (ExampleServer server = ExampleServer.start(ExampleSettings.defaults().withPort(0))) {
 *     URI polls = server.uri().resolve("polls/");
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class ExampleServer implements AutoCloseable {

    /** A file only this application has, to find its own {@code META-INF/resources/} on the class path. */
    private static final String MARKER = "META-INF/resources/polls/index.html";

    private final Server server;
    private final URI uri;
    private final DemoLogin demoLogin;
    private final ExampleSettings settings;

    private ExampleServer(Server server, URI uri, DemoLogin demoLogin, ExampleSettings settings) {
        this.server = server;
        this.uri = uri;
        this.demoLogin = demoLogin;
        this.settings = settings;
    }

    /**
     * Starts the server: opens the database, installs the demo data, listens.
     *
     * @param settings the settings; port 0 picks a free port
     * @return the running server
     * @throws Exception if it cannot start: the port is taken, the database is unreachable…
     */
    public static ExampleServer start(ExampleSettings settings) throws Exception {
        return start(settings, Limits.DEFAULTS);
    }

    /** Starts the server with other limits than the defaults: tests shorten them. */
    static ExampleServer start(ExampleSettings settings, Limits limits) throws Exception {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(limits, "limits");
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        // Jetty caches repeated header lines per connection and, by default, matches their values
        // ignoring case: a key differing from an earlier one on the connection only in case would
        // reach the filter as that earlier key. Keys are case-sensitive (docs/WIRE-CONTRACT.md).
        http.setHeaderCacheCaseSensitive(true);
        // Say "Jetty", not which Jetty: a version tells an attacker which advisories apply.
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        // A connection silent this long is closed (Jetty's default is 30 s).
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        // At most this many connections: beyond it Jetty stops accepting, and closes idle ones sooner.
        NetworkConnectionLimit limit = new NetworkConnectionLimit(limits.maxConnections(), connector);
        limit.setEndPointIdleTimeout(limits.limitedIdleTimeout().toMillis());
        server.addBean(limit);
        // A head trickled in a byte at a time is never idle: bound its whole arrival (Bodies below does the body's).
        connector.addEventListener(new ReceiveTimeout.Heads(limits.receiveTimeout(), connector.getScheduler()));

        server.setErrorHandler(quietServerErrors());

        ServletContextHandler context = new ServletContextHandler("/");
        context.setErrorHandler(quietContextErrors());
        context.setBaseResource(ResourceFactory.of(context).newResource(webRoot()));
        context.setWelcomeFiles(new String[] {"index.html"});
        ServletHolder files = new ServletHolder("default", DefaultServlet.class);
        files.setInitParameter("dirAllowed", "false");
        context.addServlet(files, "/");
        PollsWebApp app = new PollsWebApp(settings);
        context.addEventListener(app);
        // A body trickled in (one byte every few seconds) is refused once it falls below this rate,
        // instead of holding a request thread for as long as the client likes; and however fast
        // it comes, it has until the receive timeout to arrive in full.
        server.setHandler(new ReceiveTimeout.Bodies(
                new MinimumDataRateHandler(context, limits.minRequestDataRate(), 0), limits.receiveTimeout()));

        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        if (!context.isAvailable()) {
            server.stop();
            throw new IllegalStateException("the application did not start; see the log above");
        }
        String host = switch (settings.host()) {
            case "0.0.0.0" -> "127.0.0.1"; // listening everywhere; this URL works from this machine
            case "::", "[::]" -> "[::1]";
            default -> settings.host().contains(":") && !settings.host().startsWith("[")
                    ? "[" + settings.host() + "]" : settings.host();
        };
        URI uri = new URI("http://" + host + ":" + connector.getLocalPort() + "/");
        return new ExampleServer(server, uri, app.demoLogin().orElseThrow(), settings);
    }

    /** @return the application's root URL, e.g. {@code http://127.0.0.1:8000/} */
    public URI uri() {
        return uri;
    }

    /** @return the demo login of this run */
    public DemoLogin demoLogin() {
        return demoLogin;
    }

    /** @return the settings it runs with */
    public ExampleSettings settings() {
        return settings;
    }

    /**
     * Waits until the server stops.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Stops the server and closes the database.
     *
     * @throws IllegalStateException if Jetty fails to stop
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("the server did not stop cleanly", e);
        }
    }

    /**
     * Jetty's own error pages (a request refused before it reaches the application: a bad URI, a
     * header too large) with the status and its reason phrase only: no exception text, no cause,
     * no stack trace, whatever the failure. The application's failures never get here: its
     * {@code ServerErrorFilter} answers them in JSON.
     */
    static org.eclipse.jetty.server.handler.ErrorHandler quietServerErrors() {
        org.eclipse.jetty.server.handler.ErrorHandler handler = new org.eclipse.jetty.server.handler.ErrorHandler() {
            @Override
            protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                    String contentType, List<Charset> charsets, int code, String message, Throwable cause)
                    throws IOException {
                return super.generateAcceptableResponse(request, response, callback, contentType, charsets, code,
                        HttpStatus.getMessage(code), null);
            }
        };
        quiet(handler);
        return handler;
    }

    /** The same, for errors inside the servlet context (Jetty's ee11 handler). */
    static ErrorHandler quietContextErrors() {
        ErrorHandler handler = new ErrorHandler() {
            @Override
            protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                    String contentType, List<Charset> charsets, int code, String message, Throwable cause)
                    throws IOException {
                return super.generateAcceptableResponse(request, response, callback, contentType, charsets, code,
                        HttpStatus.getMessage(code), null);
            }
        };
        quiet(handler);
        return handler;
    }

    private static void quiet(org.eclipse.jetty.server.handler.ErrorHandler handler) {
        handler.setShowStacks(false);
        handler.setShowCauses(false);
        handler.setShowMessageInTitle(false);
        handler.setShowOrigin(false);
    }

    /**
     * What one client can hold of the server.
     *
     * @param minRequestDataRate the slowest request body accepted, in bytes per second, averaged
     *                           from the start of the request; 0 for no minimum
     * @param idleTimeout        how long a connection may stay silent, in the middle of a request
     *                           or between requests
     * @param maxConnections     the most connections open at once
     * @param limitedIdleTimeout the idle timeout while {@code maxConnections} are open
     * @param receiveTimeout     the longest a request may take to arrive, head and body
     */
    record Limits(long minRequestDataRate, Duration idleTimeout, int maxConnections, Duration limitedIdleTimeout,
            Duration receiveTimeout) {

        /**
         * The server's: 512 B/s, 10 s idle, 1,000 connections (2 s idle while full), 30 s to
         * arrive, which the largest body the example takes (64 KiB) needs only 2.2 KB/s for.
         */
        static final Limits DEFAULTS = new Limits(512, Duration.ofSeconds(10), 1_000, Duration.ofSeconds(2),
                Duration.ofSeconds(30));

        Limits {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            Objects.requireNonNull(limitedIdleTimeout, "limitedIdleTimeout");
            ReceiveTimeout.requireTimeout(receiveTimeout);
        }
    }

    private static URI webRoot() throws URISyntaxException {
        URL marker = ExampleServer.class.getClassLoader().getResource(MARKER);
        if (marker == null) {
            throw new IllegalStateException(MARKER + " is missing from the class path");
        }
        String url = marker.toString();
        return new URI(url.substring(0, url.length() - "polls/index.html".length()));
    }
}
