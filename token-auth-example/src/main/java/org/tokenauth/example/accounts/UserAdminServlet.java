package org.tokenauth.example.accounts;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.tokenauth.core.UserAccount;
import org.tokenauth.example.web.ApiError;
import org.tokenauth.example.web.Json;

/**
 * The admin endpoint for users, for staff only (the demo login is staff):
 *
 * <ul>
 *   <li>{@code GET /admin/users/} — every user, with {@code is_active} and {@code is_staff};
 *   <li>{@code POST /admin/users/{username}/deactivate/} — the user can no longer log in, and
 *       their token is refused with "User inactive or deleted." (the token is kept), on this
 *       instance at once: the user cache forgets them (and, with an invalidation bus, every other
 *       instance's does within moments);
 *   <li>{@code POST /admin/users/{username}/activate/} — undoes it.
 * </ul>
 *
 * Non-staff users get DRF's 403 ({@link StaffOnly}); unknown users 404. Staff cannot deactivate
 * themselves, so the demo always keeps one administrator.
 *
 * @since 0.1
 */
public final class UserAdminServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient UserDirectory users;
    private final transient Consumer<String> userChanged;

    /**
     * @param users       the users to administer
     * @param userChanged told the id of each user whose active flag changed, e.g.
     *                    {@code CachingUserLookup::invalidate}, so that the change is seen at once
     */
    public UserAdminServlet(UserDirectory users, Consumer<String> userChanged) {
        this.users = Objects.requireNonNull(users, "users");
        this.userChanged = Objects.requireNonNull(userChanged, "userChanged");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            route(request, response, StaffOnly.caller(request, response, users::isActiveStaff));
        } catch (ApiError e) {
            e.send(request, response);
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response, UserAccount caller) throws IOException {
        String path = Optional.ofNullable(request.getPathInfo()).orElse("/");
        String method = request.getMethod();
        if (path.equals("/")) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                Json.methodNotAllowed(request, response, method, "GET, HEAD, OPTIONS");
                return;
            }
            Json.write(request, response, HttpServletResponse.SC_OK, users.list().stream().map(UserAdminServlet::json).toList());
            return;
        }
        String[] parts = path.substring(1).split("/", -1); // "bob/deactivate/" → [bob, deactivate, ""]
        if (parts.length != 3 || !parts[2].isEmpty() || parts[0].isEmpty()
                || !(parts[1].equals("activate") || parts[1].equals("deactivate"))) {
            throw ApiError.notFound();
        }
        if (!method.equals("POST")) {
            Json.methodNotAllowed(request, response, method, "POST, OPTIONS");
            return;
        }
        String username = parts[0];
        boolean activate = parts[1].equals("activate");
        if (!activate && username.equals(caller.username())) {
            throw ApiError.validation(Json.fieldError("non_field_errors", "You cannot deactivate your own account."));
        }
        UserDirectory.Summary user = users.setActive(username, activate).orElseThrow(ApiError::notFound);
        userChanged.accept(String.valueOf(user.id()));
        Json.write(request, response, HttpServletResponse.SC_OK, json(user));
    }

    private static Map<String, Object> json(UserDirectory.Summary user) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", user.id());
        json.put("username", user.username());
        json.put("is_active", user.active());
        json.put("is_staff", user.staff());
        return json;
    }
}
