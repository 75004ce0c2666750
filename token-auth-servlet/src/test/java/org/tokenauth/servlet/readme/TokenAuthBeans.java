package org.tokenauth.servlet.readme;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tokenauth.core.CredentialsVerifier;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.UserLookup;
import org.tokenauth.servlet.ObtainTokenServlet;
import org.tokenauth.servlet.TokenAuthenticationFilter;

/** Registers token authentication in a Spring Boot application, over the application's own store, users and verifier beans. */
@Configuration(proxyBeanMethods = false)
public class TokenAuthBeans {

    @Bean
    public FilterRegistrationBean<TokenAuthenticationFilter> tokenAuthFilter(TokenStore store, UserLookup users) {
        FilterRegistrationBean<TokenAuthenticationFilter> registration = new FilterRegistrationBean<>(
                TokenAuthenticationFilter.builder(store, users)
                        .requireAuthentication(true)
                        .openPaths("/api-token-auth/")
                        .build());
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    public ServletRegistrationBean<ObtainTokenServlet> obtainTokenServlet(TokenStore store, CredentialsVerifier verifier) {
        ObtainTokenServlet servlet = ObtainTokenServlet.builder(new TokenService(store), verifier).build();
        ServletRegistrationBean<ObtainTokenServlet> registration = new ServletRegistrationBean<>(servlet, "/api-token-auth/");
        registration.setMultipartConfig(servlet.multipartConfig());
        return registration;
    }
}
