package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the WAR on Jetty 12 (EE 11 webapp deployer)")
class WarOnJettyIT extends WarDeploymentContract {

    private Server server;

    @Override
    int deploy() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebAppContext webapp = new WebAppContext(war.toAbsolutePath().toString(), CONTEXT);
        webapp.setTempDirectory(Files.createTempDirectory(Files.createDirectories(Path.of("target")), "jetty-").toFile());
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        server.start();
        assertThat(webapp.isAvailable()).isTrue();
        return connector.getLocalPort();
    }

    @Override
    void undeploy() throws Exception {
        if (server != null) {
            server.stop();
        }
    }
}
