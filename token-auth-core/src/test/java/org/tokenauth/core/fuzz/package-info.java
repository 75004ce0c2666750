/**
 * Property-based tests ("fuzzing") of the parsers that see untrusted input, each against an
 * independent reference model, and the small runner they share ({@link org.tokenauth.core.fuzz.Fuzz}).
 */
package org.tokenauth.core.fuzz;
