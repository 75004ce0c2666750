package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Deployed as a WAR (the no-argument listener, settings from system properties), the example
 * keeps a generated demo password out of the container's log: it goes to a file only its user can
 * read, and the log names the file. The listener runs in a real Jetty context; only the context's
 * {@code log} is watched.
 */
class WarDemoPasswordTest {

    @Test
    @DisplayName("a generated demo password goes to a 0600 file, never into the container's log")
    void generatedPasswordIsNotLogged() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        PollsWebApp app = new PollsWebApp();
        ServletContextListener watched = new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                app.contextInitialized(new ServletContextEvent(logging(event.getServletContext(), logged)));
            }

            @Override
            public void contextDestroyed(ServletContextEvent event) {
                app.contextDestroyed(new ServletContextEvent(logging(event.getServletContext(), logged)));
            }
        };
        System.setProperty("org.jboss.logging.provider", "slf4j");
        System.setProperty("tokenauth.example.db.url", TestDatabases.freshH2());
        System.setProperty("tokenauth.example.password.iterations", "1000");
        Server server = new Server();
        server.addConnector(new ServerConnector(server));
        ServletContextHandler context = new ServletContextHandler("/");
        context.addEventListener(watched);
        server.setHandler(context);
        Path file;
        try {
            server.start();
            String password = app.demoLogin().orElseThrow().password();
            assertThat(logged).isNotEmpty().noneMatch(line -> line.contains(password));
            Matcher path = Pattern.compile("in (/\\S+) ").matcher(String.join("\n", logged));
            assertThat(path.find()).as(logged.toString()).isTrue();
            file = Path.of(path.group(1));
            assertThat(Files.readString(file).strip()).isEqualTo(password);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        } finally {
            server.stop();
            System.clearProperty("tokenauth.example.db.url");
            System.clearProperty("tokenauth.example.password.iterations");
        }
        assertThat(file).doesNotExist(); // removed when the application stops
    }

    /** The context, with {@code log(String)} also recorded. */
    private static ServletContext logging(ServletContext real, List<String> logged) {
        return (ServletContext) Proxy.newProxyInstance(WarDemoPasswordTest.class.getClassLoader(),
                new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("log") && args != null && args[0] instanceof String line) {
                        logged.add(line);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
