package org.tokenauth.servlet;

import jakarta.servlet.ServletContainerInitializer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Wire contract on embedded Tomcat 11")
class TomcatWireContractTest extends WireContractTest {

    @Override
    TestContainer start(ServletContainerInitializer app) throws Exception {
        return TomcatContainer.start(app);
    }

    @Override
    int headerTooLargeStatus() {
        return 400;
    }
}
