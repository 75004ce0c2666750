package org.tokenauth.servlet.internal;

/**
 * Django REST Framework's content negotiation for a view that renders JSON only: an
 * {@code Accept} header none of whose media ranges matches {@code application/json} (wildcards
 * included, quality ignored, as DRF ignores it) gets 406.
 */
public final class Accept {

    private Accept() {
    }

    /**
     * {@return whether a JSON answer satisfies the header}
     *
     * @param header the {@code Accept} header, {@code null} when absent (DRF: {@code *}/{@code *})
     */
    public static boolean allowsJson(String header) {
        if (header == null) {
            return true;
        }
        for (String range : header.split(",", -1)) {
            if (MediaType.parse(range).isMatchedBy(MediaType.JSON)) {
                return true;
            }
        }
        return false;
    }
}
