/**
 * Log hygiene for the test suites: {@link org.tokenauth.core.hygiene.KeyLeakGuard} fails a run in
 * which a key issued during it appears in a log record, on standard error, in a failed test's
 * exception or in an error page.
 */
package org.tokenauth.core.hygiene;
