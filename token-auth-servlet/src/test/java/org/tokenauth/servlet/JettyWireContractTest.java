package org.tokenauth.servlet;

import jakarta.servlet.ServletContainerInitializer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Wire contract on embedded Jetty 12 (ee11)")
class JettyWireContractTest extends WireContractTest {

    @Override
    TestContainer start(ServletContainerInitializer app) throws Exception {
        return JettyContainer.start(app);
    }

    @Override
    int headerTooLargeStatus() {
        return 431;
    }
}
