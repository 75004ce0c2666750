package org.tokenauth.servlet;

import jakarta.servlet.ServletContainerInitializer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Connections after every answer, on embedded Jetty 12 (ee11)")
class JettyKeepAliveTest extends KeepAliveContractTest {

    @Override
    TestContainer start(ServletContainerInitializer app) throws Exception {
        return JettyContainer.start(app);
    }
}
