package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.tokenauth.example.web.ServerErrorFilter;

/**
 * A failure inside the application shows nothing of itself to the client: the example's filter
 * answers DRF's generic 500 JSON, and Jetty's error pages, as {@link ExampleServer} configures
 * them, carry the status and its reason only. Real Jetty, real HTTP.
 */
class ServerErrorPagesTest {

    private static final String SECRET = "SELECT password FROM auth_user WHERE id = 1";

    /** Throws, or sends an error with a message, carrying text a client must never see. */
    static final class FailingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (request.getRequestURI().endsWith("/send")) {
                response.sendError(500, SECRET);
                return;
            }
            throw new IllegalStateException(SECRET);
        }
    }

    private static Server start(boolean quiet, boolean withFilter) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        if (quiet) {
            server.setErrorHandler(ExampleServer.quietServerErrors());
            context.setErrorHandler(ExampleServer.quietContextErrors());
        }
        if (withFilter) {
            context.addFilter(new FilterHolder(new ServerErrorFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(new FailingServlet()), "/*");
        server.setHandler(context);
        server.start();
        return server;
    }

    private static Http http(Server server) {
        return new Http(URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/"));
    }

    @Test
    @DisplayName("an exception in the application is DRF's generic 500 JSON, without its text")
    void filterAnswersJson() throws Exception {
        Server server = start(true, true);
        try {
            Http.Response response = http(server).get("/throw", null);
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"detail\":\"A server error occurred.\"}");
            assertThat(response.header("Content-Type")).hasValue("application/json");
        } finally {
            server.stop();
        }
    }

    @Test
    @DisplayName("Jetty's error pages, as the example configures them, show no exception text, cause or stack trace")
    void jettyPagesAreQuiet() throws Exception {
        Server plain = start(false, false);
        try {
            // The control: Jetty's defaults put the exception's text in the page.
            assertThat(http(plain).get("/throw", null).body()).contains(SECRET);
        } finally {
            plain.stop();
        }
        Server server = start(true, false);
        try {
            for (String path : new String[] {"/throw", "/send"}) {
                Http.Response response = http(server).get(path, null);
                assertThat(response.status()).isEqualTo(500);
                assertThat(response.body()).contains("Server Error")
                        .doesNotContain(SECRET).doesNotContain("IllegalStateException").doesNotContain("\tat ");
            }
        } finally {
            server.stop();
        }
    }
}
