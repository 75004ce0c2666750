/**
 * Small helpers shared by the example's servlets: DRF-shaped JSON answers and errors, request
 * bodies read as DRF's parsers read them, DRF's field validation messages, and security headers.
 */
package org.tokenauth.example.web;
