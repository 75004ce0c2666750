package org.tokenauth.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/** Embedded Tomcat 11 (Servlet 6.1), with its base directory under {@code target/}. */
final class TomcatContainer implements TestContainer {

    private final Tomcat tomcat;
    private final Connector connector;

    private TomcatContainer(Tomcat tomcat, Connector connector) {
        this.tomcat = tomcat;
        this.connector = connector;
    }

    static TestContainer start(ServletContainerInitializer app) throws Exception {
        Files.createDirectories(Path.of("target"));
        Path base = Files.createTempDirectory(Path.of("target"), "tomcat-");
        Path docBase = Files.createDirectories(base.resolve("docs"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toAbsolutePath().toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext(CONTEXT_PATH, docBase.toAbsolutePath().toString());
        context.addServletContainerInitializer(app, null);
        tomcat.start();
        return new TomcatContainer(tomcat, connector);
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Tomcat " + org.apache.catalina.util.ServerInfo.getServerNumber() + " " + new File(tomcat.getServer().getCatalinaBase().getPath()).getName();
    }
}
