/**
 * Users and the account endpoints: the {@link org.tokenauth.example.accounts.User} entity (a
 * {@code TokenOwner}, so creating one issues its token), the
 * {@link org.tokenauth.example.accounts.UserDirectory} the library asks about users, registration,
 * server-side logout, and the staff-only endpoint that deactivates users ({@link
 * org.tokenauth.example.accounts.StaffOnly} guards the staff-only endpoints).
 */
package org.tokenauth.example.accounts;
