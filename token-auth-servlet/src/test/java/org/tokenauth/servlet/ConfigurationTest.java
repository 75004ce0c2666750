package org.tokenauth.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tokenauth.core.ForwardingStore;
import org.tokenauth.core.CredentialsVerifier;
import org.tokenauth.core.InMemoryTokenStore;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStore;
import org.tokenauth.core.UserLookup;

/** Init-params and builder arguments: every mistake fails at init, naming each bad parameter. */
class ConfigurationTest {

    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private ServletContext context;

    @BeforeEach
    void setUp() {
        context = mock(ServletContext.class);
        when(context.getAttribute(org.mockito.ArgumentMatchers.anyString()))
                .thenAnswer(call -> attributes.get(call.<String>getArgument(0)));
        org.mockito.Mockito.doAnswer(call -> attributes.put(call.getArgument(0), call.getArgument(1)))
                .when(context).setAttribute(org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.any());
    }

    private FilterConfig filterConfig(Map<String, String> params) {
        FilterConfig config = mock(FilterConfig.class);
        when(config.getFilterName()).thenReturn("tokenAuth");
        when(config.getServletContext()).thenReturn(context);
        when(config.getInitParameterNames()).thenAnswer(call -> Collections.enumeration(params.keySet()));
        when(config.getInitParameter(org.mockito.ArgumentMatchers.anyString()))
                .thenAnswer(call -> params.get(call.<String>getArgument(0)));
        return config;
    }

    private ServletConfig servletConfig(Map<String, String> params) {
        ServletConfig config = mock(ServletConfig.class);
        when(config.getServletName()).thenReturn("obtainToken");
        when(config.getServletContext()).thenReturn(context);
        when(config.getInitParameterNames()).thenAnswer(call -> Collections.enumeration(params.keySet()));
        when(config.getInitParameter(org.mockito.ArgumentMatchers.anyString()))
                .thenAnswer(call -> params.get(call.<String>getArgument(0)));
        return config;
    }

    private void registerCollaborators() {
        UserLookup users = id -> Optional.empty();
        CredentialsVerifier verifier = (u, p) -> Optional.empty();
        TokenAuthContext.register(context, new InMemoryTokenStore(), users, verifier);
    }

    private String filterInitFailure(Map<String, String> params) {
        ServletException e = assertThrows(ServletException.class, () -> new TokenAuthenticationFilter().init(filterConfig(params)));
        return e.getMessage();
    }

    @Test
    void initWhenAttributesSetAndNoParamsThenDefaults() throws ServletException {
        registerCollaborators();
        TokenAuthenticationFilter filter = new TokenAuthenticationFilter();
        filter.init(filterConfig(Map.of()));
        assertEquals("TokenAuthenticationFilter[keyword=Token, requireAuthentication=false, openPaths=]", filter.toString());
    }

    @Test
    void initWhenValuesValidThenApplied() throws ServletException {
        registerCollaborators();
        TokenAuthenticationFilter filter = new TokenAuthenticationFilter();
        filter.init(filterConfig(Map.of("keyword", " Bearer ", "require-authentication", "TRUE",
                "open-paths", "/login, /static/*,*.css ,")));
        assertEquals("TokenAuthenticationFilter[keyword=Bearer, requireAuthentication=true, openPaths=/login,/static/*,*.css]",
                filter.toString());
    }

    @Test
    void initWhenBadExpiryParamsThenNamesEach() {
        registerCollaborators();
        assertTrue(filterInitFailure(Map.of("report-expired-tokens", "maybe")).contains("'report-expired-tokens'"));
        ServletException e = assertThrows(ServletException.class,
                () -> new ObtainTokenServlet().init(servletConfig(Map.of("include-expiry", "maybe"))));
        assertTrue(e.getMessage().contains("'include-expiry'"), e.getMessage());
    }

    @Test
    void tokenServiceWhenRegisteredThenWebXmlComponentsUseItUnlessAStoreClassIsNamed() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        TokenService hashed = TokenService.builder(store)
                .keys(org.tokenauth.core.KeyMode.hashed(org.tokenauth.core.ServerSecret.of("k1", new byte[32]))).build();
        TokenAuthContext.register(context, hashed, id -> Optional.empty(), (u, p) -> Optional.empty());

