package org.tokenauth.servlet;

import jakarta.servlet.ServletContainerInitializer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Connections after every answer, on embedded Tomcat 11")
class TomcatKeepAliveTest extends KeepAliveContractTest {

    @Override
    TestContainer start(ServletContainerInitializer app) throws Exception {
        return TomcatContainer.start(app);
    }
}
