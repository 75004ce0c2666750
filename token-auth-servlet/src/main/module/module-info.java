/**
 * Django REST Framework's token authentication for Jakarta Servlet 6 containers: the filter, the
 * obtain-token servlet, and their {@code web.xml} configuration.
 *
 * <p>Only {@code org.tokenauth.servlet} is exported. {@code org.tokenauth.servlet.internal}
 * (DRF's request parsing) is not API.
 */
module org.tokenauth.servlet {
    requires transitive org.tokenauth.core;
    requires transitive jakarta.servlet;
    requires com.fasterxml.jackson.databind;

    exports org.tokenauth.servlet;
}
