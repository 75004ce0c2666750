package org.tokenauth.benchmarks.compare;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionAuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.DefaultSecurityFilterChain;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.servletapi.SecurityContextHolderAwareRequestFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * The peer: Spring Security 7's resource-server bearer authentication over the same keys, held in a
 * map by an {@link OpaqueTokenIntrospector} (no introspection endpoint, so no HTTP call), wired
 * without Spring Boot as the smallest chain that does what the library's filter does:
 * {@link FilterChainProxy} (its firewall, and the security context cleared after each request) →
 * {@link BearerTokenAuthenticationFilter} ({@code Authorization: Bearer <key>}; an unknown key gets
 * 401 with {@code WWW-Authenticate: Bearer error="invalid_token"}) →
 * {@link SecurityContextHolderAwareRequestFilter} (so {@code getUserPrincipal()} names the user).
 * A Spring Boot application's default chain has a dozen more filters (headers, CSRF, logout,
 * anonymous, exception translation, authorization); they are left out here on purpose.
 */
final class SpringBearer {

    private SpringBearer() {
    }

    static CompareServer.Mode mode(int keys) throws Exception {
        Map<String, OAuth2AuthenticatedPrincipal> principals = new HashMap<>();
        List<GrantedAuthority> none = List.of();
        for (int i = 1; i <= keys; i++) {
            String name = CompareServer.user(i).username();
            principals.put(CompareServer.drfKey(i),
                    new OAuth2IntrospectionAuthenticatedPrincipal(name, Map.of("sub", name, "active", true), none));
        }
        OpaqueTokenIntrospector introspector = token -> {
            OAuth2AuthenticatedPrincipal principal = principals.get(token);
            if (principal == null) {
                throw new BadOpaqueTokenException("Provided token isn't active");
            }
            return principal;
        };
        BearerTokenAuthenticationFilter bearer =
                new BearerTokenAuthenticationFilter(new ProviderManager(new OpaqueTokenAuthenticationProvider(introspector)));
        bearer.afterPropertiesSet();
        SecurityContextHolderAwareRequestFilter servletApi = new SecurityContextHolderAwareRequestFilter();
        servletApi.afterPropertiesSet();
        FilterChainProxy proxy = new FilterChainProxy(new DefaultSecurityFilterChain(AnyRequestMatcher.INSTANCE, bearer, servletApi));
        proxy.afterPropertiesSet();
        return new CompareServer.Mode(proxy, "Bearer", CompareServer::drfKey, CompareServer.UNKNOWN_DRF_KEY, null);
    }
}
