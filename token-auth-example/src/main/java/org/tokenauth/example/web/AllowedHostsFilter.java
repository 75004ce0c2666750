package org.tokenauth.example.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.tokenauth.servlet.KeepAlive;

/**
 * Django's {@code ALLOWED_HOSTS}: a request addressed to a host not in the list (its {@code Host}
 * header, port aside) is answered with Django's {@code 400 Bad Request (400)} page before anything
 * else sees it, so that no URL or {@code Location} the application builds names an attacker's
 * host, and a page loaded from an attacker's name that resolves to this server (DNS rebinding)
 * cannot call it. Entries are a host name or address, {@code .example.com} for that domain and its
 * subdomains, or {@code *} for any host.
 *
 * @since 0.1
 */
public final class AllowedHostsFilter implements Filter {

    /** Django's {@code bad_request} page, byte for byte in content. */
    static final byte[] BAD_REQUEST = ("<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Bad Request (400)</title>\n"
            + "</head>\n<body>\n  <h1>Bad Request (400)</h1><p></p>\n</body>\n</html>\n").getBytes(StandardCharsets.UTF_8);

    private final List<String> allowed;

    /**
     * @param allowed the allowed hosts, lower-cased, IPv6 addresses in brackets
     */
    public AllowedHostsFilter(List<String> allowed) {
        this.allowed = List.copyOf(Objects.requireNonNull(allowed, "allowed"));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer
                && !isAllowed(http.getHeader("Host"))) {
            KeepAlive.settleBody(http, answer);
            answer.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            answer.setContentType("text/html; charset=utf-8");
            answer.setContentLength(BAD_REQUEST.length);
            answer.getOutputStream().write(BAD_REQUEST);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Django's {@code validate_host} on the {@code Host} header (which HTTP/1.1 requires, and the container checked). */
    boolean isAllowed(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        String host = hostOnly(hostHeader.strip().toLowerCase(Locale.ROOT));
        if (host.isEmpty()) {
            return false;
        }
        for (String pattern : allowed) {
            if (pattern.equals("*") || pattern.equals(host)
                    || (pattern.startsWith(".") && (host.endsWith(pattern) || host.equals(pattern.substring(1))))) {
                return true;
            }
        }
        return false;
    }

    /** The host without its port and trailing dot; empty if it is not a plausible host. */
    private static String hostOnly(String value) {
        String host;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0 || (end + 1 < value.length() && value.charAt(end + 1) != ':')) {
                return "";
            }
            host = value.substring(0, end + 1);
        } else {
            int colon = value.indexOf(':');
            host = colon < 0 ? value : value.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_'
                    || c == '[' || c == ']' || c == ':')) {
                return "";
            }
        }
        return host;
    }
}