        assertSame(store, context.getAttribute(TokenAuthContext.TOKEN_STORE));
        assertSame(hashed, TokenAuthContext.tokenService(context, store, false));
        assertEquals("KeyMode.drf", TokenAuthContext.tokenService(context, store, true).keys().toString(),
                "a store named by class is DRF mode");
        assertEquals("KeyMode.drf", TokenAuthContext.tokenService(context, new InMemoryTokenStore(), false).keys().toString());
    }

    @Test
    void initWhenBadKeywordThenNamesKeyword() {
        registerCollaborators();
        String message = filterInitFailure(Map.of("keyword", "Tok en"));
        assertEquals("TokenAuthenticationFilter 'tokenAuth' is misconfigured: init-param 'keyword' must be one word of "
                + "printable ASCII (like Token or Bearer), but was 'Tok en'", message);
    }

    @Test
    void initWhenBadBooleanThenNamesRequireAuthentication() {
        registerCollaborators();
        assertTrue(filterInitFailure(Map.of("require-authentication", "yes"))
                .endsWith("init-param 'require-authentication' must be true or false, but was 'yes'"));
    }

    @Test
    void initWhenBadOpenPathThenNamesOpenPathsAndPattern() {
        registerCollaborators();
        String message = filterInitFailure(Map.of("open-paths", "/ok, static/*, /a/*/b"));
        assertTrue(message.contains("init-param 'open-paths' not a servlet path pattern"), message);
        assertTrue(message.contains("'static/*', '/a/*/b'"), message);
    }

    @Test
    void initWhenUnknownClassThenNamesParam() {
        registerCollaborators();
        assertTrue(filterInitFailure(Map.of("token-store-class", "com.example.Missing"))
                .contains("init-param 'token-store-class' names class 'com.example.Missing', which cannot be loaded"));
    }

    @Test
    void initWhenClassOfWrongTypeThenNamesParam() {
        registerCollaborators();
        assertTrue(filterInitFailure(Map.of("user-lookup-class", "java.util.ArrayList"))
                .contains("init-param 'user-lookup-class' names class 'java.util.ArrayList', which does not implement "
                        + "org.tokenauth.core.UserLookup"));
    }

    /** A store without a no-arg constructor. */
    public static final class StoreWithArguments extends ForwardingStore {
        public StoreWithArguments(String unused) {
            super(new InMemoryTokenStore());
        }
    }

    @Test
    void initWhenClassHasNoNoArgConstructorOrItFailsThenNamesParam() {
        registerCollaborators();
        assertTrue(filterInitFailure(Map.of("token-store-class", FailingStore.class.getName()))
                .contains("init-param 'token-store-class' names class '" + FailingStore.class.getName()
                        + "', whose constructor failed: java.lang.IllegalStateException: no database"));
        assertTrue(filterInitFailure(Map.of("token-store-class", StoreWithArguments.class.getName()))
                .contains("which has no public no-arg constructor"));
    }

    /** A store whose constructor fails, as one whose database is missing would. */
    public static final class FailingStore extends ForwardingStore {
        public FailingStore() {
            super(fail());
        }

        private static InMemoryTokenStore fail() {
            throw new IllegalStateException("no database");
        }
    }

    @Test
    void initWhenClassNamedThenInstantiated() throws ServletException {
        registerCollaborators();
        attributes.remove(TokenAuthContext.TOKEN_STORE);
        TokenAuthenticationFilter filter = new TokenAuthenticationFilter();
        filter.init(filterConfig(Map.of("token-store-class", InMemoryTokenStore.class.getName())));
        assertTrue(filter.toString().startsWith("TokenAuthenticationFilter[keyword=Token"));
    }

    @Test
    void initWhenNoCollaboratorsThenNamesAttributesAndParams() {
        String message = filterInitFailure(Map.of());
        assertTrue(message.contains("no TokenStore: set the ServletContext attribute 'org.tokenauth.core.TokenStore' "
                + "(TokenAuthContext.register, from a ServletContextListener) or the init-param 'token-store-class'"), message);
        assertTrue(message.contains("no UserLookup: set the ServletContext attribute 'org.tokenauth.core.UserLookup'"), message);
    }

    @Test
    void initWhenAttributeOfWrongTypeThenNamesAttribute() {
        registerCollaborators();
        attributes.put(TokenAuthContext.USER_LOOKUP, "not a lookup");
        assertTrue(filterInitFailure(Map.of()).contains("the ServletContext attribute 'org.tokenauth.core.UserLookup' "
                + "holds a java.lang.String, not a org.tokenauth.core.UserLookup"));
    }

    @Test
    void initWhenSeveralMistakesThenNamesEachOne() {
        String message = filterInitFailure(Map.of("keyword", "", "require-authentication", "1",
                "requireAuthentication", "true", "user-lookup-class", "java.lang.Object"));
        for (String param : new String[] {"'require-authentication'", "unknown init-param 'requireAuthentication'",
            "'user-lookup-class'", "no TokenStore"}) {
            assertTrue(message.contains(param), () -> param + " in " + message);
        }
        assertTrue(!message.contains("'keyword'"), "a blank value is the default: " + message);
    }

    @Test
    void servletInitWhenBadParamsThenNamesEachOne() {
        ServletException e = assertThrows(ServletException.class, () -> new ObtainTokenServlet().init(servletConfig(
                Map.of("max-body-bytes", "64k", "credentials-verifier-class", "java.lang.String", "maxBodyBytes", "1"))));
        String message = e.getMessage();
        for (String expected : new String[] {"ObtainTokenServlet 'obtainToken' is misconfigured",
            "init-param 'max-body-bytes' must be a positive whole number of bytes", "but was '64k'",
            "init-param 'credentials-verifier-class' names class 'java.lang.String', which does not implement "
                    + "org.tokenauth.core.CredentialsVerifier",
            "unknown init-param 'maxBodyBytes'", "no TokenStore"}) {
            assertTrue(message.contains(expected), () -> expected + " in " + message);
        }
        assertTrue(assertThrows(ServletException.class, () -> new ObtainTokenServlet().init(servletConfig(
                Map.of("max-body-bytes", "0")))).getMessage().contains("'max-body-bytes'"));
    }

    @Test
    void servletInitWhenOutageLogIntervalNotPositiveSecondsThenNamed() {
        ServletException e = assertThrows(ServletException.class, () -> new ObtainTokenServlet().init(servletConfig(
                Map.of("outage-log-interval-seconds", "1m"))));
        assertTrue(e.getMessage().contains("init-param 'outage-log-interval-seconds' must be a positive whole number of seconds"),
                e.getMessage());
    }

    @Test
    void servletInitWhenAttributesSetThenConfigured() throws ServletException {
        registerCollaborators();
        ObtainTokenServlet servlet = new ObtainTokenServlet();
        servlet.init(servletConfig(Map.of("max-body-bytes", "1024")));
        assertEquals(1024, servlet.multipartConfig().getMaxRequestSize());
        assertTrue(servlet.toString().contains("maxBodyBytes=1024"));
    }

    @Test
    void buildersWhenArgumentsBadThenFailFast() {
        InMemoryTokenStore store = new InMemoryTokenStore();
        UserLookup users = id -> Optional.empty();
        TokenAuthenticationFilter.Builder builder = TokenAuthenticationFilter.builder(store, users);
        assertThrows(IllegalArgumentException.class, () -> builder.keyword("Two words"));
        assertThrows(IllegalArgumentException.class, () -> builder.keyword(""));
        assertThrows(NullPointerException.class, () -> builder.keyword(null));
        IllegalArgumentException paths = assertThrows(IllegalArgumentException.class, () -> builder.openPaths("/a", "b", "/c*"));
        assertTrue(paths.getMessage().contains("'b'") && paths.getMessage().contains("'/c*'"), paths.getMessage());
        assertThrows(NullPointerException.class, () -> TokenAuthenticationFilter.builder((TokenStore) null, users));
        assertThrows(NullPointerException.class, () -> TokenAuthenticationFilter.builder(store, null));
        ObtainTokenServlet.Builder servlet = ObtainTokenServlet.builder(new TokenService(store), (u, p) -> Optional.empty());
        assertThrows(IllegalArgumentException.class, () -> servlet.maxBodyBytes(0));
        assertThrows(NullPointerException.class, () -> ObtainTokenServlet.builder(null, (u, p) -> Optional.empty()));
    }

    @Test
    void initWhenBuiltInCodeThenInitParamsIgnored() throws ServletException {
        TokenAuthenticationFilter filter = TokenAuthenticationFilter.builder(new InMemoryTokenStore(), id -> Optional.empty())
                .keyword("Bearer").build();
        filter.init(filterConfig(Map.of("keyword", "Token")));
        assertTrue(filter.toString().contains("keyword=Bearer"));
    }

    @Test
    void doFilterWhenWebXmlFilterNotInitializedThenIllegalState() {
        assertThrows(IllegalStateException.class, () -> new TokenAuthenticationFilter().doFilter(
                mock(jakarta.servlet.http.HttpServletRequest.class), mock(jakarta.servlet.http.HttpServletResponse.class),
                (req, res) -> { }));
    }
}
