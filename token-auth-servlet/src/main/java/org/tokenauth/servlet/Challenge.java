package org.tokenauth.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link TokenAuthenticationFilter} words its refusals: the 401 of missing or bad
 * credentials and the 403 of a token that lacks a {@linkplain ScopeRules required scope}. One
 * choice for the whole filter, of three:
 *
 * <ul>
 *   <li>{@link #drf()}, the default: Django REST Framework's bytes, {@code WWW-Authenticate: Token}
 *       (the keyword) and {@code {"detail":"Invalid token."}}; a 403 has no challenge;
 *   <li>{@link #bearer(String)}: RFC 6750 §3 parameters on the challenge, DRF's JSON body kept:
 *       {@code Bearer realm="api", error="invalid_token", error_description="Invalid token."} (no
 *       error code when no credentials were sent, §3.1), and on a 403
 *       {@code Bearer realm="api", error="insufficient_scope", scope="polls:write"};
 *   <li>{@link #problemDetails()}: an RFC 9457 body, {@code Content-Type: application/problem+json},
 *       {@code {"type":"about:blank","title":"Unauthorized","status":401,"detail":"Invalid token."}},
 *       with DRF's bare {@code WWW-Authenticate}.
 * </ul>
 * The scheme named in the challenge is always the filter's keyword, the word clients must send:
 * pair {@code bearer(…)} with {@code keyword("Bearer")}. In {@code web.xml}: the filter's
 * init-param {@code challenge}, {@code drf}, {@code problem}, {@code bearer} or
 * {@code bearer realm=api}.
 *
 * <p>Immutable; a value-based class.
 *
 * @since 0.1
 */
public final class Challenge {

    /** DRF's 403 message. */
    static final String NO_PERMISSION = "You do not have permission to perform this action.";

    static final String PROBLEM_CONTENT_TYPE = "application/problem+json";

    private static final Challenge DRF = new Challenge(Style.DRF, null);
    private static final Challenge PROBLEM = new Challenge(Style.PROBLEM, null);

    private enum Style { DRF, BEARER, PROBLEM }

    private final Style style;
    private final String realm;

    private Challenge(Style style, String realm) {
        this.style = style;
        this.realm = realm;
    }

    /** {@return Django REST Framework's refusals, byte for byte: the default} */
    public static Challenge drf() {
        return DRF;
    }

    /**
     * Returns RFC 6750 challenges ({@code error="invalid_token"}, {@code error="insufficient_scope"})
     * with DRF's JSON bodies.
     *
     * @param realm the protection space named in every challenge, or {@code null} for none
     * @return the challenge style
     * @throws IllegalArgumentException if {@code realm} holds a quote, a backslash or a control character
     */
    public static Challenge bearer(String realm) {
        if (realm != null && realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException("a realm must be printable ASCII without quotes or backslashes, but was '" + realm + "'");
        }
        return new Challenge(Style.BEARER, realm);
    }

    /** {@return RFC 9457 problem details bodies ({@code application/problem+json}) with DRF's bare challenge} */
    public static Challenge problemDetails() {
        return PROBLEM;
    }

    /**
     * Reads the {@code challenge} init-param: {@code drf}, {@code problem}, {@code bearer} or
     * {@code bearer realm=<realm>} (the realm optionally quoted).
     *
     * @throws IllegalArgumentException with the message for the init-param problem
     */
    static Challenge parse(String value) {
        String v = value.strip();
        if (v.equalsIgnoreCase("drf")) {
            return DRF;
        }
        if (v.equalsIgnoreCase("problem")) {
            return PROBLEM;
        }
        if (v.equalsIgnoreCase("bearer")) {
            return bearer(null);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)bearer\\s+realm\\s*=\\s*\"?([^\"]*)\"?").matcher(v);
        if (m.matches()) {
            try {
                return bearer(m.group(1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be drf, problem, bearer or bearer realm=<realm>: " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException("must be drf, problem, bearer or bearer realm=<realm>, but was '" + value + "'");
    }

    /** Makes the body of a refusal once, for the filter to keep. */
    byte[] body(JsonResponses json, int status, String detail) {
        if (style != Style.PROBLEM) {
            return json.detail(detail);
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status == HttpServletResponse.SC_FORBIDDEN ? "Forbidden" : "Unauthorized");
        problem.put("status", status);
        problem.put("detail", detail);
        return json.json(problem);
    }

    /**
     * Answers 401.
     *
     * @param credentialsSent whether the request sent credentials of this scheme (RFC 6750 §3.1:
     *                        no error code otherwise)
     * @param detail          the message, also the {@code error_description}
     * @param body            {@link #body} of {@code detail}
     */
    void unauthorized(HttpServletRequest request, HttpServletResponse response, String keyword, boolean credentialsSent,
            String detail, byte[] body) throws IOException {
        String header = keyword;
        if (style == Style.BEARER) {
            header = withRealm(keyword);
            if (credentialsSent) {
                header += (realm == null ? " " : ", ") + "error=\"invalid_token\", error_description=\"" + quoted(detail) + "\"";
            }
        }
        response.setHeader("WWW-Authenticate", header);
        send(request, response, HttpServletResponse.SC_UNAUTHORIZED, body);
    }

    /** Answers 403 for a token that lacks {@code scope}. */
    void forbidden(HttpServletRequest request, HttpServletResponse response, String keyword, String scope, byte[] body)
            throws IOException {
        if (style == Style.BEARER) {
            response.setHeader("WWW-Authenticate", withRealm(keyword) + (realm == null ? " " : ", ")
                    + "error=\"insufficient_scope\", scope=\"" + quoted(scope) + "\"");
        }
        send(request, response, HttpServletResponse.SC_FORBIDDEN, body);
    }

    private String withRealm(String keyword) {
        return realm == null ? keyword : keyword + " realm=\"" + realm + "\"";
    }

    private void send(HttpServletRequest request, HttpServletResponse response, int status, byte[] body) throws IOException {
        if (style == Style.PROBLEM) {
            JsonResponses.send(request, response, status, PROBLEM_CONTENT_TYPE, body);
        } else {
            JsonResponses.send(request, response, status, body);
        }
    }

    /** RFC 9110 quoted-string: a backslash before {@code "} and {@code \}. */
    private static String quoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Challenge that && style == that.style && Objects.equals(realm, that.realm);
    }

    @Override
    public int hashCode() {
        return Objects.hash(style, realm);
    }

    @Override
    public String toString() {
        return switch (style) {
            case DRF -> "Challenge[drf]";
            case PROBLEM -> "Challenge[problem+json]";
            case BEARER -> realm == null ? "Challenge[bearer]" : "Challenge[bearer realm=" + realm + "]";
        };
    }
}
