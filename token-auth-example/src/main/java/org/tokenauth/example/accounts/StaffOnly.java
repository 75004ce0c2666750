package org.tokenauth.example.accounts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.function.Predicate;
import org.tokenauth.core.UserAccount;
import org.tokenauth.example.web.ApiError;

/**
 * The check in front of the staff-only endpoints, as DRF's {@code IsAdminUser} answers: no
 * authenticated caller is 401 with {@code WWW-Authenticate: Token}, a caller who is not active
 * staff 403.
 *
 * @since 0.1
 */
public final class StaffOnly {

    private StaffOnly() {
    }

    /**
     * Returns the caller if they are active staff.
     *
     * @param request       the request, authenticated by the token filter
     * @param response      where the {@code WWW-Authenticate} header goes for a 401
     * @param isActiveStaff whether the user of this id is active staff, asked now (not cached)
     * @return the caller
     * @throws ApiError 401 or 403, to be {@linkplain ApiError#send sent}
     */
    public static UserAccount caller(HttpServletRequest request, HttpServletResponse response,
            Predicate<String> isActiveStaff) {
        Principal principal = request.getUserPrincipal();
        if (!(principal instanceof UserAccount caller)) {
            response.setHeader("WWW-Authenticate", "Token");
            throw ApiError.detail(HttpServletResponse.SC_UNAUTHORIZED, "Authentication credentials were not provided.");
        }
        if (!isActiveStaff.test(caller.id())) {
            throw ApiError.detail(HttpServletResponse.SC_FORBIDDEN, "You do not have permission to perform this action.");
        }
        return caller;
    }
}
