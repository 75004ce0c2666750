package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.DisplayName;

@DisplayName("the WAR on Tomcat 11")
class WarOnTomcatIT extends WarDeploymentContract {

    private Tomcat tomcat;

    @Override
    int deploy() throws Exception {
        Path base = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "tomcat-").toAbsolutePath();
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        tomcat.getHost().setAppBase(Files.createDirectories(base.resolve("webapps")).toString());
        // Tomcat's own defaults would add a JSP servlet, which tomcat-embed-core lacks; the default servlet is enough.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp(CONTEXT, war.toAbsolutePath().toString());
        Tomcat.addServlet(context, "default", new DefaultServlet()).addMapping("/");
        Tomcat.addDefaultMimeTypeMappings(context);
        tomcat.start();
        assertThat(context.getState()).isEqualTo(LifecycleState.STARTED);
        return connector.getLocalPort();
    }

    @Override
    void undeploy() throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
