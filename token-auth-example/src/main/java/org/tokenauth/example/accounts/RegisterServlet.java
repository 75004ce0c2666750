package org.tokenauth.example.accounts;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tokenauth.core.TokenService;
import org.tokenauth.core.TokenStoreException;
import org.tokenauth.core.UserAccount;
import org.tokenauth.example.web.ApiError;
import org.tokenauth.example.web.Fields;
import org.tokenauth.example.web.Json;
import org.tokenauth.example.web.RequestData;

/**
 * {@code POST /accounts/register/} with {@code username} and {@code password} creates an active
 * user and answers 201 {@code {"username": …, "token": …}}.
 *
 * <p>In DRF mode this code creates the user and nothing else: the token is made by the
 * user-created hook installed on the entity manager factory
 * ({@link org.tokenauth.core.jpa.IssueTokenOnCreate}), which runs when the user's insert commits;
 * {@link TokenService#issueFor} then hands out that same token, as a login would. In hashed mode,
 * where a key is shown only to whoever issues it, that call issues the user's first token.
 *
 * <p>Errors are DRF's: {@code {"username": ["A user with that username already exists."]}},
 * Django's username and password validator messages, and the usual required/blank/null ones.
 *
 * @since 0.1
 */
public final class RegisterServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final String ALLOW = "POST, OPTIONS";

    /** Django's {@code UnicodeUsernameValidator}. */
    private static final Pattern USERNAME = Pattern.compile("[\\w.@+-]+", Pattern.UNICODE_CHARACTER_CLASS);

    /** No realistic password is longer; hashing megabytes would only burn CPU. */
    private static final int MAX_PASSWORD_LENGTH = 4096;

    private final transient UserDirectory users;
    private final transient TokenService tokens;

    /**
     * @param users  creates the user
     * @param tokens issues the new user's token (in DRF mode: hands out the one the hook made)
     */
    public RegisterServlet(UserDirectory users, TokenService tokens) {
        this.users = Objects.requireNonNull(users, "users");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (method.equals("OPTIONS")) {
            response.setHeader("Allow", ALLOW);
            Json.noBody(request, response, HttpServletResponse.SC_OK);
            return;
        }
        if (!method.equals("POST")) {
            Json.methodNotAllowed(request, response, method, ALLOW);
            return;
        }
        try {
            register(request, response);
        } catch (ApiError e) {
            e.send(request, response);
        }
    }

    private void register(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Fields fields = new Fields(RequestData.read(request));
        // Django's AbstractBaseUser.normalize_username: NFKC, so a fullwidth or ligature twin of
        // an existing name ("ａｄｍｉｎ") is that name, and taken.
        Optional<String> username = fields.text("username", true, User.MAX_USERNAME_LENGTH, true)
                .map(name -> Normalizer.normalize(name, Normalizer.Form.NFKC));
        Optional<String> password = fields.text("password", true, MAX_PASSWORD_LENGTH, false);
        if (username.isPresent() && !USERNAME.matcher(username.get()).matches()) {
            fields.error("username",
                    "Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.");
        }
        if (username.isPresent() && password.isPresent()) {
            PasswordRules.problems(password.get(), username.get()).forEach(p -> fields.error("password", p));
        }
        fields.throwIfInvalid();

        UserAccount user;
        try {
            user = users.create(username.orElseThrow(), password.orElseThrow(), false);
        } catch (UsernameTakenException e) {
            throw ApiError.validation(Json.fieldError("username", "A user with that username already exists."));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", user.username());
        body.put("token", tokenFor(user));
        response.setHeader("Cache-Control", "no-store");
        Json.write(request, response, HttpServletResponse.SC_CREATED, body);
    }

    /** Null only if the store failed right after the user's commit: the first login then makes the token. */
    private String tokenFor(UserAccount user) {
        try {
            return tokens.issueFor(user.id(), "registration").key();
        } catch (TokenStoreException e) {
            log("registered user " + user.id() + " without a token: the token store failed", e);
            return null;
        }
    }
}
